package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsCache fetches, caches and applies robots.txt per scheme+host.
type robotsCache struct {
	f  *Fetcher
	mu sync.Mutex
	m  map[string]*robotsEntry
}

type robotsEntry struct {
	mu      sync.Mutex // held while fetching, so one fetch per host
	data    *robotstxt.RobotsData
	err     error
	expires time.Time
	sitemap []string
}

func newRobotsCache(f *Fetcher) *robotsCache {
	return &robotsCache{f: f, m: make(map[string]*robotsEntry)}
}

// check returns nil when robots.txt lets our agent fetch u, an *Error
// with ErrDisallowed when it does not, and ErrRobotsUnavailable when the
// server failed to answer for its robots.txt (RFC 9309: assume disallow).
func (rc *robotsCache) check(ctx context.Context, u *url.URL) error {
	e, err := rc.entry(ctx, u)
	if err != nil {
		return err
	}
	if e.err != nil {
		return &Error{Kind: ErrRobotsUnavailable, URL: u.String(), Err: e.err}
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !e.data.TestAgent(path, rc.f.cfg.UserAgent) {
		return &Error{Kind: ErrDisallowed, URL: u.String()}
	}
	return nil
}

func (rc *robotsCache) entry(ctx context.Context, u *url.URL) (*robotsEntry, error) {
	key := u.Scheme + "://" + u.Host
	rc.mu.Lock()
	e, ok := rc.m[key]
	if !ok {
		e = &robotsEntry{}
		rc.m[key] = e
	}
	rc.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	now := rc.f.cfg.Now()
	if e.expires.After(now) {
		return e, nil
	}
	data, err := rc.fetch(ctx, key+"/robots.txt")
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	e.data, e.err = data, err
	if err != nil {
		e.expires = now.Add(time.Minute) // try again soon
	} else {
		e.expires = now.Add(rc.f.cfg.RobotsTTL)
		e.sitemap = data.Sitemaps
	}
	return e, nil
}

// fetch GETs a robots.txt through the politeness layer. 4xx means no
// rules; 5xx or no answer is an error.
func (rc *robotsCache) fetch(ctx context.Context, u string) (*robotstxt.RobotsData, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := rc.f.Client(nil).Do(req)
	if err != nil {
		return nil, rc.f.classify(ctx, u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
	if err != nil {
		return nil, rc.f.classify(ctx, u, err)
	}
	if resp.StatusCode >= 500 {
		return nil, fmt.Errorf("robots.txt: máy chủ trả lỗi %d", resp.StatusCode)
	}
	if resp.StatusCode >= 400 || resp.StatusCode < 200 || resp.StatusCode > 299 {
		return robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	}
	data, err := robotstxt.FromBytes(body)
	if err != nil {
		// An unparsable robots.txt says nothing we can obey.
		return robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	}
	return data, nil
}

// Allowed reports whether robots.txt lets the crawler fetch rawURL; it
// is always true when robots are not respected. Errors are *Error values
// (ErrDisallowed, ErrRobotsUnavailable) or ctx's.
func (f *Fetcher) Allowed(ctx context.Context, rawURL string) error {
	if !f.cfg.RespectRobots {
		return nil
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return &Error{Kind: ErrNetwork, URL: rawURL, Err: err}
	}
	return f.robots.check(ctx, u)
}

// Sitemaps returns the Sitemap: lines of the robots.txt of rawURL's host
// (fetching it when needed).
func (f *Fetcher) Sitemaps(ctx context.Context, rawURL string) []string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	e, err := f.robots.entry(ctx, u)
	if err != nil || e.err != nil {
		return nil
	}
	return e.sitemap
}
