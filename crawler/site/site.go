// Package site discovers the article links of a feedless site with colly:
// listing pages (a CSS link selector, following pagination) or sitemaps
// (sitemap index, urlset, Google News sitemaps). Every request goes
// through the caller's transport, the shared politeness layer (robots.txt,
// per-host delay, body cap); colly's own robots handling and silent body
// truncation are switched off in its favour.
package site

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"
)

// Link is an article found on a site.
type Link struct {
	URL       string
	Title     string    // from a news sitemap or the link text, may be empty
	Published time.Time // from a sitemap, may be zero
}

// Config is how to reach the site.
type Config struct {
	Transport     http.RoundTripper // the politeness layer
	Jar           http.CookieJar
	CheckRedirect func(req *http.Request, via []*http.Request) error
	UserAgent     string
	MaxPages      int // listing pages or sitemaps followed per crawl; default 5
	MaxLinks      int // links returned; default 100
	// Allowed says whether a URL may be requested (robots.txt); nil allows all.
	Allowed func(ctx context.Context, rawURL string) error
}

// ErrNoLinks means the start page answered but held no article links.
var ErrNoLinks = errors.New("không tìm thấy liên kết bài viết nào")

// Discover returns the article links of the site at startURL: from
// listing pages when selector is set, else from the sitemap startURL
// names, or the robots.txt Sitemap lines (extra), or /sitemap.xml. It
// fails when the start page fails; errors on later pages are returned
// beside the links found.
func Discover(ctx context.Context, cfg Config, startURL, selector string, extraSitemaps []string) ([]Link, error) {
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = 5
	}
	if cfg.MaxLinks <= 0 {
		cfg.MaxLinks = 100
	}
	start, err := url.Parse(startURL)
	if err != nil {
		return nil, fmt.Errorf("địa chỉ nguồn không hợp lệ: %w", err)
	}
	d := &discovery{ctx: ctx, cfg: cfg, start: start, seen: map[string]bool{}, pageErr: map[string]error{}}
	c := d.collector()
	if selector != "" {
		d.listing(c, selector)
		err = d.visit(c, start.String())
	} else {
		d.sitemaps(c)
		targets := []string{start.String()}
		if !looksLikeSitemap(start) {
			targets = append(extraSitemaps, start.ResolveReference(&url.URL{Path: "/sitemap.xml"}).String())
		}
		for _, t := range targets {
			if err = d.visit(c, t); err == nil && len(d.links) > 0 {
				break
			}
		}
	}
	c.Wait()
	if err != nil && len(d.links) == 0 {
		return nil, err
	}
	if len(d.links) == 0 {
		if len(d.errs) > 0 {
			return nil, d.errs[0]
		}
		if selector != "" {
			return nil, fmt.Errorf("%w (kiểm tra link_selector %q)", ErrNoLinks, selector)
		}
		return nil, fmt.Errorf("%w trong sitemap", ErrNoLinks)
	}
	return d.result(), errors.Join(d.errs...)
}

// discovery is the state of one Discover call.
type discovery struct {
	ctx     context.Context
	cfg     Config
	start   *url.URL
	mu      sync.Mutex
	pages   int
	seen    map[string]bool
	links   []Link
	errs    []error
	pageErr map[string]error

	sitemapMode bool // set before the first visit; read-only after
}

func (d *discovery) collector() *colly.Collector {
	c := colly.NewCollector(colly.StdlibContext(d.ctx), colly.UserAgent(d.cfg.UserAgent))
	c.IgnoreRobotsTxt = true // robots.txt is enforced by the transport, for every request
	c.MaxBodySize = 0        // the transport's cap fails loudly instead of truncating
	c.WithTransport(d.cfg.Transport)
	if d.cfg.Jar != nil {
		c.SetCookieJar(d.cfg.Jar)
	}
	// No client timeout: it would count the wait for the host's politeness
	// slot; the transport bounds each request from when it goes out.
	c.SetRequestTimeout(0)
	if d.cfg.CheckRedirect != nil {
		c.SetRedirectHandler(d.cfg.CheckRedirect)
	}
	c.OnError(func(r *colly.Response, err error) {
		var ue *url.Error
		switch {
		case errors.As(err, &ue):
			err = ue.Err
		case r != nil && r.Request != nil && r.StatusCode >= 300:
			err = fmt.Errorf("máy chủ trả lỗi %d (%s) — %s", r.StatusCode, http.StatusText(r.StatusCode), r.Request.URL)
		}
		d.mu.Lock()
		d.errs = append(d.errs, err)
		if r != nil && r.Request != nil {
			d.pageErr[r.Request.URL.String()] = err
		}
		d.mu.Unlock()
	})
	return c
}

