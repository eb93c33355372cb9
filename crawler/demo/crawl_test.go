package demo_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ttdn/monitor/crawler"
	"github.com/ttdn/monitor/crawler/demo"
	"github.com/ttdn/monitor/index"
)

type memStore struct {
	mu   sync.Mutex
	srcs []index.Source
}

func (s *memStore) ListSources(context.Context) ([]index.Source, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]index.Source(nil), s.srcs...), nil
}

func (s *memStore) SaveHealth(_ context.Context, name string, h index.SourceHealth) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.srcs {
		if s.srcs[i].Name == name {
			s.srcs[i].Health = h
		}
	}
	return nil
}

type memSink struct {
	mu    sync.Mutex
	items map[string]*index.Item // by canonical URL, or URL without query
}

func (s *memSink) Ingest(_ context.Context, it *index.Item) (index.Outcome, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := it.CanonicalURL
	if key == "" { // canonicalising is ingest's job; the crawler may leave it
		key, _, _ = strings.Cut(it.URL, "?")
	}
	s.items[key] = it
	return index.OutcomeCreated, nil
}

// TestRealCrawlerReadsTheWorld runs the project's crawler over the demo
// world, as `serve --demo` does: every article of every live outlet
// arrives with its text and publication time, and the down outlet's
// failure shows in its health.
func TestRealCrawlerReadsTheWorld(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	w, err := demo.Start(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	st, sink := &memStore{srcs: w.Sources()}, &memSink{items: map[string]*index.Item{}}
	c, err := crawler.New(crawler.Config{PerHostDelay: 10 * time.Millisecond, RespectRobots: true}, st, sink)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CrawlDue(ctx); err != nil {
		t.Fatalf("CrawlDue: %v", err)
	}
	for _, a := range w.Articles() {
		if a.Outlet.Format == demo.FormatDown {
			continue
		}
		it, ok := sink.items[w.ArticleURL(a)]
		switch {
		case !ok:
			t.Errorf("%s: not crawled", w.ArticleURL(a))
		case !it.PublishedAt.Equal(a.Published):
			t.Errorf("%s: published %v, want %v", w.ArticleURL(a), it.PublishedAt, a.Published)
		case len(it.Body) < 200:
			t.Errorf("%s: body of %d bytes", w.ArticleURL(a), len(it.Body))
		}
	}
	srcs, _ := st.ListSources(ctx)
	for _, s := range srcs {
		down := s.Name == "demo-nui-ngoc"
		if failed := s.Health.ConsecutiveFailures > 0 && s.Health.LastError != ""; failed != down {
			t.Errorf("%s: health %+v", s.Name, s.Health)
		}
	}
}
