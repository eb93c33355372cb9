package opml

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ttdn/monitor/index"
)

// FuzzParse checks that Parse never panics, returns sources or an error
// but not both, and that whatever it returns survives Write and Parse.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`<opml version="2.0"><body><outline text="a" xmlUrl="https://e.vn/f" ttdnKind="site" htmlUrl="https://e.vn/"/></body></opml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		srcs, err := Parse(bytes.NewReader(data))
		if err != nil {
			if srcs != nil {
				t.Fatalf("sources with an error: %v", srcs)
			}
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, "fuzz", srcs); err != nil {
			t.Fatalf("Write: %v", err)
		}
		again, err := Parse(&buf)
		if err != nil {
			t.Fatalf("Parse of our own export: %v\n%s", err, buf.String())
		}
		if len(again) != len(srcs) {
			t.Fatalf("round trip: %d sources, want %d", len(again), len(srcs))
		}
		names := map[string]bool{}
		for _, s := range again {
			if names[s.Name] || Slug(s.Name) != s.Name || !s.Origin.Valid() || (s.Kind != index.KindFeed && s.Kind != index.KindSite) {
				t.Fatalf("bad source after round trip: %+v", s)
			}
			names[s.Name] = true
		}
	})
}
