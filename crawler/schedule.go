package crawler

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/ttdn/monitor/index"
)

// Run crawls sources as they fall due until ctx ends, then waits for the
// crawls in progress and returns nil. A store that cannot list sources is
// logged and tried again a minute later.
func (c *Crawler) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	slots := make(chan struct{}, c.cfg.SourceParallelism)
	defer wg.Wait()
	for {
		wait := time.Minute
		sources, err := c.store.ListSources(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			c.log.Error("list sources", "err", err)
		}
		now := c.cfg.Now()
		for _, s := range sources {
			if !s.Enabled {
				continue
			}
			if d := s.Health.NextDue.Sub(now); d > 0 {
				wait = min(wait, d)
				continue
			}
			if !c.claim(s.Name) {
				continue
			}
			wg.Add(1)
			go func(s index.Source) {
				defer wg.Done()
				defer c.release(s.Name)
				select {
				case slots <- struct{}{}:
				case <-ctx.Done():
					return
				}
				defer func() { <-slots }()
				c.crawl(ctx, s)
			}(s)
		}
		t := time.NewTimer(max(wait, time.Second))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-c.kick:
			t.Stop()
		case <-t.C:
		}
	}
}

// CrawlDue crawls every enabled source that is due, once, in parallel,
// and returns when all are done. A failing source is recorded in its
// health and the report; the error is only for a store that cannot list
// sources, or ctx ending.
func (c *Crawler) CrawlDue(ctx context.Context) (Report, error) {
	sources, err := c.store.ListSources(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("list sources: %w", err)
	}
	now := c.cfg.Now()
	var due []index.Source
	for _, s := range sources {
		if s.Enabled && !s.Health.NextDue.After(now) {
			due = append(due, s)
		}
	}
	return c.crawlAll(ctx, interleaveHosts(due))
}

// CrawlSource crawls the named source now, due or not, enabled or not.
// It returns an error wrapping index.ErrNotFound for an unknown name and
// ErrBusy when the source is being crawled already; the source's own
// failure is in the report and its health.
func (c *Crawler) CrawlSource(ctx context.Context, name string) (Report, error) {
	sources, err := c.store.ListSources(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("list sources: %w", err)
	}
	i := slices.IndexFunc(sources, func(s index.Source) bool { return s.Name == name })
	if i < 0 {
		return Report{}, fmt.Errorf("nguồn %q: %w", name, index.ErrNotFound)
	}
	if !c.claim(name) {
		return Report{}, fmt.Errorf("nguồn %q: %w", name, ErrBusy)
	}
	defer c.release(name)
	rep := Report{Started: c.cfg.Now()}
	rep.Sources = append(rep.Sources, c.crawl(ctx, sources[i]))
	rep.Finished = c.cfg.Now()
	return rep, ctx.Err()
}

// crawlAll crawls sources in parallel, skipping those already running.
func (c *Crawler) crawlAll(ctx context.Context, sources []index.Source) (Report, error) {
	rep := Report{Started: c.cfg.Now()}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		slots = make(chan struct{}, c.cfg.SourceParallelism)
	)
	for _, s := range sources {
		if !c.claim(s.Name) {
			continue
		}
		wg.Add(1)
		go func(s index.Source) {
			defer wg.Done()
			defer c.release(s.Name)
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-slots }()
			sr := c.crawl(ctx, s)
			mu.Lock()
			rep.Sources = append(rep.Sources, sr)
			mu.Unlock()
		}(s)
	}
	wg.Wait()
	slices.SortFunc(rep.Sources, func(a, b SourceReport) int { return cmp.Compare(a.Name, b.Name) })
	rep.Finished = c.cfg.Now()
	return rep, ctx.Err()
}

// interleaveHosts orders sources round-robin by host, so that parallel
// crawls spread over hosts instead of queueing behind one host's delay.
func interleaveHosts(sources []index.Source) []index.Source {
	byHost := map[string][]index.Source{}
	var hosts []string
	for _, s := range sources {
		h := s.URL
		if u, err := url.Parse(s.URL); err == nil {
			h = u.Host
		}
		if _, ok := byHost[h]; !ok {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], s)
	}
	out := make([]index.Source, 0, len(sources))
	for i := 0; len(out) < len(sources); i++ {
		for _, h := range hosts {
			if i < len(byHost[h]) {
				out = append(out, byHost[h][i])
			}
		}
	}
	return out
}

// backoff is the pause after n consecutive failures: the interval, then
// doubling, at most max.
func backoff(interval, maxWait time.Duration, n int) time.Duration {
	d := interval
	for i := 1; i < n && d < maxWait; i++ {
		d *= 2
	}
	return min(d, maxWait)
}
