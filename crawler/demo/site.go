package demo

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"net/http"
	"strings"
	"time"
)

// pageSize is the number of articles on one listing page.
const pageSize = 8

// resource is one pre-rendered response.
type resource struct {
	body        []byte
	contentType string
	modified    time.Time
	etag        string
}

// site serves one outlet's pre-rendered pages, or 500 for every request
// when the outlet is down.
type site struct {
	res  map[string]resource
	down bool
}

// buildSite pre-renders outlet o as served from base (its own
// scheme://host:port): articles, listings, feed, sitemap and robots.txt.
func buildSite(p *pages, base string, o *Outlet) (*site, error) {
	s := &site{res: map[string]resource{}, down: o.Format == FormatDown}
	if s.down {
		return s, nil
	}
	s.put("/robots.txt", []byte(robots(base, o)), "text/plain; charset=utf-8", time.Time{})
	if err := s.addOutlet(p, base, o); err != nil {
		return nil, fmt.Errorf("outlet %s: %w", o.Slug, err)
	}
	return s, nil
}

func (s *site) put(path string, body []byte, ctype string, mod time.Time) {
	h := fnv.New64a()
	h.Write(body)
	s.res[path] = resource{body: body, contentType: ctype, modified: mod, etag: fmt.Sprintf(`"%x"`, h.Sum64())}
}

func (s *site) addOutlet(p *pages, base string, o *Outlet) error {
	var newest time.Time
	if len(o.articles) > 0 {
		newest = o.articles[0].Published
	}
	for _, a := range o.articles {
		body, err := p.renderArticle(base, a)
		if err != nil {
			return fmt.Errorf("article %d: %w", a.Num, err)
		}
		s.put(a.Path(), body, "text/html; charset=utf-8", a.Published)
	}
	if o.Format != FormatSite {
		feed, err := renderFeed(o, base)
		if err != nil {
			return err
		}
		ctype := feedContentType(o.Format) + "; charset=utf-8"
		if o.Format == FormatRSS {
			ctype = "application/xml; charset=utf-8" // as many real servers send it
		}
		s.put(feedPath(o), feed, ctype, newest)
	}
	if err := s.addListings(p, base, o); err != nil {
		return err
	}
	s.put("/"+o.Slug+"/sitemap.xml", sitemap(base, o), "application/xml; charset=utf-8", newest)
	s.put("/"+o.Slug+"/tim-kiem", []byte("<!DOCTYPE html><title>Search</title><p>0</p>"), "text/html; charset=utf-8", time.Time{})
	s.put("/static/"+o.Slug+".css", []byte("body{font-family:sans-serif;max-width:60em;margin:auto}.cookie-bar{background:#eee}"), "text/css", time.Time{})
	return nil
}

// addListings renders the outlet's paginated archive (/{slug}/,
// /{slug}/trang/2/, …) and one page per section.
func (s *site) addListings(p *pages, base string, o *Outlet) error {
	pages := max((len(o.articles)+pageSize-1)/pageSize, 1)
	for n := 1; n <= pages; n++ {
		v := listView{Base: base, Outlet: o, Page: n, Pages: pages, Canonical: listPath(o, n),
			Articles: o.articles[(n-1)*pageSize : min(n*pageSize, len(o.articles))]}
		v.Title, v.Heading = o.Name, chromeFor(o.Language).Latest
		if n > 1 {
			v.Prev = listPath(o, n-1)
			v.Title = fmt.Sprintf("%s - %s %d", o.Name, chromeFor(o.Language).Page, n)
		}
		if n < pages {
			v.Next = listPath(o, n+1)
		}
		body, err := p.renderList(v)
		if err != nil {
			return fmt.Errorf("listing page %d: %w", n, err)
		}
		s.put(v.Canonical, body, "text/html; charset=utf-8", time.Time{})
	}
	for key, name := range o.Sections {
		v := listView{Base: base, Outlet: o, Page: 1, Pages: 1, Title: name + " - " + o.Name, Heading: name,
			Canonical: "/" + o.Slug + "/" + key + "/"}
		for _, a := range o.articles {
			if a.Section == key && len(v.Articles) < 2*pageSize {
				v.Articles = append(v.Articles, a)
			}
		}
		body, err := p.renderList(v)
		if err != nil {
			return fmt.Errorf("section %s: %w", key, err)
		}
		s.put(v.Canonical, body, "text/html; charset=utf-8", time.Time{})
	}
	return nil
}

func listPath(o *Outlet, n int) string {
	if n == 1 {
		return "/" + o.Slug + "/"
	}
	return fmt.Sprintf("/%s/trang/%d/", o.Slug, n)
}

func robots(base string, o *Outlet) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — demo press world of TTĐN Monitor\nUser-agent: *\n", o.Name)
	fmt.Fprintf(&b, "Disallow: /%s/tim-kiem\nDisallow: /%s/binh-luan\n", o.Slug, o.Slug)
	if o.Format == FormatSite {
		fmt.Fprintf(&b, "\nSitemap: %s/%s/sitemap.xml\n", base, o.Slug)
	}
	return b.String()
}

func sitemap(base string, o *Outlet) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, a := range o.articles {
		fmt.Fprintf(&b, "<url><loc>%s</loc><lastmod>%s</lastmod></url>\n", xmlEscape(base+a.Path()), a.Published.Format(time.RFC3339))
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// ServeHTTP answers from the pre-rendered resources, with conditional GET
// (ETag and Last-Modified) through http.ServeContent.
func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if s.down {
		http.Error(w, "500 Internal Server Error: upstream database unavailable", http.StatusInternalServerError)
		return
	}
	res, ok := s.res[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", res.contentType)
	w.Header().Set("ETag", res.etag)
	w.Header().Set("Cache-Control", "max-age=300")
	http.ServeContent(w, r, "", res.modified, bytes.NewReader(res.body))
}
