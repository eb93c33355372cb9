package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/ttdn/monitor/crawler/feed"
	"github.com/ttdn/monitor/crawler/fetch"
	"github.com/ttdn/monitor/crawler/site"
	"github.com/ttdn/monitor/index"
)

// candidate is an article found on a source, before its page is fetched.
type candidate struct {
	URL, Title, Summary, Body, Author, Language string
	Published                                   time.Time
	NeedPage                                    bool // fetch and extract the page for the text
}

// crawl crawls one source, hands its articles to the sink, saves its
// health and returns the report. It never panics the caller: a panic in
// parsing is recorded as the source's error.
func (c *Crawler) crawl(ctx context.Context, s index.Source) (rep SourceReport) {
	start := c.cfg.Now()
	rep = SourceReport{Name: s.Name, Kind: s.Kind}
	h := s.Health
	h.LastAttempt = start
	defer func() {
		if r := recover(); r != nil {
			rep.Err = fmt.Errorf("lỗi nội bộ khi xử lý nguồn: %v", r)
		}
		rep.Duration = c.cfg.Now().Sub(start)
		c.finish(ctx, s, h, &rep)
		if c.cfg.OnSource != nil {
			c.cfg.OnSource(rep)
		}
	}()
	sctx, cancel := context.WithTimeout(ctx, c.cfg.SourceTimeout)
	defer cancel()
	var (
		cands []candidate
		err   error
	)
	switch s.Kind {
	case index.KindFeed, "":
		cands, err = c.feedCandidates(sctx, s, &h, &rep)
	case index.KindSite:
		cands, err = c.siteCandidates(sctx, s, &rep)
	default:
		err = fmt.Errorf("loại nguồn %q không được hỗ trợ (feed hoặc site)", s.Kind)
	}
	if err != nil {
		rep.Err = err
		return rep
	}
	rep.Seen = len(cands)
	var partial []error
	done := map[string]bool{}
	for _, cd := range cands {
		k := dedupKey(cd.URL)
		if done[k] {
			continue
		}
		done[k] = true
		if sctx.Err() != nil {
			partial = append(partial, fmt.Errorf("dừng giữa chừng: %w", sctx.Err()))
			break
		}
		if perr := c.handle(sctx, s, cd, &rep); perr != nil {
			partial = append(partial, perr)
		}
	}
	if len(partial) > 0 {
		rep.Partial = fmt.Errorf("%d/%d bài không lấy được: %w", rep.Failed, len(cands), partial[0])
		if rep.Failed == len(cands) || errors.Is(partial[0], context.DeadlineExceeded) && rep.Created+rep.Updated+rep.Unchanged+rep.Aliases == 0 {
			rep.Err, rep.Partial = rep.Partial, nil
		}
	}
	return rep
}

// finish saves the source's health after a crawl.
func (c *Crawler) finish(ctx context.Context, s index.Source, h index.SourceHealth, rep *SourceReport) {
	now := c.cfg.Now()
	interval := s.Interval
	if interval <= 0 {
		interval = c.cfg.DefaultInterval
	}
	if ctx.Err() != nil && (rep.Err != nil || rep.Partial != nil) {
		c.stopped(s, rep)
		return
	}
	outcome := "ok"
	if rep.Err != nil {
		outcome = "error"
		h.ConsecutiveFailures++
		h.LastError = rep.Err.Error()
		wait := backoff(interval, c.cfg.MaxBackoff, h.ConsecutiveFailures)
		if ra := fetch.RetryAfterOf(rep.Err); ra > wait {
			wait = min(ra, c.cfg.MaxBackoff)
		}
		h.NextDue = now.Add(wait)
		c.log.Warn("crawl failed", "source", s.Name, "err", rep.Err, "failures", h.ConsecutiveFailures, "next_due", h.NextDue)
	} else {
		h.LastSuccess = now
		h.ConsecutiveFailures = 0
		h.LastError = ""
		if rep.Partial != nil {
			outcome = "partial"
			h.LastError = "lỗi một phần: " + rep.Partial.Error()
		}
		if rep.NotModified {
			outcome = "not_modified"
		}
		h.ItemsSeen = rep.Seen
		h.NextDue = now.Add(interval)
		c.log.Info("crawled", "source", s.Name, "seen", rep.Seen, "created", rep.Created, "updated", rep.Updated,
			"not_modified", rep.NotModified, "failed", rep.Failed, "duration", rep.Duration.Round(time.Millisecond))
	}
	rep.NextDue = h.NextDue
	if c.cfg.Metrics != nil {
		c.cfg.Metrics.SourceCrawled(s.Name, outcome, rep.Duration)
	}
	// A crawl that finished is saved even when the context ended just
	// after: a short detached context lets the store write it.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := c.store.SaveHealth(sctx, s.Name, h); err != nil {
		c.log.Error("save source health", "source", s.Name, "err", err)
	}
}

