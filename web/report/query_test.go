package report

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/store"
)

var topics = []string{"border", "human_rights", "religion"}

func TestValidate(t *testing.T) {
	ok := h1Query(FormatCSV)
	tests := []struct {
		name      string
		edit      func(*Query)
		wantField string // "" means valid
		wantText  string
	}{
		{"valid", func(q *Query) {}, "", ""},
		{"from after to", func(q *Query) { q.From, q.To = q.To, q.From }, "from", "start date 2026-06-14 is after end date 2025-12-05"},
		{"same day", func(q *Query) { q.To = q.From }, "", ""},
		{"no from", func(q *Query) { q.From = time.Time{} }, "from", "required"},
		{"no to", func(q *Query) { q.To = time.Time{} }, "to", "required"},
		{"unknown format", func(q *Query) { q.Format = "docx" }, "format", `unknown format "docx"`},
		{"unknown topic", func(q *Query) { q.Topic = "weather" }, "topic", `unknown topic "weather" (want one of border, human_rights, religion)`},
		{"known topic", func(q *Query) { q.Topic = "religion" }, "", ""},
		{"unknown origin", func(q *Query) { q.Origin = "abroad" }, "origin", "domestic or foreign"},
		{"unknown status", func(q *Query) { q.Status = "done" }, "status", `unknown status "done"`},
		{"bad task", func(q *Query) { q.Task = "II.6.3; DROP" }, "task", "not a plan task code"},
		{"unknown lang", func(q *Query) { q.Lang = "fr" }, "lang", "vi or en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := ok
			tt.edit(&q)
			err := q.Validate(topics)
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("got %v, want valid", err)
				}
				return
			}
			var fe *index.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.wantField || !strings.Contains(fe.Message, tt.wantText) {
				t.Fatalf("got %v, want a %s error containing %q", err, tt.wantField, tt.wantText)
			}
			if !errors.Is(err, index.ErrInvalid) {
				t.Errorf("error does not match index.ErrInvalid")
			}
		})
	}
}

