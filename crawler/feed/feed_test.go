package feed

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func readWorld(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "world", path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name, file, contentType, url string
		wantFormat                   string
		wantEntries                  int
		wantTitle, wantLink          string
		wantPublished                string
		wantSummaryOnly              bool
	}{
		{"RSS 2.0 with content:encoded", "baokontum/rss/home.rss", "application/rss+xml", "http://baokontum.test/rss/home.rss", "rss", 2,
			"Kiểm tra song phương hệ thống mốc quốc giới tại Cửa khẩu quốc tế Bờ Y",
			"http://baokontum.test/quoc-phong-an-ninh/kiem-tra-moc-quoc-gioi-bo-y-20261112.html", "2026-11-12T02:30:00Z", false},
		{"Atom, summary only, relative links", "baogialai/feed.atom", "application/atom+xml", "http://baogialai.test/feed.atom", "atom", 2,
			"Việt Nam - Lào kiểm tra song phương mốc quốc giới khu vực Bờ Y",
			"http://baogialai.test/thoi-su/kiem-tra-song-phuong-moc-bien-gioi-bo-y.html", "2026-11-12T07:20:00Z", true},
		{"RSS 1.0 (RDF)", "mekongwatch/rss.rdf", "application/rdf+xml", "http://mekongwatch.test/rss.rdf", "rss", 2,
			"Border trade at Bo Y recovers as single window cuts waiting times",
			"http://mekongwatch.test/news/bo-y-border-trade-recovers.html", "2026-11-10T03:00:00Z", true},
		{"JSON Feed 1.1", "lecourrier/feed.json", "application/feed+json", "http://lecourrier.test/feed.json", "json", 2,
			"Au poste frontière de Bo Y, le commerce avec le Laos reprend des couleurs",
			"http://lecourrier.test/asie/2026/11/19/bo-y-frontiere.html", "2026-11-19T09:00:00Z", false},
		{"UTF-8 declared ISO-8859-1", "saimahoa/feed.xml", "text/xml; charset=iso-8859-1", "http://saimahoa.test/feed.xml", "rss", 1,
			"Hoàn thành 32 phòng học bán trú cho học sinh dân tộc thiểu số trước mùa mưa lũ",
			"http://saimahoa.test/giao-duc/phong-hoc-ban-tru.html", "2026-11-17T03:15:00Z", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(readWorld(t, tc.file), tc.contentType, tc.url, "")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if f.Format != tc.wantFormat || len(f.Entries) != tc.wantEntries {
				t.Fatalf("format %s with %d entries, want %s with %d", f.Format, len(f.Entries), tc.wantFormat, tc.wantEntries)
			}
			e := f.Entries[0]
			if e.Title != tc.wantTitle || e.Link != tc.wantLink {
				t.Errorf("entry = %q <%s>, want %q <%s>", e.Title, e.Link, tc.wantTitle, tc.wantLink)
			}
			if got := e.Published.Format(time.RFC3339); got != tc.wantPublished {
				t.Errorf("published = %s, want %s", got, tc.wantPublished)
			}
			if e.SummaryOnly() != tc.wantSummaryOnly {
				t.Errorf("SummaryOnly = %v, want %v", e.SummaryOnly(), tc.wantSummaryOnly)
			}
			if strings.Contains(e.Text(), "<") {
				t.Errorf("text keeps HTML: %q", e.Text())
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		want error
	}{
		{"malformed XML", string(readWorld(t, "malformed/rss.xml")), ErrMalformed},
		{"HTML page", string(readWorld(t, "notfeed/rss")), ErrNotFeed},
		{"empty", "  \n", ErrNotFeed},
		{"plain text", "Xin chào", ErrNotFeed},
		{"broken JSON feed", `{"version": "https://jsonfeed.org/version/1.1", "items": [`, ErrMalformed},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.body), "", "http://x.test/", "")
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

// TestCorpusFeeds parses every real feed of the shared corpus: real-world
// feeds must parse, hostile ones must end in an error or entries, never
// a panic; all text must come out valid NFC UTF-8.
func TestCorpusFeeds(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus", "feeds")
	if _, err := os.Stat(root); err != nil {
		t.Skip("shared corpus not present")
	}
	var total, parsed, failed, realFailed int
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".tsv") || strings.HasSuffix(p, ".md") || strings.Contains(p, "expected") {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		total++
		f, perr := Parse(body, "", "http://corpus.test/feed", "")
		rel, _ := filepath.Rel(root, p)
		if perr != nil {
			failed++
			if (strings.HasPrefix(rel, "realworld") || strings.HasPrefix(rel, "vi")) && !(errors.Is(perr, ErrNotFeed) && looksLikeHTML(bytes.TrimSpace(body))) {
				realFailed++
				t.Errorf("%s: %v", rel, perr)
			}
			return nil
		}
		parsed++
		for _, e := range f.Entries {
			for _, s := range []string{e.Title, e.Summary, e.Content} {
				if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
					t.Errorf("%s: text not NFC UTF-8: %q", rel, s)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("corpus feeds: %d files, %d parsed, %d rejected with an error (%d real-world)", total, parsed, failed, realFailed)
}

func TestCorpusVietnameseTitles(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "feeds", "vi")
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	if len(files) == 0 {
		t.Skip("shared corpus not present")
	}
	for _, p := range files {
		body, _ := os.ReadFile(p)
		f, err := Parse(body, "", "https://vnexpress.net/rss/tin-moi-nhat.rss", "windows-1258")
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
			continue
		}
		if len(f.Entries) == 0 {
			t.Errorf("%s: no entries", filepath.Base(p))
		}
		for _, e := range f.Entries {
			if strings.ContainsAny(e.Title, "\uFFFDÃÂ") {
				t.Errorf("%s: mojibake title %q", filepath.Base(p), e.Title)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"baokontum/rss/home.rss", "baogialai/feed.atom", "mekongwatch/rss.rdf", "lecourrier/feed.json", "malformed/rss.xml"} {
		f.Add(readWorld(f, p))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		feed, err := Parse(b, "", "http://fuzz.test/", "")
		if err == nil && feed == nil {
			t.Fatal("nil feed without error")
		}
	})
}

func BenchmarkParseRSS(b *testing.B) {
	body := readWorld(b, "baokontum/rss/home.rss")
	for b.Loop() {
		if _, err := Parse(body, "application/rss+xml", "http://baokontum.test/rss/home.rss", ""); err != nil {
			b.Fatal(err)
		}
	}
}