// stopped ends a crawl that the caller cut short (the service shutting
// down, Ctrl-C on monitor crawl). That is not the source's failure, so
// its health is left as it was: no failure counted, no backoff, still due
// at the next start. Nothing is saved at all, because new feed
// validators saved now would hide the articles not yet fetched behind a
// 304 next time.
func (c *Crawler) stopped(s index.Source, rep *SourceReport) {
	rep.NextDue = s.Health.NextDue
	if c.cfg.Metrics != nil {
		c.cfg.Metrics.SourceCrawled(s.Name, "stopped", rep.Duration)
	}
	err := rep.Err
	if err == nil {
		err = rep.Partial
	}
	c.log.Info("crawl stopped before it finished", "source", s.Name, "err", err,
		"created", rep.Created, "updated", rep.Updated, "duration", rep.Duration.Round(time.Millisecond))
}

// feedAccept is the Accept header for feeds.
const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"

// feedCandidates fetches the feed conditionally and lists its entries.
// The validators in h are updated only when the feed parsed.
func (c *Crawler) feedCandidates(ctx context.Context, s index.Source, h *index.SourceHealth, rep *SourceReport) ([]candidate, error) {
	resp, err := c.fetcher.Fetch(ctx, fetch.Request{URL: s.URL, Accept: feedAccept, ETag: h.ETag, LastModified: h.LastModified, Jar: c.jar(s.Name)})
	if err != nil {
		return nil, err
	}
	if resp.NotModified {
		rep.NotModified = true
		return nil, nil
	}
	f, err := feed.Parse(resp.Body, resp.ContentType, resp.URL, legacyCharset(s.Language))
	if err != nil {
		return nil, fmt.Errorf("%w — %s", err, s.URL)
	}
	h.ETag, h.LastModified = resp.ETag, resp.LastModified
	out := make([]candidate, 0, len(f.Entries))
	for _, e := range f.Entries {
		if e.Link == "" {
			continue
		}
		out = append(out, candidate{
			URL: e.Link, Title: e.Title, Summary: e.Summary, Body: e.Text(), Author: e.Author,
			Published: e.Published, Language: f.Language, NeedPage: e.SummaryOnly(),
		})
	}
	return out, nil
}

// siteCandidates discovers a feedless site's article links.
func (c *Crawler) siteCandidates(ctx context.Context, s index.Source, rep *SourceReport) ([]candidate, error) {
	if err := c.fetcher.Allowed(ctx, s.URL); err != nil {
		return nil, err
	}
	cfg := site.Config{
		Transport: c.fetcher, Jar: c.jar(s.Name), CheckRedirect: c.fetcher.CheckRedirect,
		UserAgent: c.fetcher.Config().UserAgent,
		MaxPages:  c.cfg.MaxPages, MaxLinks: c.cfg.MaxArticles, Allowed: c.fetcher.Allowed,
	}
	var extra []string
	if s.LinkSelector == "" {
		extra = c.fetcher.Sitemaps(ctx, s.URL)
	}
	links, err := site.Discover(ctx, cfg, s.URL, s.LinkSelector, extra)
	if len(links) == 0 {
		return nil, err
	}
	if err != nil {
		rep.Partial = err
	}
	out := make([]candidate, 0, len(links))
	for _, l := range links {
		if c.fetcher.Allowed(ctx, l.URL) != nil {
			// Disallowed by robots.txt (or robots unreadable): never requested.
			rep.Disallowed++
			continue
		}
		out = append(out, candidate{URL: l.URL, Title: l.Title, Published: l.Published, NeedPage: true})
	}
	return out, nil
}

// legacyCharset is the charset assumed for undeclared non-UTF-8 bytes.
func legacyCharset(lang string) string {
	if lang == "vi" {
		return "windows-1258"
	}
	return "windows-1252"
}

// trackingParams are query parameters that only say where a click came
// from; two links that differ only by them are one article.
var trackingParams = map[string]bool{"fbclid": true, "gclid": true, "mc_cid": true, "mc_eid": true, "igshid": true, "_ga": true}

// dedupKey identifies an article link within one crawl: the URL without
// fragment and tracking parameters. The link itself goes to the sink as
// found; the archive canonicalises it.
func dedupKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Fragment = ""
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(strings.ToLower(k), "utm_") || trackingParams[strings.ToLower(k)] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
