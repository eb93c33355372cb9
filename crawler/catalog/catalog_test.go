package catalog

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

func TestDefault(t *testing.T) {
	srcs, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	if got, want := len(srcs), 50; got < want {
		t.Errorf("got %d sources, want at least %d", got, want)
	}
	names := map[string]bool{}
	langs := map[string]int{}
	origins := map[index.Origin]int{}
	for _, s := range srcs {
		if names[s.Name] {
			t.Errorf("duplicate name %q", s.Name)
		}
		names[s.Name] = true
		u, err := url.Parse(s.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			t.Errorf("%s: url %q is not absolute http(s)", s.Name, s.URL)
		}
		if !s.Origin.Valid() {
			t.Errorf("%s: origin %q", s.Name, s.Origin)
		}
		if s.Kind != index.KindFeed && s.Kind != index.KindSite {
			t.Errorf("%s: kind %q", s.Name, s.Kind)
		}
		if s.Title == "" || s.Country == "" || s.Language == "" {
			t.Errorf("%s: title, country and language must be set: %+v", s.Name, s)
		}
		if s.Interval < 30*time.Minute || !s.Enabled {
			t.Errorf("%s: interval %v enabled %v", s.Name, s.Interval, s.Enabled)
		}
		langs[s.Language]++
		origins[s.Origin]++
	}
	for _, l := range []string{"vi", "en", "fr"} {
		if langs[l] == 0 {
			t.Errorf("no source in %s", l)
		}
	}
	if origins[index.OriginDomestic] == 0 || origins[index.OriginForeign] == 0 {
		t.Errorf("origins: %v", origins)
	}
	if !names["bao-kon-tum"] || !names["bbc-tieng-viet"] {
		t.Errorf("province paper or BBC Tiếng Việt missing")
	}
}

func TestParseDefaults(t *testing.T) {
	srcs, err := Parse([]byte("sources:\n  - name: a\n    url: https://example.org/feed\n    origin: foreign\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := srcs[0]
	want := index.Source{Name: "a", Kind: index.KindFeed, URL: "https://example.org/feed", Origin: index.OriginForeign, Interval: DefaultInterval, Enabled: true}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestParseSite(t *testing.T) {
	in := "sources:\n  - name: s\n    kind: site\n    url: http://example.org/news/\n    origin: domestic\n    link_selector: \"article h2 a\"\n    enabled: false\n    interval: 90m\n"
	srcs, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if s := srcs[0]; s.Kind != index.KindSite || s.LinkSelector != "article h2 a" || s.Enabled || s.Interval != 90*time.Minute {
		t.Errorf("got %+v", s)
	}
}

func TestParseRefuses(t *testing.T) {
	const ok = "  - name: ok\n    url: https://example.org/rss\n    origin: domestic\n"
	tests := []struct {
		name, in, want string
	}{
		{"unknown key", "sources:\n" + ok + "  - name: b\n    url: https://e.org/\n    origin: domestic\n    colour: red\n", `line 8: unknown key "colour"`},
		{"unknown top key", "feeds: []\n", "line 1: field feeds not found"},
		{"bad duration", "sources:\n" + ok + "    interval: 30 minutes\n", `line 5: interval: "30 minutes" is not a duration`},
		{"too short", "sources:\n" + ok + "    interval: 1s\n", "line 5: interval"},
		{"duplicate", "sources:\n" + ok + ok, `line 5: duplicate source name "ok" (first at line 2)`},
		{"bad origin", "sources:\n  - name: b\n    url: https://e.org/\n    origin: national\n", `line 4: origin: "national" is neither`},
		{"bad kind", "sources:\n" + ok + "    kind: podcast\n", `line 5: kind: "podcast" is neither feed nor site`},
		{"relative url", "sources:\n  - name: b\n    url: /rss.xml\n    origin: foreign\n", `line 3: url: "/rss.xml" is not an absolute http(s) URL`},
		{"ftp url", "sources:\n  - name: b\n    url: ftp://e.org/rss\n    origin: foreign\n", "line 3: url"},
		{"missing url", "sources:\n  - name: b\n    origin: foreign\n", "line 2: url: missing"},
		{"bad name", "sources:\n  - name: Báo Kon Tum\n    url: https://e.org/\n    origin: foreign\n", "line 2: name"},
		{"bad country", "sources:\n" + ok + "    country: Vietnam\n", "line 5: country"},
		{"selector on feed", "sources:\n" + ok + "    link_selector: a\n", "line 5: link_selector"},
		{"wrong type", "sources:\n" + ok + "    enabled: [yes]\n", "line 5"},
		{"not a mapping", "sources:\n  - just-a-string\n", "line 2: a source must be a mapping"},
		{"empty", "", "empty catalogue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("got %d sources and no error, want error containing %q", len(srcs), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %q, want it to contain %q", err, tt.want)
			}
			if srcs != nil {
				t.Errorf("got sources %v with the error, want none", srcs)
			}
		})
	}
}
