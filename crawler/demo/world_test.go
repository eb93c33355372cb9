package demo

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"

	"github.com/ttdn/monitor/index"
)

func startWorld(t *testing.T) *World {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w, err := Start(ctx, "")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body), resp.Header
}

func outlet(t *testing.T, w *World, format string) *Outlet {
	t.Helper()
	for _, o := range w.Outlets() {
		if o.Format == format {
			return o
		}
	}
	t.Fatalf("no outlet of format %s", format)
	return nil
}

func TestStartAddresses(t *testing.T) {
	w := startWorld(t)
	if !strings.HasPrefix(w.URL, "http://127.0.0.1:") {
		t.Errorf("URL %q is not on 127.0.0.1", w.URL)
	}
	ports := map[string]bool{w.URL: true}
	for _, o := range w.Outlets() {
		u := w.OutletURL(o)
		if !strings.HasPrefix(u, "http://127.0.0.1:") || ports[u] {
			t.Errorf("outlet %s at %q, want its own loopback port", o.Slug, u)
		}
		ports[u] = true
	}
	code, index, _ := get(t, w.URL+"/")
	for _, o := range w.Outlets() {
		if code != http.StatusOK || !strings.Contains(index, w.OutletURL(o)+feedPath(o)) {
			t.Errorf("index page (status %d) does not link %s", code, o.Slug)
		}
	}
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:8080", ":0", "nonsense"} {
		if w2, err := Start(context.Background(), addr); err == nil {
			w2.Close()
			t.Errorf("Start(%q) succeeded, want refusal of a non-loopback address", addr)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	w3, err := Start(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cancel() // the context ending stops the server
	<-w3.done
}

func TestSources(t *testing.T) {
	w := startWorld(t)
	srcs := w.Sources()
	if len(srcs) < 12 {
		t.Errorf("got %d sources, want a dozen", len(srcs))
	}
	kinds := map[string]int{}
	for _, s := range srcs {
		kinds[s.Kind]++
		if !strings.HasPrefix(s.URL, "http://127.0.0.1:") || !s.Origin.Valid() || s.Country == "" || s.Language == "" || !s.Enabled {
			t.Errorf("source %+v incomplete", s)
		}
		if !strings.Contains(s.Title, "(demo)") && !strings.Contains(s.Title, "(démo)") {
			t.Errorf("source title %q not marked as demo", s.Title)
		}
	}
	if kinds[index.KindSite] != 1 || kinds[index.KindFeed] != len(srcs)-1 {
		t.Errorf("kinds %v, want one site and the rest feeds", kinds)
	}
}

func TestFeedsParse(t *testing.T) {
	w := startWorld(t)
	wantType := map[string]string{FormatRSS: "rss", FormatRDF: "rss", FormatAtom: "atom", FormatJSON: "json"}
	seen := map[string]bool{}
	for _, o := range w.Outlets() {
		if o.Format == FormatSite || o.Format == FormatDown {
			continue
		}
		t.Run(o.Slug, func(t *testing.T) {
			base := w.OutletURL(o)
			code, body, _ := get(t, base+feedPath(o))
			if code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			f, err := gofeed.NewParser().ParseString(body)
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			seen[o.Format] = true
			if got := f.FeedType; got != wantType[o.Format] {
				t.Errorf("feed type %q, want %q", got, wantType[o.Format])
			}
			if o.Format == FormatRDF && f.FeedVersion != "1.0" {
				t.Errorf("RDF feed version %q, want 1.0", f.FeedVersion)
			}
			if got, want := len(f.Items), min(len(o.Articles()), feedItems); got != want || got < 3 {
				t.Errorf("got %d items, want %d (at least 3)", got, want)
			}
			for i, it := range f.Items {
				a := o.Articles()[i]
				if it.Title != a.Title || it.PublishedParsed == nil || !it.PublishedParsed.Equal(a.Published) {
					t.Errorf("item %d: %q %v, want %q %v", i, it.Title, it.PublishedParsed, a.Title, a.Published)
				}
				if !strings.HasPrefix(it.Link, base+a.Path()) {
					t.Errorf("item %d links to %q, want %q", i, it.Link, base+a.Path())
				}
			}
		})
	}
	for f := range wantType {
		if !seen[f] {
			t.Errorf("no outlet publishes %s", f)
		}
	}
}

func TestSiteReachable(t *testing.T) {
	w := startWorld(t)
	o := outlet(t, w, FormatSite)
	base := w.OutletURL(o)
	want := map[string]bool{}
	for _, a := range o.Articles() {
		want[base+a.Path()] = true
	}
	// Follow the listing pages by rel=next, collecting links with the selector.
	found, pages := map[string]bool{}, 0
	for next := base + "/" + o.Slug + "/"; next != ""; pages++ {
		code, body, _ := get(t, next)
		if code != http.StatusOK || pages > 50 {
			t.Fatalf("GET %s: %d after %d pages", next, code, pages)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		doc.Find(SiteLinkSelector).Each(func(_ int, s *goquery.Selection) {
			found[base+s.AttrOr("href", "")] = true
		})
		next = ""
		if href, ok := doc.Find(`a[rel="next"]`).Attr("href"); ok {
			next = base + href
		}
	}
	if pages < 2 {
		t.Errorf("site has %d listing pages, want pagination", pages)
	}
	if len(found) != len(want) {
		t.Errorf("listings link %d articles, want %d", len(found), len(want))
	}
	for u := range want {
		if !found[u] {
			t.Errorf("listings never link %s", u)
		}
	}
	_, sm, _ := get(t, base+"/"+o.Slug+"/sitemap.xml")
	for u := range want {
		if !strings.Contains(sm, "<loc>"+u+"</loc>") {
			t.Errorf("sitemap lacks %s", u)
		}
	}
	_, robots, _ := get(t, base+"/robots.txt")
	if !strings.Contains(robots, "Sitemap: "+base+"/"+o.Slug+"/sitemap.xml") || !strings.Contains(robots, "Disallow: /"+o.Slug+"/tim-kiem") {
		t.Errorf("robots.txt:\n%s", robots)
	}
}

func TestDownOutlet(t *testing.T) {
	w := startWorld(t)
	o := outlet(t, w, FormatDown)
	for _, p := range []string{feedPath(o), "/" + o.Slug + "/"} {
		if code, _, _ := get(t, w.OutletURL(o)+p); code != http.StatusInternalServerError {
			t.Errorf("GET %s: status %d, want 500", p, code)
		}
	}
	other := w.OutletURL(outlet(t, w, FormatRSS))
	if code, _, _ := get(t, other+"/no-such-outlet/rss.xml"); code != http.StatusNotFound {
		t.Errorf("unknown path: status %d, want 404", code)
	}
}
