package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttdn/monitor/crawler/catalog"
	"github.com/ttdn/monitor/crawler/opml"
	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/store"
)

// runSources runs one command line in-process.
func runSources(args ...string) (string, string, int) { return runArgs(args...) }

func mustSources(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := runSources(args...)
	if code != 0 {
		t.Fatalf("monitor %s: exit %d\nstderr: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

func listJSON(t *testing.T, data string) []index.Source {
	t.Helper()
	var srcs []index.Source
	out := mustSources(t, "sources", "list", "--json", "--data", data)
	if err := json.Unmarshal([]byte(out), &srcs); err != nil {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	return srcs
}

func TestSourcesListShowsCatalogueAndHealth(t *testing.T) {
	data := t.TempDir()
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := listJSON(t, data); len(got) != len(cat) {
		t.Fatalf("fresh data dir lists %d sources, want the %d of the catalogue", len(got), len(cat))
	}
	st, err := store.Open(context.Background(), filepath.Join(data, storeFile))
	if err != nil {
		t.Fatal(err)
	}
	h := index.SourceHealth{
		LastAttempt: time.Date(2026, 12, 3, 1, 30, 0, 0, time.UTC), LastSuccess: time.Date(2026, 12, 2, 23, 5, 0, 0, time.UTC),
		LastError: "máy chủ trả lời 500", ConsecutiveFailures: 3, NextDue: time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC),
	}
	if err := st.SaveHealth(context.Background(), "lao-dong", h); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := mustSources(t, "sources", "list", "--data", data)
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "lao-dong ") {
			line = l
		}
	}
	for _, want := range []string{"trong nước", "03/12/2026 06:05", "03/12/2026 09:00", "máy chủ trả lời 500", " 3 "} {
		if !strings.Contains(line, want) {
			t.Errorf("list line %q lacks %q", line, want)
		}
	}
	if !strings.Contains(out, "TÊN") || !strings.Contains(out, "1 đang lỗi") {
		t.Errorf("list output:\n%s", out)
	}
}

func TestSourcesImportOPML(t *testing.T) {
	data := t.TempDir()
	before := listJSON(t, data)
	// Every Feedly feed but one is already in the catalogue, by URL.
	out := mustSources(t, "sources", "import-opml", "--data", data, "../../crawler/opml/testdata/feedly.opml")
	if !strings.Contains(out, "1 mới, 0 cập nhật, 6 bỏ qua") {
		t.Errorf("import output:\n%s", out)
	}
	after := listJSON(t, data)
	if len(after) != len(before)+1 {
		t.Errorf("got %d sources after import, want %d", len(after), len(before)+1)
	}
	var added *index.Source
	for i, s := range after {
		if s.URL == "https://nhandan.vn/rss/chinhtri-1171.rss" {
			added = &after[i]
		}
	}
	if added == nil || added.Name != "nhan-dan-2" || added.Origin != index.OriginDomestic || added.Language != "vi" {
		t.Errorf("imported source: %+v", added)
	}

	// A dry run changes nothing.
	out = mustSources(t, "sources", "import-opml", "--dry-run", "--data", data, "../../crawler/opml/testdata/miniflux.opml")
	if !strings.Contains(out, "chưa thay đổi gì") || len(listJSON(t, data)) != len(after) {
		t.Errorf("dry run changed something:\n%s", out)
	}
}

func TestSourcesImportRefusesNonOPML(t *testing.T) {
	data := t.TempDir()
	before := listJSON(t, data)
	for _, file := range []string{"../../crawler/opml/testdata/not-opml.rss", "sources.go"} {
		_, errs, code := runSources("sources", "import-opml", "--data", data, file)
		if code == 0 || !strings.Contains(errs, "not an OPML file") || !strings.Contains(errs, "no source changed") {
			t.Errorf("%s: exit %d, stderr %q", file, code, errs)
		}
	}
	_, errs, _ := runSources("sources", "import-opml", "--data", data, "../../crawler/opml/testdata/not-opml.rss")
	if !strings.Contains(errs, "root element is <rss>") {
		t.Errorf("stderr %q does not name the root element", errs)
	}
	if got := listJSON(t, data); len(got) != len(before) {
		t.Errorf("a refused file changed the sources: %d, want %d", len(got), len(before))
	}
}

func TestSourcesExportRoundTrip(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	mustSources(t, "sources", "import-opml", "--data", a, "../../crawler/opml/testdata/miniflux.opml")
	file := filepath.Join(t.TempDir(), "nguon.opml")
	if out := mustSources(t, "sources", "export-opml", "--data", a, "--out", file); !strings.Contains(out, "đã xuất") {
		t.Errorf("export output %q", out)
	}
	stdout := mustSources(t, "sources", "export-opml", "--data", a)
	onDisk, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(onDisk) != stdout {
		t.Errorf("--out and stdout differ")
	}
	parsed, err := opml.Parse(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	want := listJSON(t, a)
	if len(parsed) != len(want) {
		t.Errorf("export has %d sources, want %d", len(parsed), len(want))
	}
	mustSources(t, "sources", "import-opml", "--data", b, file)
	got := listJSON(t, b)
	byName := map[string]index.Source{}
	for _, s := range got {
		s.Health = index.SourceHealth{}
		byName[s.Name] = s
	}
	for _, w := range want {
		w.Health = index.SourceHealth{}
		if byName[w.Name] != w {
			t.Errorf("round trip: got %+v, want %+v", byName[w.Name], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d sources after re-import, want %d", len(got), len(want))
	}
}