func TestParseQuery(t *testing.T) {
	now := time.Date(2026, 6, 10, 9, 0, 0, 0, ict)
	tests := []struct {
		name             string
		params           string
		wantFrom, wantTo string
		wantPeriod       string
		wantErr          string
	}{
		{"dates", "from=2026-01-01&to=2026-03-31&format=csv", "2026-01-01", "2026-03-31", "", ""},
		{"preset", "preset=half-year", "2025-12-05", "2026-06-10", "6 tháng đầu năm 2026", ""},
		{"preset with dates", "preset=year&from=2026-02-01&to=2026-02-28", "2026-02-01", "2026-02-28", "", ""},
		{"impossible date", "from=2021-13-45&to=2021-12-31", "", "", "", `from: "2021-13-45" is not a date`},
		{"february 30", "from=2021-02-30&to=2021-12-31", "", "", "", `"2021-02-30" is not a date`},
		{"unknown preset", "preset=weekly", "", "", "", `unknown preset "weekly"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.params)
			q, err := ParseQuery(v, now, ict)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := q.From.Format(DateLayout) + " " + q.To.Format(DateLayout); got != tt.wantFrom+" "+tt.wantTo {
				t.Errorf("dates %s, want %s %s", got, tt.wantFrom, tt.wantTo)
			}
			if q.Period != tt.wantPeriod {
				t.Errorf("period %q, want %q", q.Period, tt.wantPeriod)
			}
		})
	}
}

func TestPresets(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		want map[string]string // key → "from to period"
	}{
		{"preparing the June report", time.Date(2026, 6, 10, 9, 0, 0, 0, ict), map[string]string{
			PresetHalfYear:  "2025-12-05 2026-06-10 6 tháng đầu năm 2026",
			PresetYear:      "2025-12-05 2026-06-10 năm 2026",
			PresetQuarter:   "2026-01-01 2026-03-31 quý I năm 2026",
			PresetLastMonth: "2026-05-01 2026-05-31 tháng 5 năm 2026",
		}},
		{"preparing the December report", time.Date(2026, 12, 3, 9, 0, 0, 0, ict), map[string]string{
			PresetHalfYear:  "2025-12-05 2026-06-14 6 tháng đầu năm 2026",
			PresetYear:      "2025-12-05 2026-12-03 năm 2026",
			PresetQuarter:   "2026-07-01 2026-09-30 quý III năm 2026",
			PresetLastMonth: "2026-11-01 2026-11-30 tháng 11 năm 2026",
		}},
		{"January: last year's report", time.Date(2027, 1, 8, 9, 0, 0, 0, ict), map[string]string{
			PresetHalfYear:  "2026-12-05 2027-01-08 6 tháng đầu năm 2027",
			PresetYear:      "2025-12-05 2026-12-04 năm 2026",
			PresetQuarter:   "2026-10-01 2026-12-31 quý IV năm 2026",
			PresetLastMonth: "2026-12-01 2026-12-31 tháng 12 năm 2026",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := Presets(tt.now, ict)
			if last := ps[len(ps)-1]; last.Key != PresetCustom || !last.From.IsZero() {
				t.Errorf("last preset %+v, want the custom range", last)
			}
			for _, p := range ps[:len(ps)-1] {
				got := p.From.Format(DateLayout) + " " + p.To.Format(DateLayout) + " " + p.Period
				if got != tt.want[p.Key] {
					t.Errorf("%s: got %q, want %q", p.Key, got, tt.want[p.Key])
				}
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	src := fixture(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "bao-cao.csv")
	var calls, lastDone, lastTotal int
	err := WriteFile(context.Background(), path, src, h1Query(FormatCSV), testLetterhead(), func(done, total int) {
		calls++
		lastDone, lastTotal = done, total
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || lastDone != 6 || lastTotal != 6 {
		t.Errorf("progress: %d calls, last %d/%d, want 6/6", calls, lastDone, lastTotal)
	}
	if recs := readCSV(t, mustRead(t, path)); len(recs) != 7 {
		t.Errorf("file has %d records, want 7", len(recs))
	}
	assertOnly(t, dir, "bao-cao.csv")
}

func TestWriteFileBadInput(t *testing.T) {
	src := fixture(t)
	dir := t.TempDir()
	ro := filepath.Join(dir, "readonly")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	bad := h1Query(FormatCSV)
	bad.From, bad.To = bad.To, bad.From
	failing := &failingSource{Store: src}
	tests := []struct {
		name    string
		path    string
		src     Source
		q       Query
		wantErr string
	}{
		{"from after to", filepath.Join(dir, "a.csv"), src, bad, "is after end date"},
		{"unknown format", filepath.Join(dir, "a.docx"), src, Query{From: bad.To, To: bad.From, Format: "docx"}, `unknown format "docx"`},
		{"missing directory", filepath.Join(dir, "no", "such", "a.csv"), src, h1Query(FormatCSV), "cannot write"},
		{"a directory", dir, src, h1Query(FormatCSV), "is a directory"},
		{"store fails midway", filepath.Join(dir, "a.xlsx"), failing, h1Query(FormatXLSX), "disk I/O error"},
	}
	if os.Geteuid() != 0 { // root writes anywhere
		tests = append(tests, struct {
			name    string
			path    string
			src     Source
			q       Query
			wantErr string
		}{"unwritable directory", filepath.Join(ro, "a.csv"), src, h1Query(FormatCSV), "permission denied"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := WriteFile(context.Background(), tt.path, tt.src, tt.q, testLetterhead(), nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got %v, want error containing %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), ".tmp") {
				t.Errorf("error names the temporary file: %v", err)
			}
		})
	}
	assertOnly(t, dir, "readonly")
}

// failingSource fails when asked for a cluster's size, after the first
// rows were written.
type failingSource struct {
	*store.Store
}

func (f *failingSource) ListItems(ctx context.Context, fl index.ItemFilter) ([]*index.Item, int, error) {
	if fl.Cluster != "" {
		return nil, 0, errors.New("disk I/O error")
	}
	return f.Store.ListItems(ctx, fl)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// assertOnly checks dir holds exactly the names given: no temporary or
// half-written file is left.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("directory holds %v, want %v", got, names)
	}
}
