// Package fetch is the crawler's HTTP boundary, shared by the feed and the
// site crawler: the User-Agent on every request, robots.txt, per-host delay
// and concurrency under a global worker pool, timeouts, a body cap that
// aborts the download, bounded redirects with loop detection, Retry-After,
// retries with backoff, conditional GET, JavaScript-challenge detection and
// charset decoding. Status codes and failures become *Error values that
// match the package's sentinel errors.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is the politeness and limits of a Fetcher. Zero fields take the
// defaults of DefaultConfig.
type Config struct {
	UserAgent          string
	Concurrency        int           // requests in flight over all hosts
	PerHostConcurrency int           // requests in flight to one host
	PerHostDelay       time.Duration // between two requests to one host
	ConnectTimeout     time.Duration
	HeaderTimeout      time.Duration // from request sent to response headers
	Timeout            time.Duration // the whole request, body included
	MaxBodyBytes       int64
	RespectRobots      bool
	MaxRedirects       int
	MaxRetries         int           // extra attempts after a transient failure
	RetryBase          time.Duration // first backoff; doubles each attempt, with jitter
	MaxRetryWait       time.Duration // longest Retry-After waited for in place
	RobotsTTL          time.Duration

	// DialContext replaces the dialer of the default transport (tests map
	// host names to a loopback server with it).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Transport replaces the default transport under the politeness layer.
	Transport http.RoundTripper
	Logger    *slog.Logger
	// Observe, when set, is told the outcome ("2xx", "304", "4xx", "5xx",
	// "error", "too_large") and duration of every request, from the
	// moment it goes out until its body is closed.
	Observe func(outcome string, d time.Duration)
	Now     func() time.Time
}

