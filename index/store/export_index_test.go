package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ttdn/monitor/index"
)

// The export reads flagged items in a publication range, oldest first, a
// page at a time, and counts them on every page. These tests check that
// migration 00003's index is there and that SQLite plans both of those
// statements, built as ListItems builds them, on it.

func TestExportIndexMigrated(t *testing.T) {
	s := newStore(t)
	n := countRows(t, s, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'items_flagged_published'`)
	if n != 1 {
		t.Fatalf("index items_flagged_published: %d in sqlite_master, want 1", n)
	}
	if v, err := s.SchemaVersion(context.Background()); err != nil || v < 3 {
		t.Errorf("SchemaVersion = %d, %v; want at least 3", v, err)
	}
}

func TestExportQueriesUseFlaggedIndex(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	for i := range 40 {
		it := article(fmt.Sprintf("x%02d", i), day(t, "2026-01-01", i), hit("r1", "border", index.SeverityHigh))
		if i%3 == 0 {
			it.Hits = nil // not flagged
		}
		mustSave(t, s, it, 0)
	}
	flagged := true
	f := index.ItemFilter{Flagged: &flagged, From: day(t, "2026-01-01", 0), To: day(t, "2026-06-30", 0),
		Order: index.OrderOldest, Limit: 10, Offset: 2}
	w := itemWhere(f)
	lim, largs := page(f.Limit, f.Offset)
	statements := map[string]struct {
		sql  string
		args []any
	}{
		"count": {`SELECT COUNT(*) FROM items` + w.sql(), w.args},
		"page":  {`SELECT ` + itemColsLight + ` FROM items` + w.sql() + itemOrder(f.Order) + lim, append(w.args[:len(w.args):len(w.args)], largs...)},
	}
	for name, st := range statements {
		plan := queryPlan(t, s, st.sql, st.args...)
		if !strings.Contains(plan, "items_flagged_published (flagged=? AND published_at>? AND published_at<?)") {
			t.Errorf("%s plan does not search items_flagged_published on flagged and the range:\n%s", name, plan)
		}
		if strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s plan sorts instead of reading the index in order:\n%s", name, plan)
		}
	}

	items, total, err := s.ListItems(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if total != 26 || len(items) != 10 || items[0].ID != "x04" || items[9].ID != "x17" {
		t.Errorf("ListItems = %d items from %v, total %d; want 10 from x04 to x17, total 26", len(items), ids(items), total)
	}
}

// queryPlan is SQLite's EXPLAIN QUERY PLAN for query, one step a line.
func queryPlan(tb testing.TB, s *Store, query string, args ...any) string {
	tb.Helper()
	rows, err := s.rdb.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		tb.Fatalf("explain %s: %v", query, err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			tb.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}
