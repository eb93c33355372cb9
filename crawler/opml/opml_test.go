package opml

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ttdn/monitor/crawler/catalog"
	"github.com/ttdn/monitor/index"
)

func parseFile(t *testing.T, name string) []index.Source {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	srcs, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse %s: %v", name, err)
	}
	return srcs
}

func TestRoundTrip(t *testing.T) {
	want := []index.Source{
		{Name: "bao-kon-tum", Title: "Báo Kon Tum", Kind: index.KindFeed, URL: "https://baokontum.com.vn/rss/home.rss", Origin: index.OriginDomestic, Country: "VN", Language: "vi", Interval: time.Hour, Enabled: true},
		{Name: "dai-ngan", Title: "Báo Đại Ngàn (demo)", Kind: index.KindSite, URL: "http://127.0.0.1:8099/dai-ngan/tin-tuc/", Origin: index.OriginDomestic, Country: "VN", Language: "vi", Interval: 90 * time.Minute, Enabled: false, LinkSelector: "article.story h3 > a"},
		{Name: "le-monde-une", Title: "Le Monde — À la une", Kind: index.KindFeed, URL: "https://www.lemonde.fr/rss/une.xml?a=1&b=2", Origin: index.OriginForeign, Country: "FR", Language: "fr", Interval: 2 * time.Hour, Enabled: true},
		{Name: "odd", Title: `<b>Tin "nóng"</b> & <script>alert(1)</script>`, Kind: index.KindFeed, URL: "https://example.org/feed", Origin: index.OriginForeign, Interval: 45 * time.Minute, Enabled: true},
	}
	var buf bytes.Buffer
	if err := Write(&buf, "Nguồn tin — TTĐN Monitor", want); err != nil {
		t.Fatal(err)
	}
	got, err := Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("Parse of our own export: %v\n%s", err, buf.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestRoundTripCatalogue(t *testing.T) {
	want, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, "catalogue", want); err != nil {
		t.Fatal(err)
	}
	got, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// Write groups by origin; compare as sets by name.
	byName := map[string]index.Source{}
	for _, s := range got {
		byName[s.Name] = s
	}
	if len(got) != len(want) {
		t.Errorf("got %d sources, want %d", len(got), len(want))
	}
	for _, w := range want {
		if diff := cmp.Diff(w, byName[w.Name]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", w.Name, diff)
		}
	}
}

func TestWriteEscapes(t *testing.T) {
	var buf bytes.Buffer
	srcs := []index.Source{{Name: "x", Title: `<script>alert("x")</script> & co`, Kind: index.KindFeed, URL: "https://e.org/?a=1&b=2", Origin: index.OriginForeign, Enabled: true}}
	if err := Write(&buf, "<i>title</i>", srcs); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, raw := range []string{"<script>", "<i>", "a=1&b"} {
		if strings.Contains(out, raw) {
			t.Errorf("output contains unescaped %q:\n%s", raw, out)
		}
	}
	for _, esc := range []string{"&lt;script&gt;", "&amp; co", "a=1&amp;b=2", "&lt;i&gt;title&lt;/i&gt;"} {
		if !strings.Contains(out, esc) {
			t.Errorf("output lacks %q:\n%s", esc, out)
		}
	}
	if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`) || !strings.Contains(out, `<opml version="2.0">`) {
		t.Errorf("not an OPML 2.0 document:\n%s", out)
	}
}

func TestParseMiniflux(t *testing.T) {
	got := parseFile(t, "miniflux.opml")
	d := catalog.DefaultInterval
	want := []index.Source{
		{Name: "bao-gia-lai", Title: "Báo Gia Lai", Kind: index.KindFeed, URL: "https://baogialai.com.vn/rss/home.rss", Origin: index.OriginDomestic, Country: "VN", Language: "vi", Interval: d, Enabled: true},
		{Name: "bao-dak-lak", Title: "Báo Đắk Lắk", Kind: index.KindFeed, URL: "https://baodaklak.vn/rss/home.rss", Origin: index.OriginDomestic, Country: "VN", Language: "vi", Interval: d, Enabled: false},
		{Name: "bbc-news-tieng-viet", Title: "BBC News Tiếng Việt", Kind: index.KindFeed, URL: "https://feeds.bbci.co.uk/vietnamese/rss.xml", Origin: index.OriginForeign, Country: "GB", Language: "vi", Interval: d, Enabled: true},
		{Name: "the-diplomat", Title: "The Diplomat", Kind: index.KindFeed, URL: "https://thediplomat.com/feed/", Origin: index.OriginForeign, Country: "US", Language: "en", Interval: d, Enabled: true},
		{Name: "le-monde-fr-actualites-et-infos-en-france-et-dans-le-monde", Title: "Le Monde.fr - Actualités et Infos en France et dans le monde", Kind: index.KindFeed, URL: "https://www.lemonde.fr/rss/une.xml", Origin: index.OriginForeign, Country: "FR", Language: "fr", Interval: d, Enabled: true},
		{Name: "vnexpress-tin-moi-nhat", Title: "VnExpress - Tin mới nhất", Kind: index.KindFeed, URL: "https://vnexpress.net/rss/tin-moi-nhat.rss", Origin: index.OriginDomestic, Country: "VN", Language: "vi", Interval: d, Enabled: true},
		{Name: "tuoi-tre-online-thoi-su", Title: "Tuổi Trẻ Online - Thời sự", Kind: index.KindFeed, URL: "https://tuoitre.vn/rss/thoi-su.rss", Origin: index.OriginDomestic, Country: "VN", Language: "vi", Interval: d, Enabled: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("miniflux (-want +got):\n%s", diff)
	}
}

func TestParseFeedly(t *testing.T) {
	got := parseFile(t, "feedly.opml")
	var names, titles []string
	for _, s := range got {
		names = append(names, s.Name)
		titles = append(titles, s.Title)
	}
	wantNames := []string{"nhan-dan", "vov-vn", "dan-tri", "uca-news", "vietnam-the-diplomat", "rfi-tieng-viet", "nhan-dan-2"}
	if diff := cmp.Diff(wantNames, names); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	if got, want := titles[4], "Vietnam – The Diplomat"; got != want {
		t.Errorf("double-escaped title: got %q, want %q", got, want)
	}
	if got[5].Origin != index.OriginForeign || got[5].Country != "FR" || got[0].Origin != index.OriginDomestic || got[0].Country != "VN" {
		t.Errorf("origins from the catalogue wrong: %+v %+v", got[0], got[5])
	}
	// nhandan.vn/rss/chinhtri-1171.rss: host known to the catalogue.
	if s := got[6]; s.Origin != index.OriginDomestic || s.Language != "vi" {
		t.Errorf("section feed of a known host: %+v", s)
	}
	unknown, err := Parse(strings.NewReader(`<opml version="2.0"><body><outline text="Báo X" xmlUrl="https://baox.vn/rss"/><outline text="Y" xmlUrl="https://y.example.com/rss"/></body></opml>`))
	if err != nil {
		t.Fatal(err)
	}
	if unknown[0].Origin != index.OriginDomestic || unknown[0].Country != "VN" || unknown[1].Origin != index.OriginForeign {
		t.Errorf("origin guess for unknown hosts: %+v", unknown)
	}
}

func TestParseRefuses(t *testing.T) {
	rss, err := os.ReadFile("testdata/not-opml.rss")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, want string
		notOPML        bool
	}{
		{"rss", string(rss), "not an OPML file: root element is <rss>", true},
		{"html", "<!DOCTYPE html><html><body>Đăng nhập</body></html>", "not an OPML file", true},
		{"empty", "", "not an OPML file: no root element", true},
		{"plain text", "name,url\nbao,https://e.vn/rss\n", "not an OPML file", true},
		{"truncated", `<opml version="2.0"><body><outline xmlUrl="https://e.org/f"`, "not an OPML file", true},
		{"relative url", `<opml version="2.0"><body><outline text="A"><outline text="Bad" xmlUrl="/rss.xml"/></outline></body></opml>`, `outline "A / Bad": url: "/rss.xml" is not an absolute http(s) URL`, false},
		{"javascript url", `<opml version="2.0"><body><outline text="X" xmlUrl="javascript:alert(1)"/></body></opml>`, "url", false},
		{"bad origin", `<opml version="2.0"><body><outline text="X" xmlUrl="https://e.org/f" ttdnOrigin="local"/></body></opml>`, `ttdnOrigin "local"`, false},
		{"bad interval", `<opml version="2.0"><body><outline text="X" xmlUrl="https://e.org/f" ttdnInterval="often"/></body></opml>`, `ttdnInterval "often"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs, err := Parse(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("got %d sources and no error, want %q", len(srcs), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %q, want it to contain %q", err, tt.want)
			}
			if got := errors.Is(err, ErrNotOPML); got != tt.notOPML {
				t.Errorf("errors.Is(err, ErrNotOPML) = %v, want %v", got, tt.notOPML)
			}
			if srcs != nil {
				t.Errorf("got sources with the error: %v", srcs)
			}
		})
	}
}

