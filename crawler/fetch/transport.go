package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// RoundTrip sends one request through the politeness layer: User-Agent,
// robots.txt, the host's delay and concurrency limit, the global pool and
// the body cap. It follows no redirects (the client does, each hop coming
// back here). Errors are *Error values.
func (f *Fetcher) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	ctx := req.Context()
	if f.cfg.RespectRobots && req.URL.Path != "/robots.txt" {
		if err := f.robots.check(ctx, req.URL); err != nil {
			return nil, err
		}
	}
	release, err := f.acquire(ctx, req.URL.Host)
	if err != nil {
		return nil, err
	}
	// The timeout starts now that the request goes out: time spent queueing
	// behind the host's politeness delay is not the server's fault.
	rctx, cancel := context.WithTimeoutCause(ctx, f.cfg.Timeout, errRequestTimeout)
	req = req.WithContext(rctx)
	freeSlots := release
	start := time.Now()
	outcome := "error"
	release = func() {
		cancel()
		freeSlots()
		if f.cfg.Observe != nil {
			f.cfg.Observe(outcome, time.Since(start))
		}
	}
	resp, err := f.base.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	outcome = statusClass(resp.StatusCode)
	if ra := parseRetryAfter(resp.Header.Get("Retry-After"), f.cfg.Now()); ra > 0 &&
		(resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		f.hosts.get(req.URL.Host).pushBack(f.cfg.Now().Add(ra))
	}
	limit := f.cfg.MaxBodyBytes
	if resp.ContentLength > limit {
		outcome = "too_large"
		resp.Body.Close()
		release()
		return nil, &Error{Kind: ErrTooLarge, URL: req.URL.String(), Limit: limit}
	}
	resp.Body = &politeBody{rc: resp.Body, remaining: limit, limit: limit, url: req.URL.String(), release: release}
	return resp, nil
}

// errRequestTimeout is the cause of a request's own deadline, to tell it
// from the caller's context ending.
var errRequestTimeout = errors.New("request timeout")

// acquire waits for a slot at host (its concurrency limit and delay) and
// then for a global worker. The returned func gives both back.
func (f *Fetcher) acquire(ctx context.Context, host string) (func(), error) {
	g := f.hosts.get(host)
	if err := g.enter(ctx, f.cfg.PerHostConcurrency, f.cfg.PerHostDelay, f.cfg.MaxRetryWait, f.cfg.Now); err != nil {
		return nil, err
	}
	select {
	case f.global <- struct{}{}:
	case <-ctx.Done():
		g.leave(f.cfg.PerHostDelay, f.cfg.Now)
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-f.global
			g.leave(f.cfg.PerHostDelay, f.cfg.Now)
		})
	}, nil
}

// politeBody caps the body (an error, never a silent truncation) and
// frees the request's slots when closed.
type politeBody struct {
	rc        io.ReadCloser
	remaining int64
	limit     int64
	url       string
	release   func()
}

func (b *politeBody) Read(p []byte) (int, error) {
	if b.remaining <= 0 {
		// One byte more than the cap tells "too large" from "exactly full".
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, &Error{Kind: ErrTooLarge, URL: b.url, Limit: b.limit}
		}
		return 0, err
	}
	if int64(len(p)) > b.remaining {
		p = p[:b.remaining]
	}
	n, err := b.rc.Read(p)
	b.remaining -= int64(n)
	return n, err
}

func (b *politeBody) Close() error {
	err := b.rc.Close()
	b.release()
	return err
}

// hostGates holds one gate per host name (with port).
type hostGates struct {
	mu sync.Mutex
	m  map[string]*hostGate
}

func newHostGates() *hostGates { return &hostGates{m: make(map[string]*hostGate)} }

func (h *hostGates) get(host string) *hostGate {
	h.mu.Lock()
	defer h.mu.Unlock()
	g, ok := h.m[host]
	if !ok {
		g = &hostGate{}
		h.m[host] = g
	}
	return g
}

// hostGate limits one host: at most n requests in flight, and the next
// request starts no earlier than delay after the previous one started and
// after the previous one ended.
type hostGate struct {
	mu       sync.Mutex
	inFlight int
	next     time.Time
	wake     chan struct{} // closed when a slot frees
}

// A host that asked (Retry-After) for a pause longer than maxWait is
// not waited for: enter returns ErrRateLimited at once.
func (g *hostGate) enter(ctx context.Context, n int, delay, maxWait time.Duration, now func() time.Time) error {
	for {
		g.mu.Lock()
		if g.inFlight < n {
			t := now()
			if wait := g.next.Sub(t); wait > 0 {
				g.mu.Unlock()
				if wait > maxWait && wait > delay {
					return &Error{Kind: ErrRateLimited, Status: http.StatusTooManyRequests, RetryAfter: wait}
				}
				if err := sleep(ctx, wait); err != nil {
					return err
				}
				continue
			}
			g.inFlight++
			g.next = t.Add(delay)
			g.mu.Unlock()
			return nil
		}
		if g.wake == nil {
			g.wake = make(chan struct{})
		}
		wake := g.wake
		g.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (g *hostGate) leave(delay time.Duration, now func() time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inFlight--
	if t := now().Add(delay); t.After(g.next) {
		g.next = t
	}
	if g.wake != nil {
		close(g.wake)
		g.wake = nil
	}
}

// pushBack makes the host wait until t (Retry-After).
func (g *hostGate) pushBack(t time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.After(g.next) {
		g.next = t
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// statusClass names an HTTP status for metrics: "2xx", "304", "4xx"...
func statusClass(code int) string {
	if code == http.StatusNotModified {
		return "304"
	}
	return fmt.Sprintf("%dxx", code/100)
}
