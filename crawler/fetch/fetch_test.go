package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testFetcher returns a Fetcher whose every host name dials srv.
func testFetcher(t *testing.T, srv *httptest.Server, mod func(*Config)) *Fetcher {
	t.Helper()
	cfg := Config{
		UserAgent: "TTDN-Test/1.0", Concurrency: 4, PerHostDelay: time.Millisecond,
		ConnectTimeout: time.Second, HeaderTimeout: time.Second, Timeout: 2 * time.Second,
		MaxBodyBytes: 1 << 20, MaxRetries: 2, RetryBase: 10 * time.Millisecond, MaxRetryWait: 2 * time.Second,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, srv.Listener.Addr().String())
		},
	}
	if mod != nil {
		mod(&cfg)
	}
	return New(cfg)
}

func TestBodyCapAborts(t *testing.T) {
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/declared" {
			w.Header().Set("Content-Length", fmt.Sprint(int64(2)<<30)) // 2 GB announced
		}
		chunk := make([]byte, 64<<10)
		for i := 0; i < (2<<30)/len(chunk); i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			written.Add(int64(len(chunk)))
		}
	}))
	defer srv.Close()
	f := testFetcher(t, srv, nil)
	for _, path := range []string{"/declared", "/chunked"} {
		written.Store(0)
		_, err := f.Fetch(context.Background(), Request{URL: "http://big.test" + path})
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("%s: err = %v, want ErrTooLarge", path, err)
		}
		if !strings.Contains(err.Error(), "body exceeds 1048576 bytes") {
			t.Errorf("%s: message %q does not say the cap", path, err)
		}
		time.Sleep(50 * time.Millisecond)
		if n := written.Load(); n > 16<<20 {
			t.Errorf("%s: server wrote %d bytes before the client gave up, want the download aborted", path, n)
		}
	}
}

func TestRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/hop/"):
			var n int
			fmt.Sscanf(r.URL.Path, "/hop/%d", &n)
			if n >= 20 {
				fmt.Fprint(w, "end")
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusFound)
		case r.URL.Path == "/a":
			http.Redirect(w, r, "/b", http.StatusMovedPermanently)
		case r.URL.Path == "/b":
			http.Redirect(w, r, "/a", http.StatusMovedPermanently)
		case r.URL.Path == "/session":
			if _, err := r.Cookie("sid"); err != nil {
				http.SetCookie(w, &http.Cookie{Name: "sid", Value: "1", Path: "/"})
				http.Redirect(w, r, "/session", http.StatusFound)
				return
			}
			fmt.Fprint(w, "feed")
		}
	}))
	defer srv.Close()
	f := testFetcher(t, srv, nil)
	tests := []struct {
		name, path string
		want       error
	}{
		{"too many hops", "/hop/0", ErrTooManyRedirects},
		{"within the limit", "/hop/12", nil},
		{"loop", "/a", ErrRedirectLoop},
		{"session cookie bounce", "/session", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			jar, _ := cookiejar.New(nil)
			_, err := f.Fetch(context.Background(), Request{URL: "http://r.test" + tc.path, Jar: jar})
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestPerHostDelayAndConcurrency(t *testing.T) {
	var mu sync.Mutex
	starts := map[string][]time.Time{}
	var inFlight, maxInFlight atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		mu.Lock()
		starts[r.Host] = append(starts[r.Host], time.Now())
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}))
	defer srv.Close()
	const delay = 150 * time.Millisecond
	f := testFetcher(t, srv, func(c *Config) { c.PerHostDelay = delay; c.Concurrency = 2 })
	var wg sync.WaitGroup
	begin := time.Now()
	for _, host := range []string{"a.test", "b.test", "c.test"} {
		for i := 0; i < 3; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := f.Fetch(context.Background(), Request{URL: fmt.Sprintf("http://%s/%d", host, i)}); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
	for host, ts := range starts {
		for i := 1; i < len(ts); i++ {
			if gap := ts[i].Sub(ts[i-1]); gap < delay {
				t.Errorf("%s: requests %s apart, want at least %s", host, gap, delay)
			}
		}
	}
	if m := maxInFlight.Load(); m > 2 {
		t.Errorf("%d requests in flight, want at most the global 2", m)
	}
	// Three hosts in parallel: about 2 delays, not 8.
	if d := time.Since(begin); d > 5*delay {
		t.Errorf("took %s: hosts did not proceed in parallel", d)
	}
}