// DefaultConfig returns the limits used for zero fields.
func DefaultConfig() Config {
	return Config{
		UserAgent:          "TTDN-Monitor/1.0",
		Concurrency:        8,
		PerHostConcurrency: 1,
		PerHostDelay:       time.Second,
		ConnectTimeout:     10 * time.Second,
		HeaderTimeout:      15 * time.Second,
		Timeout:            20 * time.Second,
		MaxBodyBytes:       10 << 20,
		MaxRedirects:       10,
		MaxRetries:         2,
		RetryBase:          500 * time.Millisecond,
		MaxRetryWait:       30 * time.Second,
		RobotsTTL:          6 * time.Hour,
	}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.UserAgent == "" {
		c.UserAgent = d.UserAgent
	}
	setInt := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	setDur := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	setInt(&c.Concurrency, d.Concurrency)
	setInt(&c.PerHostConcurrency, d.PerHostConcurrency)
	setInt(&c.MaxRedirects, d.MaxRedirects)
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.PerHostDelay < 0 {
		c.PerHostDelay = 0
	}
	setDur(&c.ConnectTimeout, d.ConnectTimeout)
	setDur(&c.HeaderTimeout, d.HeaderTimeout)
	setDur(&c.Timeout, d.Timeout)
	setDur(&c.RetryBase, d.RetryBase)
	setDur(&c.MaxRetryWait, d.MaxRetryWait)
	setDur(&c.RobotsTTL, d.RobotsTTL)
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = d.MaxBodyBytes
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Fetcher fetches URLs politely. It is an http.RoundTripper too, so that
// colly (and anything else) can share its politeness layer. Safe for
// concurrent use.
type Fetcher struct {
	cfg    Config
	base   http.RoundTripper
	global chan struct{}
	hosts  *hostGates
	robots *robotsCache
}

// New returns a Fetcher for cfg.
func New(cfg Config) *Fetcher {
	cfg = cfg.withDefaults()
	base := cfg.Transport
	if base == nil {
		dial := cfg.DialContext
		if dial == nil {
			dial = (&net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext
		}
		base = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           dial,
			TLSHandshakeTimeout:   cfg.ConnectTimeout,
			ResponseHeaderTimeout: cfg.HeaderTimeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       90 * time.Second,
			ForceAttemptHTTP2:     true,
		}
	}
	f := &Fetcher{cfg: cfg, base: base, global: make(chan struct{}, cfg.Concurrency), hosts: newHostGates()}
	f.robots = newRobotsCache(f)
	return f
}

// Config returns the effective configuration.
func (f *Fetcher) Config() Config { return f.cfg }

// Request is one GET. ETag and LastModified make it conditional; Jar is
// the source's cookie jar (may be nil).
type Request struct {
	URL          string
	Accept       string
	ETag         string
	LastModified string
	Jar          http.CookieJar
}

// Response is a successful fetch. NotModified is true on 304, with no body.
type Response struct {
	URL          string // after redirects
	Status       int
	Header       http.Header
	ContentType  string
	Body         []byte
	NotModified  bool
	ETag         string
	LastModified string
}

// Fetch GETs req.URL, retrying transient failures. It returns an *Error
// (see the sentinels) on failure, or ctx's error when ctx ends first.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := f.fetchOnce(ctx, req)
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		wait, ok := f.retryWait(err, attempt)
		if !ok {
			return nil, err
		}
		f.cfg.Logger.Debug("fetch retry", "url", req.URL, "attempt", attempt+1, "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// retryWait says whether err is worth another attempt and after how long.
func (f *Fetcher) retryWait(err error, attempt int) (time.Duration, bool) {
	if attempt >= f.cfg.MaxRetries {
		return 0, false
	}
	var fe *Error
	if !errors.As(err, &fe) {
		return 0, false
	}
	backoff := f.cfg.RetryBase << attempt
	backoff += time.Duration(rand.Int64N(int64(backoff)/2 + 1))
	switch fe.Kind {
	case ErrRateLimited:
		if fe.RetryAfter > f.cfg.MaxRetryWait {
			return 0, false
		}
		return max(fe.RetryAfter, backoff), true
	case ErrNetwork:
		return backoff, true
	case ErrStatus:
		switch fe.Status {
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return backoff, true
		}
	}
	return 0, false
}

func (f *Fetcher) fetchOnce(ctx context.Context, r Request) (*Response, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return nil, &Error{Kind: ErrNetwork, URL: r.URL, Err: fmt.Errorf("địa chỉ không hợp lệ: %w", err)}
	}
	if r.Accept != "" {
		hreq.Header.Set("Accept", r.Accept)
	}
	if r.ETag != "" {
		hreq.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", r.LastModified)
	}
	client := f.Client(r.Jar)
	resp, err := client.Do(hreq)
	if err != nil {
		return nil, f.classify(ctx, r.URL, err)
	}
	defer resp.Body.Close()
	out := &Response{URL: resp.Request.URL.String(), Status: resp.StatusCode, Header: resp.Header,
		ContentType: resp.Header.Get("Content-Type"), ETag: resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified")}
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		head, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if IsChallenge(resp.StatusCode, resp.Header, head) {
			return nil, &Error{Kind: ErrJSChallenge, URL: out.URL, Status: resp.StatusCode}
		}
		return nil, statusError(out.URL, resp.StatusCode, parseRetryAfter(resp.Header.Get("Retry-After"), f.cfg.Now()))
	}
	out.Body, err = io.ReadAll(resp.Body)
	if err != nil {
		return nil, f.classify(ctx, out.URL, err)
	}
	if IsChallenge(resp.StatusCode, resp.Header, out.Body) {
		return nil, &Error{Kind: ErrJSChallenge, URL: out.URL, Status: resp.StatusCode}
	}
	return out, nil
}

// Client returns an http.Client over the politeness layer with the
// redirect policy, for jar (may be nil). It has no timeout of its own:
// bound each request with its context.
func (f *Fetcher) Client(jar http.CookieJar) *http.Client {
	return &http.Client{Transport: f, Jar: jar, CheckRedirect: f.CheckRedirect}
}

// CheckRedirect allows at most MaxRedirects hops and stops loops. A hop
// back to a URL already visited once is allowed (sites that set a session
// cookie and send the client back); a second return is a loop.
func (f *Fetcher) CheckRedirect(req *http.Request, via []*http.Request) error {
	target := req.URL.String()
	seen := 0
	for _, v := range via {
		if v.URL.String() == target {
			seen++
		}
	}
	if seen >= 2 {
		return &Error{Kind: ErrRedirectLoop, URL: via[0].URL.String()}
	}
	if len(via) >= f.cfg.MaxRedirects {
		return &Error{Kind: ErrTooManyRedirects, URL: via[0].URL.String()}
	}
	return nil
}

// classify turns a client error into an *Error.
func (f *Fetcher) classify(ctx context.Context, u string, err error) error {
	var fe *Error
	if errors.As(err, &fe) {
		return fe
	}
	if ctx.Err() != nil {
		return ctx.Err() // the caller gave up; not the server's fault
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errRequestTimeout) {
		return &Error{Kind: ErrTimeout, URL: u, Timeout: f.cfg.Timeout, Err: err}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &Error{Kind: ErrTimeout, URL: u, Timeout: f.cfg.HeaderTimeout, Err: err}
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &Error{Kind: ErrNetwork, URL: u, Err: err}
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
