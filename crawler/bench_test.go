package crawler_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ttdn/monitor/crawler"
	"github.com/ttdn/monitor/index"
)

// BenchmarkRefresh1000Feeds refreshes 1,000 unchanged feeds, each
// answering 304, spread over 100 host names that the dialer sends to one
// loopback server, with 8 workers and a 1 s per-host delay. It reports
// the wall time of one refresh and the live heap after each, to show it
// stays flat. Run with -benchtime=3x (each refresh takes ~10 s).
func BenchmarkRefresh1000Feeds(b *testing.B) {
	var requests, notModified atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`)
	}))
	defer srv.Close()
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, srv.Listener.Addr().String())
	}
	st := &memStore{}
	for i := 0; i < 1000; i++ {
		s := src(fmt.Sprintf("nguon-%04d", i), index.KindFeed, fmt.Sprintf("http://bao-%02d.test/rss/%d.xml", i%100, i), index.OriginDomestic, "VN", "vi")
		s.Health.ETag = `"v1"`
		st.sources = append(st.sources, s)
	}
	c, err := crawler.New(crawler.Config{
		UserAgent: testUA, Concurrency: 8, PerHostDelay: time.Second, Timeout: 20 * time.Second,
		RespectRobots: true, DialContext: dial,
	}, st, newMemSink())
	if err != nil {
		b.Fatal(err)
	}
	var ms runtime.MemStats
	var firstHeap, lastHeap uint64
	var worst time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st.makeDue()
		notModified.Store(0)
		start := time.Now()
		rep, err := c.CrawlDue(context.Background())
		d := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		worst = max(worst, d)
		if got := notModified.Load(); got != 1000 || len(rep.Failures()) != 0 {
			b.Fatalf("refresh %d: %d answered 304, %d failures; want 1000 and 0", i, got, len(rep.Failures()))
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		if i == 0 {
			firstHeap = ms.HeapAlloc
		}
		lastHeap = ms.HeapAlloc
		b.Logf("refresh %d: %s, heap %.1f MB, %d requests so far", i+1, d.Round(time.Millisecond), float64(ms.HeapAlloc)/(1<<20), requests.Load())
	}
	b.ReportMetric(worst.Seconds(), "s/refresh-worst")
	b.ReportMetric(float64(firstHeap)/(1<<20), "MB-heap-first")
	b.ReportMetric(float64(lastHeap)/(1<<20), "MB-heap-last")
	if worst > 60*time.Second {
		b.Errorf("a refresh took %s, want under 60s", worst)
	}
}
