package demo

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestArticleMix(t *testing.T) {
	w := startWorld(t)
	arts := w.Articles()
	if n := len(arts); n < 180 || n > 220 {
		t.Errorf("got %d articles, want about 200", n)
	}
	langs, years := map[string]int{}, map[int]int{}
	sensitive := 0
	stories := map[string][]*Article{}
	for _, a := range arts {
		langs[a.Language()]++
		years[a.Published.Year()]++
		if len(a.Topics) > 0 {
			sensitive++
		}
		stories[a.Story] = append(stories[a.Story], a)
		for _, s := range append([]string{a.Title, a.Summary}, a.Paragraphs...) {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("article %d: text not NFC: %q", a.Num, s)
			}
		}
		if a.Title == "" || a.Summary == "" || len(a.Paragraphs) < 2 {
			t.Errorf("article %d (%s) is thin: %d paragraphs", a.Num, a.Story, len(a.Paragraphs))
		}
	}
	for _, l := range []string{"vi", "en", "fr"} {
		if langs[l] < 20 {
			t.Errorf("%d articles in %s, want at least 20 (mix %v)", langs[l], l, langs)
		}
	}
	for y := 2021; y <= 2026; y++ {
		if years[y] < 10 {
			t.Errorf("%d articles in %d, want them spread over the years", years[y], y)
		}
	}
	if share := float64(sensitive) / float64(len(arts)); share < 0.30 || share > 0.40 {
		t.Errorf("%d of %d articles (%.0f%%) touch borders, rights or religion, want 30–40%%", sensitive, len(arts), 100*share)
	}
	syndicated := 0
	for id, copies := range stories {
		if len(copies) < 2 {
			continue
		}
		outlets := map[string]bool{}
		for _, c := range copies {
			outlets[c.Outlet.Slug] = true
			if c.Paragraphs[0] != copies[0].Paragraphs[0] || c.Language() != copies[0].Language() {
				t.Errorf("story %s: copy in %s is not a light edit of the original", id, c.Outlet.Slug)
			}
		}
		if len(outlets) > 1 {
			syndicated++ // some outlets also repost their own story in another section
		}
	}
	if syndicated < 10 {
		t.Errorf("%d stories syndicated across outlets, want at least 10", syndicated)
	}
}

func TestArticlePage(t *testing.T) {
	w := startWorld(t)
	o := outlet(t, w, FormatRSS) // the first RSS outlet: summary-only feed with tracking links
	if !o.SummaryOnly || !o.Tracking {
		t.Fatalf("outlet %s: want the summary-only, tracking RSS outlet first", o.Slug)
	}
	a := o.Articles()[0]
	_, feed, _ := get(t, w.OutletURL(o)+feedPath(o))
	if strings.Contains(feed, a.Paragraphs[len(a.Paragraphs)-1]) || strings.Contains(feed, "content:encoded>") {
		t.Errorf("summary-only feed carries the article text")
	}
	if !strings.Contains(feed, a.Path()+"?utm_source=rss") {
		t.Errorf("feed links lack tracking parameters")
	}
	code, page, hdr := get(t, w.ArticleURL(a)+"?utm_source=rss&utm_medium=feed")
	if code != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, type %s", code, hdr.Get("Content-Type"))
	}
	for _, want := range []string{
		`<link rel="canonical" href="` + w.ArticleURL(a) + `">`,
		`<meta property="article:published_time" content="` + a.Published.Format("2006-01-02T15:04:05") + `&#43;07:00">`,
		`<nav class="menu">`, `<aside class="related">`, `<section class="comments"`, `<footer class="site-footer">`,
		`<html lang="vi">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("article page lacks %s", want)
		}
	}
	for _, p := range a.Paragraphs {
		if !strings.Contains(page, "<p>"+htmlEscape(p)+"</p>") {
			t.Errorf("article page lacks paragraph %.40q…", p)
		}
	}
	if n := len(regexp.MustCompile(`<a href="/`+o.Slug+`/[^"]+\.html">`).FindAllString(page, -1)); n < 3 {
		t.Errorf("article page has %d related links, want at least 3", n)
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func TestConditionalGet(t *testing.T) {
	w := startWorld(t)
	o := outlet(t, w, FormatAtom)
	_, _, hdr := get(t, w.OutletURL(o)+feedPath(o))
	etag, lm := hdr.Get("ETag"), hdr.Get("Last-Modified")
	if etag == "" || lm == "" {
		t.Fatalf("ETag %q, Last-Modified %q", etag, lm)
	}
	for name, h := range map[string][2]string{"etag": {"If-None-Match", etag}, "last-modified": {"If-Modified-Since", lm}} {
		req, _ := http.NewRequest(http.MethodGet, w.OutletURL(o)+feedPath(o), nil)
		req.Header.Set(h[0], h[1])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s: status %d, want 304", name, resp.StatusCode)
		}
	}
}

func TestDeterministic(t *testing.T) {
	w1, w2 := startWorld(t), startWorld(t)
	for i, o := range w1.Outlets() {
		if o.Format == FormatDown {
			continue
		}
		o2 := w2.Outlets()[i]
		_, b1, _ := get(t, w1.OutletURL(o)+feedPath(o))
		_, b2, _ := get(t, w2.OutletURL(o2)+feedPath(o2))
		if strings.ReplaceAll(b1, w1.OutletURL(o), "") != strings.ReplaceAll(b2, w2.OutletURL(o2), "") {
			t.Errorf("outlet %s: feed differs between runs", o.Slug)
		}
	}
}
