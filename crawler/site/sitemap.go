package site

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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
	d.sitemapMode = true
	c.OnResponse(func(r *colly.Response) {
		d.handleSitemap(c, r.Body, r.Request.URL)
	})
}

// handleSitemap parses one sitemap document fetched from u.
func (d *discovery) handleSitemap(c *colly.Collector, body []byte, u *url.URL) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '<' {
		return
	}
	var doc sitemapDoc
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		d.mu.Lock()
		d.errs = append(d.errs, &sitemapError{url: u.String(), err: err})
		d.mu.Unlock()
		return
	}
	for _, e := range doc.URLs {
		pub := parseW3CDate(e.News.PublicationDate)
		if pub.IsZero() {
			pub = parseW3CDate(e.LastMod)
		}
		d.add(Link{URL: strings.TrimSpace(e.Loc), Title: strings.TrimSpace(e.News.Title), Published: pub})
	}
	children := doc.Sitemaps
	slices.SortStableFunc(children, func(a, b struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	}) int {
		return parseW3CDate(b.LastMod).Compare(parseW3CDate(a.LastMod))
	})
	for _, s := range children {
		if ref, err := u.Parse(strings.TrimSpace(s.Loc)); err == nil {
			_ = d.visit(c, ref.String())
		}
	}
}

// maxSitemapBytes bounds a gzipped sitemap once decompressed (the
// sitemap protocol allows 50 MB).
const maxSitemapBytes = 50 << 20

// visitGzip fetches a gzipped sitemap through the transport and inflates
// it with a bound, which colly's own gunzip lacks (a small bomb would
// expand without limit).
func (d *discovery) visitGzip(c *colly.Collector, raw string) error {
	req, err := http.NewRequestWithContext(d.ctx, http.MethodGet, raw, nil)
	if err != nil {
		return err
	}
	client := &http.Client{Transport: d.cfg.Transport, Jar: d.cfg.Jar, CheckRedirect: d.cfg.CheckRedirect}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("máy chủ trả lỗi %d (%s) — %s", resp.StatusCode, http.StatusText(resp.StatusCode), raw)
	}
	var r io.Reader = resp.Body
	if !resp.Uncompressed {
		gz, err := gzip.NewReader(resp.Body)
		if err != nil {
			return &sitemapError{url: raw, err: err}
		}
		defer gz.Close()
		r = gz
	}
	body, err := io.ReadAll(io.LimitReader(r, maxSitemapBytes+1))
	if err != nil {
		return &sitemapError{url: raw, err: err}
	}
	if len(body) > maxSitemapBytes {
		return &sitemapError{url: raw, err: fmt.Errorf("giải nén vượt quá %d byte", maxSitemapBytes)}
	}
	d.handleSitemap(c, body, resp.Request.URL)
	return nil
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
