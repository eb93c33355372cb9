package crawler_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

func TestFailingSourceBacksOffButStaysEnabled(t *testing.T) {
	w := newWorld(t)
	st := &memStore{sources: []index.Source{src("mat-trang", index.KindFeed, "http://gone.test/rss", index.OriginDomestic, "VN", "vi")}}
	c := newTestCrawler(t, w, st, newMemSink())
	var prev time.Duration
	for i := 1; i <= 9; i++ {
		rep, err := c.CrawlSource(context.Background(), "mat-trang")
		if err != nil {
			t.Fatalf("CrawlSource: %v", err)
		}
		if rep.Sources[0].Err == nil {
			t.Fatalf("crawl %d: no error for a 404 feed", i)
		}
		h := st.health("mat-trang")
		if h.ConsecutiveFailures != i {
			t.Errorf("crawl %d: consecutive failures = %d", i, h.ConsecutiveFailures)
		}
		wait := time.Until(h.NextDue)
		if wait < prev-time.Minute || wait > 24*time.Hour {
			t.Errorf("crawl %d: next due in %s after %s, want growing up to a day", i, wait, prev)
		}
		prev = wait
	}
	if prev < 23*time.Hour {
		t.Errorf("after 9 failures next due in %s, want the one-day cap", prev)
	}
	srcs, _ := st.ListSources(context.Background())
	if !srcs[0].Enabled {
		t.Error("failing source was disabled")
	}
}

func TestCrawlSourceUnknown(t *testing.T) {
	w := newWorld(t)
	c := newTestCrawler(t, w, &memStore{}, newMemSink())
	if _, err := c.CrawlSource(context.Background(), "khong-co"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("err = %v, want index.ErrNotFound", err)
	}
}

// panicSink panics for one source's items.
type panicSink struct {
	*memSink
	bad string
}

func (p panicSink) Ingest(ctx context.Context, it *index.Item) (index.Outcome, error) {
	if it.Source == p.bad {
		panic("sink exploded")
	}
	return p.memSink.Ingest(ctx, it)
}

func TestPanicStaysInItsSource(t *testing.T) {
	w := newWorld(t)
	st := &memStore{sources: []index.Source{
		src("bao-kon-tum", index.KindFeed, "http://baokontum.test/rss/home.rss", index.OriginDomestic, "VN", "vi"),
		src("sai-ma-hoa", index.KindFeed, "http://saimahoa.test/feed.xml", index.OriginDomestic, "VN", "vi"),
	}}
	sink := panicSink{memSink: newMemSink(), bad: "bao-kon-tum"}
	c := newTestCrawler(t, w, st, sink)
	if _, err := c.CrawlDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h := st.health("bao-kon-tum"); !strings.Contains(h.LastError, "sink exploded") {
		t.Errorf("panicking source health = %q, want the panic recorded", h.LastError)
	}
	if h := st.health("sai-ma-hoa"); h.LastError != "" || len(sink.items) != 1 {
		t.Errorf("other source: error %q, %d items; want it unaffected", h.LastError, len(sink.items))
	}
}

// countingStore counts SaveHealth calls.
type countingStore struct {
	*memStore
	saves atomic.Int32
}

func (s *countingStore) SaveHealth(ctx context.Context, name string, h index.SourceHealth) error {
	s.saves.Add(1)
	return s.memStore.SaveHealth(ctx, name, h)
}

func TestRunCrawlsDueSourcesUntilCancelled(t *testing.T) {
	w := newWorld(t)
	disabled := src("le-courrier", index.KindFeed, "http://lecourrier.test/feed.json", index.OriginForeign, "FR", "")
	disabled.Enabled = false
	st := &countingStore{memStore: &memStore{sources: []index.Source{
		src("bao-kon-tum", index.KindFeed, "http://baokontum.test/rss/home.rss", index.OriginDomestic, "VN", "vi"),
		src("sai-ma-hoa", index.KindFeed, "http://saimahoa.test/feed.xml", index.OriginDomestic, "VN", "vi"),
		disabled,
	}}}
	sink := newMemSink()
	c := newTestCrawler(t, w, st, sink)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for st.saves.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // a due-again source would be crawled now
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil on cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if got := st.saves.Load(); got != 2 {
		t.Errorf("%d crawls, want each enabled source once (interval 30m)", got)
	}
	if h := st.health("le-courrier"); !h.LastAttempt.IsZero() {
		t.Error("disabled source was crawled")
	}
	if got := sink.callCount(); got != 3 {
		t.Errorf("sink got %d items, want 3", got)
	}
}