func TestRetries(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		switch r.URL.Path {
		case "/flaky":
			if n == 1 {
				http.Error(w, "oops", http.StatusBadGateway)
				return
			}
		case "/busy":
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
		case "/later":
			w.Header().Set("Retry-After", time.Now().Add(2*time.Hour).UTC().Format(http.TimeFormat))
			http.Error(w, "later", http.StatusTooManyRequests)
			return
		case "/gone":
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	tests := []struct {
		path      string
		wantErr   error
		wantCalls int32
		minWait   time.Duration
	}{
		{"/flaky", nil, 2, 0},
		{"/busy", nil, 2, 900 * time.Millisecond},
		{"/later", ErrRateLimited, 1, 0},
		{"/gone", ErrNotFound, 1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			calls.Store(0)
			f := testFetcher(t, srv, nil)
			start := time.Now()
			_, err := f.Fetch(context.Background(), Request{URL: "http://retry.test" + tc.path})
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if got := calls.Load(); got != tc.wantCalls {
				t.Errorf("calls = %d, want %d", got, tc.wantCalls)
			}
			if d := time.Since(start); d < tc.minWait {
				t.Errorf("retried after %s, want Retry-After %s honoured", d, tc.minWait)
			}
			if tc.wantErr == ErrRateLimited {
				if ra := RetryAfterOf(err); ra < time.Hour {
					t.Errorf("RetryAfterOf = %s, want about 2h", ra)
				}
			}
		})
	}
}

func TestRobots(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.Host+r.URL.Path)
		mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			switch r.Host {
			case "rules.test":
				fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n\nUser-agent: TTDN-Test\nDisallow: /no-ttdn/\n")
			case "broken.test":
				http.Error(w, "down", http.StatusInternalServerError)
			default:
				http.NotFound(w, r)
			}
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	f := testFetcher(t, srv, func(c *Config) { c.RespectRobots = true; c.MaxRetries = 0 })
	tests := []struct {
		url  string
		want error
	}{
		{"http://rules.test/public/a.html", nil},
		{"http://rules.test/no-ttdn/a.html", ErrDisallowed},
		{"http://rules.test/private/a.html", nil}, // our group replaces the * group
		{"http://none.test/anything", nil},
		{"http://broken.test/page", ErrRobotsUnavailable},
	}
	for _, tc := range tests {
		_, err := f.Fetch(context.Background(), Request{URL: tc.url})
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.url, err, tc.want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	robots := 0
	for _, p := range paths {
		if strings.HasSuffix(p, "/robots.txt") && strings.HasPrefix(p, "rules.test") {
			robots++
		}
		if strings.Contains(p, "/no-ttdn/") || p == "broken.test/page" {
			t.Errorf("requested %s, which robots.txt forbids", p)
		}
	}
	if robots != 1 {
		t.Errorf("rules.test/robots.txt fetched %d times, want once (cached)", robots)
	}
}

func TestConditionalGet(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Tue, 01 Dec 2026 00:00:00 GMT")
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	f := testFetcher(t, srv, nil)
	first, err := f.Fetch(context.Background(), Request{URL: "http://c.test/rss"})
	if err != nil || first.NotModified || first.ETag != `"v1"` {
		t.Fatalf("first = %+v, %v", first, err)
	}
	second, err := f.Fetch(context.Background(), Request{URL: "http://c.test/rss", ETag: first.ETag, LastModified: first.LastModified})
	if err != nil || !second.NotModified || len(second.Body) != 0 {
		t.Fatalf("second = %+v, %v; want 304", second, err)
	}
}

func TestTimeouts(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/trickle" {
			w.WriteHeader(http.StatusOK)
			for i := 0; i < 60; i++ {
				if _, err := w.Write([]byte("x")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(time.Second):
				}
			}
			return
		}
		<-r.Context().Done() // stall
	}))
	defer srv.Close()
	f := testFetcher(t, srv, func(c *Config) { c.HeaderTimeout = 300 * time.Millisecond; c.Timeout = 1500 * time.Millisecond })
	for _, path := range []string{"/stall", "/trickle"} {
		start := time.Now()
		_, err := f.Fetch(context.Background(), Request{URL: "http://slow.test" + path})
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("%s: err = %v, want ErrTimeout", path, err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: took %s, want bounded by the timeouts", path, d)
		}
	}
}

func TestIsChallenge(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   bool
	}{
		{"cloudflare header", 403, http.Header{"Cf-Mitigated": {"challenge"}}, "", true},
		{"cloudflare page", 503, http.Header{}, `<html><head><title>Just a moment...</title></head><body><script>window._cf_chl_opt={}</script></body></html>`, true},
		{"soft marker on 403", 403, http.Header{}, `<html><script>x()</script><p>Please enable JavaScript</p></html>`, true},
		{"feed", 200, http.Header{}, `<?xml version="1.0"?><rss><channel><title>Please enable JavaScript</title></channel></rss>`, false},
		{"article about bots", 200, http.Header{}, `<html><p>Checking your browser before accessing is annoying</p></html>`, false},
	}
	for _, tc := range tests {
		if got := IsChallenge(tc.status, tc.header, []byte(tc.body)); got != tc.want {
			t.Errorf("%s: IsChallenge = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestQueueingIsNotATimeout: requests waiting for a busy host's slot
// must not run out of time; the timeout starts when a request goes out.
func TestQueueingIsNotATimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	f := testFetcher(t, srv, func(c *Config) { c.Timeout = 300 * time.Millisecond; c.PerHostDelay = 150 * time.Millisecond })
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ { // the last one waits ~750ms for its slot
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Fetch(context.Background(), Request{URL: fmt.Sprintf("http://one.test/%d", i)}); err != nil {
				t.Errorf("request %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
}