// visit requests one page when robots.txt allows it and the page budget
// is not spent. The first page's failure is returned.
func (d *discovery) visit(c *colly.Collector, raw string) error {
	d.mu.Lock()
	if d.pages >= d.cfg.MaxPages || d.seen["page:"+raw] {
		d.mu.Unlock()
		return nil
	}
	d.pages++
	d.seen["page:"+raw] = true
	d.mu.Unlock()
	if d.cfg.Allowed != nil {
		if err := d.cfg.Allowed(d.ctx, raw); err != nil {
			d.mu.Lock()
			d.errs = append(d.errs, err)
			d.mu.Unlock()
			return err
		}
	}
	var err error
	if d.sitemapMode && strings.HasSuffix(strings.ToLower(strings.SplitN(raw, "?", 2)[0]), ".gz") {
		err = d.visitGzip(c, raw)
		if err != nil {
			d.mu.Lock()
			d.errs = append(d.errs, err)
			d.mu.Unlock()
		}
		return err
	}
	err = c.Visit(raw)
	var already *colly.AlreadyVisitedError
	if errors.As(err, &already) {
		return nil
	}
	if err == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if pe, ok := d.pageErr[raw]; ok {
		return pe
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// listing finds article links with selector and follows "next" links.
func (d *discovery) listing(c *colly.Collector, selector string) {
	c.OnHTML("html", func(e *colly.HTMLElement) {
		e.DOM.Find(selector).Each(func(_ int, s *goquery.Selection) {
			a := s
			if goquery.NodeName(s) != "a" {
				a = s.Find("a[href]").First()
			}
			href, ok := a.Attr("href")
			if !ok {
				return
			}
			d.add(Link{URL: e.Request.AbsoluteURL(href), Title: strings.Join(strings.Fields(a.Text()), " ")})
		})
		if next := nextPage(e); next != "" {
			_ = d.visit(c, next)
		}
	})
}

// nextTexts are the words of "next page" links in our languages.
var nextTexts = map[string]bool{
	"trang sau": true, "trang tiếp": true, "tiếp": true, "sau": true, "xem thêm": true, "»": true, "›": true,
	"next": true, "next page": true, "older posts": true, "suivant": true, "page suivante": true,
}

func nextPage(e *colly.HTMLElement) string {
	var next string
	e.DOM.Find(`link[rel~="next"], a[rel~="next"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		next, _ = s.Attr("href")
		return next == ""
	})
	if next == "" {
		e.DOM.Find(".pagination a, .pager a, nav a, a.next, .next a").EachWithBreak(func(_ int, s *goquery.Selection) bool {
			if nextTexts[strings.ToLower(strings.TrimSpace(s.Text()))] || s.HasClass("next") {
				next, _ = s.Attr("href")
			}
			return next == ""
		})
	}
	if next == "" {
		return ""
	}
	u := e.Request.AbsoluteURL(next)
	if pu, err := url.Parse(u); err != nil || pu.Host != e.Request.URL.Host {
		return ""
	}
	return u
}

// add records a link on the site's host (or a subdomain), once.
func (d *discovery) add(l Link) {
	u, err := url.Parse(l.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return
	}
	if u.Host != d.start.Host && !strings.HasSuffix(u.Hostname(), "."+strings.TrimPrefix(d.start.Hostname(), "www.")) {
		return
	}
	u.Fragment = ""
	l.URL = u.String()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen[l.URL] || len(d.links) >= d.cfg.MaxLinks*4 {
		return
	}
	d.seen[l.URL] = true
	d.links = append(d.links, l)
}

func looksLikeSitemap(u *url.URL) bool {
	p := strings.ToLower(u.Path)
	return strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".xml.gz") || strings.Contains(p, "sitemap")
}
