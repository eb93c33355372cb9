package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// Every request is reported once with its outcome, so /metrics can count
// fetches by outcome: a page, a missing page, a conditional 304.
func TestObserveReportsEachRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/tin/1.html":
			w.Write([]byte("<html><body>Tin Kon Tum</body></html>"))
		case "/rss":
			w.Header().Set("ETag", `"v1"`)
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Write([]byte("<rss/>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	var mu sync.Mutex
	var got []string
	f := testFetcher(t, srv, func(c *Config) {
		c.MaxRetries = 0
		c.Observe = func(outcome string, d time.Duration) {
			mu.Lock()
			got = append(got, outcome)
			mu.Unlock()
			if d < 0 {
				t.Errorf("negative duration %s", d)
			}
		}
	})
	ctx := context.Background()
	f.Fetch(ctx, Request{URL: "http://bao.test/tin/1.html"})
	f.Fetch(ctx, Request{URL: "http://bao.test/khong-co.html"})
	f.Fetch(ctx, Request{URL: "http://bao.test/rss", ETag: `"v1"`})
	mu.Lock()
	defer mu.Unlock()
	slices.Sort(got)
	if want := []string{"2xx", "304", "4xx"}; !slices.Equal(got, want) {
		t.Errorf("outcomes = %v, want %v", got, want)
	}
}
