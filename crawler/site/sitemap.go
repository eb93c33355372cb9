package site

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
)

// sitemapDoc covers <urlset> (with the Google News extension) and
// <sitemapindex>.
type sitemapDoc struct {
	XMLName  xml.Name
	URLs     []sitemapURL `xml:"url"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Title           string `xml:"title"`
		PublicationDate string `xml:"publication_date"`
	} `xml:"news"`
}

// sitemaps handles sitemap responses: index entries are followed (newest
// first, within the page budget), url entries become links.
func (d *discovery) sitemaps(c *colly.Collector) {
	c.OnResponse(func(r *colly.Response) {
		body := bytes.TrimSpace(r.Body)
		if len(body) == 0 || body[0] != '<' {
			return
		}
		var doc sitemapDoc
		dec := xml.NewDecoder(bytes.NewReader(body))
		dec.Strict = false
		if err := dec.Decode(&doc); err != nil {
			d.mu.Lock()
			d.errs = append(d.errs, &sitemapError{url: r.Request.URL.String(), err: err})
			d.mu.Unlock()
			return
		}
		for _, u := range doc.URLs {
			pub := parseW3CDate(u.News.PublicationDate)
			if pub.IsZero() {
				pub = parseW3CDate(u.LastMod)
			}
			d.add(Link{URL: strings.TrimSpace(u.Loc), Title: strings.TrimSpace(u.News.Title), Published: pub})
		}
		children := doc.Sitemaps
		slices.SortStableFunc(children, func(a, b struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		}) int {
			return parseW3CDate(b.LastMod).Compare(parseW3CDate(a.LastMod))
		})
		for _, s := range children {
			_ = d.visit(c, r.Request.AbsoluteURL(strings.TrimSpace(s.Loc)))
		}
	})
}

type sitemapError struct {
	url string
	err error
}

func (e *sitemapError) Error() string {
	return "sitemap lỗi cú pháp: " + e.err.Error() + " — " + e.url
}

// result returns the links, newest first when dates are known, at most
// MaxLinks.
func (d *discovery) result() []Link {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := slices.Clone(d.links)
	slices.SortStableFunc(out, func(a, b Link) int { return b.Published.Compare(a.Published) })
	if len(out) > d.cfg.MaxLinks {
		out = out[:d.cfg.MaxLinks]
	}
	return out
}

func parseW3CDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, l := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
