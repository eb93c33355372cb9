package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

// newStore opens a fresh store in a temp dir.
func newStore(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(context.Background(), filepath.Join(tb.TempDir(), "data", "archive.db"))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// day parses a YYYY-MM-DD date at hour h UTC.
func day(tb testing.TB, d string, h int) time.Time {
	tb.Helper()
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		tb.Fatal(err)
	}
	return t.Add(time.Duration(h) * time.Hour)
}

// article returns a realistic Vietnamese item for id.
func article(id string, published time.Time, hits ...index.Hit) *index.Item {
	return &index.Item{
		ID:           id,
		URL:          "https://baokontum.example.vn/thoi-su/" + id + ".html",
		CanonicalURL: "https://baokontum.example.vn/thoi-su/" + id + ".html",
		Source:       "bao-kon-tum",
		Origin:       index.OriginDomestic,
		Country:      "VN",
		Title:        "Bộ đội Biên phòng tuần tra cột mốc tại cửa khẩu Bờ Y " + id,
		Summary:      "Đồn Biên phòng Cửa khẩu Quốc tế Bờ Y phối hợp với lực lượng bảo vệ biên giới Lào.",
		Body:         "Sáng nay, tại huyện Ngọc Hồi, Đồn Biên phòng Cửa khẩu Quốc tế Bờ Y đã tổ chức tuần tra song phương, kiểm tra hệ thống mốc quốc giới.",
		Author:       "Nguyễn Văn Hòa",
		PublishedAt:  published,
		FetchedAt:    published.Add(30 * time.Minute),
		Language:     "vi",
		ContentHash:  "hash-" + id,
		Hits:         hits,
		Cluster:      "",
	}
}

func hit(rule, topic string, sev index.Severity) index.Hit {
	return index.Hit{RuleID: rule, RuleVersion: 1, Topic: topic, Severity: sev,
		Matches: []index.Match{{Field: "body", Term: "mốc quốc giới", Start: 120, End: 138}}}
}

func mustSave(tb testing.TB, s *Store, it *index.Item, simhash uint64) {
	tb.Helper()
	if err := s.SaveItem(context.Background(), it, simhash); err != nil {
		tb.Fatalf("SaveItem(%s): %v", it.ID, err)
	}
}

// countRows counts rows of a table matching a condition, read directly.
func countRows(tb testing.TB, s *Store, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := s.rdb.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// auditCount counts audit events with an action.
func auditCount(tb testing.TB, s *Store, action string) int {
	tb.Helper()
	return countRows(tb, s, `SELECT COUNT(*) FROM audit_events WHERE action = ?`, action)
}

var _ = sql.ErrNoRows
