package crawler_test

import (
	"context"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

// TestShutdownIsNotAFailure: a crawl cut short by the caller's context
// (the service stopping) leaves the source's health as it was: no failure
// counted, no error recorded, no backoff, so it is due again at the next
// start.
func TestShutdownIsNotAFailure(t *testing.T) {
	before := index.SourceHealth{ConsecutiveFailures: 2, LastError: "lỗi lần trước", NextDue: time.Now().Add(-time.Minute).Truncate(time.Second)}
	stalled := src("treo", index.KindFeed, "http://stall.test/rss", index.OriginDomestic, "VN", "vi")
	stalled.Health = before

	t.Run("CrawlSource", func(t *testing.T) {
		st := &memStore{sources: []index.Source{stalled}}
		c := newTestCrawler(t, newWorld(t), st, newMemSink())
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		rep, _ := c.CrawlSource(ctx, "treo")
		if len(rep.Sources) != 1 {
			t.Fatalf("report has %d sources", len(rep.Sources))
		}
		if got := st.health("treo"); got != before {
			t.Errorf("health after a stopped crawl = %+v, want it unchanged %+v", got, before)
		}
		if !rep.Sources[0].NextDue.Equal(before.NextDue) {
			t.Errorf("report next due %s, want %s (unchanged)", rep.Sources[0].NextDue, before.NextDue)
		}
	})

	t.Run("Run", func(t *testing.T) {
		fresh := stalled
		fresh.Health = index.SourceHealth{}
		st := &countingStore{memStore: &memStore{sources: []index.Source{fresh}}}
		c := newTestCrawler(t, newWorld(t), st, newMemSink())
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- c.Run(ctx) }()
		time.Sleep(300 * time.Millisecond) // the fetch is hanging now
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
		if h := st.health("treo"); h.ConsecutiveFailures != 0 || h.LastError != "" || !h.NextDue.IsZero() {
			t.Errorf("health after shutdown = %+v, want no failure and still due", h)
		}
		if n := st.saves.Load(); n != 0 {
			t.Errorf("%d health saves for a stopped crawl, want none", n)
		}
	})
}