func TestParseEmptyAndLatin1(t *testing.T) {
	srcs, err := Parse(strings.NewReader(`<?xml version="1.0"?><opml version="2.0"><head/><body/></opml>`))
	if err != nil || len(srcs) != 0 {
		t.Errorf("empty body: got %v, %v; want no sources and no error", srcs, err)
	}
	latin1 := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml version=\"1.1\"><body><outline text=\"Le Courrier d'Indochine (d\xe9mo)\" xmlUrl=\"http://127.0.0.1/courrier/rss\"/></body></opml>"
	srcs, err = Parse(strings.NewReader(latin1))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := srcs[0].Title, "Le Courrier d'Indochine (démo)"; got != want {
		t.Errorf("got title %q, want %q", got, want)
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Báo Quảng Ngãi", "bao-quang-ngai"},
		{"Đài PT-TH Kon Tum", "dai-pt-th-kon-tum"},
		{"  VnExpress — Tin mới nhất!! ", "vnexpress-tin-moi-nhat"},
		{"Le Courrier d'Indochine (démo)", "le-courrier-d-indochine-demo"},
		{"BÁO ĐẮK LẮK", "bao-dak-lak"},
		{"新华网", ""},
		{strings.Repeat("Tây Nguyên ", 20), "tay-nguyen-tay-nguyen-tay-nguyen-tay-nguyen-tay-nguyen-tay"},
		{strings.Repeat("a", 70), strings.Repeat("a", 60)},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseEntries(t *testing.T) {
	in := `<opml version="2.0"><body><outline text="Tây Nguyên"><outline text="Gia Lai"><outline text="Báo Gia Lai" xmlUrl="https://baogialai.com.vn/rss/home.rss"/></outline></outline>` +
		`<outline text="Ours" xmlUrl="https://e.org/f" ttdnName="our-name" ttdnOrigin="foreign"/></body></opml>`
	got, err := ParseEntries(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Named || got[0].Category != "Tây Nguyên / Gia Lai" || !got[1].Named || got[1].Source.Name != "our-name" {
		t.Errorf("got %+v", got)
	}
}
