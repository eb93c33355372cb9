// Package crawler brings every new article of the configured sources into
// the archive: feeds (package feed) and feedless sites (package site),
// fetched through one politeness layer (package fetch), article pages
// turned into text (package extract), each article handed to a Sink once
// per crawl. It schedules sources by their interval, backs failing ones
// off up to a day without ever disabling them, and records every source's
// health in the SourceStore.
package crawler

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"sync"
	"time"

	"github.com/ttdn/monitor/crawler/fetch"
	"github.com/ttdn/monitor/index"
)

// Sink receives every article; the archive's ingest path implements it
// (normalises the URL, dedups, clusters, applies rules, stores, indexes).
type Sink interface {
	Ingest(ctx context.Context, it *index.Item) (index.Outcome, error)
}

// Known may be implemented by a Sink that can tell which article URLs the
// archive already holds; the crawler then does not fetch those pages
// again. It returns the subset of urls already known.
type Known interface {
	Known(ctx context.Context, urls []string) (map[string]bool, error)
}

// SourceStore is where sources and their health live.
type SourceStore interface {
	ListSources(ctx context.Context) ([]index.Source, error)
	SaveHealth(ctx context.Context, name string, h index.SourceHealth) error
}

// Metrics receives counts for monitoring (a Prometheus adapter, say).
// Implementations must be safe for concurrent use.
type Metrics interface {
	// SourceCrawled is called once per source crawl: outcome is "ok",
	// "not_modified", "partial", "error", or "stopped" when the caller's
	// context ended first (shutdown; not counted against the source).
	SourceCrawled(source, outcome string, d time.Duration)
	// ItemIngested is called for each article handed to the Sink.
	ItemIngested(source string, outcome index.Outcome)
}

// Config is the crawler's politeness, limits and scheduling. Zero fields
// take defaults (see fetch.DefaultConfig and the comments).
type Config struct {
	UserAgent      string
	Concurrency    int           // HTTP requests in flight overall (default 8)
	PerHostDelay   time.Duration // between requests to one host (default 1s)
	ConnectTimeout time.Duration
	HeaderTimeout  time.Duration
	Timeout        time.Duration // one whole request (default 20s)
	MaxBodyBytes   int64         // default 10 MiB
	RespectRobots  bool
	MaxRedirects   int // default 10
	MaxRetries     int // default 2; -1 for none
	RetryBase      time.Duration
	MaxRetryWait   time.Duration // longest Retry-After waited for in place (default 30s)

	DefaultInterval   time.Duration // for sources without one (default 30m)
	MaxBackoff        time.Duration // longest pause after failures (default 24h)
	SourceTimeout     time.Duration // one source's whole crawl (default 10m)
	SourceParallelism int           // sources crawled at once (default 256)
	MaxArticles       int           // article pages fetched per source crawl (default 100)
	MaxPages          int           // listing pages or sitemaps per site crawl (default 5)

	// DialContext and Transport override the network for tests.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	Transport   http.RoundTripper
	Logger      *slog.Logger
	Metrics     Metrics
	// OnSource, when set, is called after each source's crawl (progress
	// bars), from the goroutine that crawled it: it must be safe for
	// concurrent use.
	OnSource func(SourceReport)
	Now      func() time.Time
}

func (c Config) withDefaults() Config {
	if c.DefaultInterval <= 0 {
		c.DefaultInterval = 30 * time.Minute
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 24 * time.Hour
	}
	if c.SourceTimeout <= 0 {
		c.SourceTimeout = 10 * time.Minute
	}
	if c.SourceParallelism <= 0 {
		c.SourceParallelism = 256
	}
	if c.MaxArticles <= 0 {
		c.MaxArticles = 100
	}
	if c.MaxPages <= 0 {
		c.MaxPages = 5
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Crawler crawls the sources of a SourceStore into a Sink. Safe for
// concurrent use; a source is never crawled twice at once.
type Crawler struct {
	cfg     Config
	fetcher *fetch.Fetcher
	store   SourceStore
	sink    Sink
	log     *slog.Logger

	mu      sync.Mutex
	running map[string]bool
	jars    map[string]http.CookieJar
	seen    map[string]map[string]bool // source → article URLs ingested by this process
	kick    chan struct{}
}

// ErrBusy means the source is being crawled already.
var ErrBusy = errors.New("nguồn đang được tải, thử lại sau")

// New returns a Crawler. It returns index.ErrInvalid when a store or sink
// is missing.
func New(cfg Config, src SourceStore, sink Sink) (*Crawler, error) {
	if src == nil || sink == nil {
		return nil, index.Invalid("crawler", "a source store and a sink are required")
	}
	cfg = cfg.withDefaults()
	retries := cfg.MaxRetries
	if retries == 0 {
		retries = fetch.DefaultConfig().MaxRetries
	} else if retries < 0 {
		retries = 0
	}
	f := fetch.New(fetch.Config{
		UserAgent: cfg.UserAgent, Concurrency: cfg.Concurrency, PerHostDelay: cfg.PerHostDelay,
		ConnectTimeout: cfg.ConnectTimeout, HeaderTimeout: cfg.HeaderTimeout, Timeout: cfg.Timeout,
		MaxBodyBytes: cfg.MaxBodyBytes, RespectRobots: cfg.RespectRobots, MaxRedirects: cfg.MaxRedirects,
		MaxRetries: retries, RetryBase: cfg.RetryBase, MaxRetryWait: cfg.MaxRetryWait,
		DialContext: cfg.DialContext, Transport: cfg.Transport, Logger: cfg.Logger, Now: cfg.Now,
		Observe: fetchObserver(cfg.Metrics),
	})
	return &Crawler{
		cfg: cfg, fetcher: f, store: src, sink: sink, log: cfg.Logger,
		running: map[string]bool{}, jars: map[string]http.CookieJar{},
		seen: map[string]map[string]bool{}, kick: make(chan struct{}, 1),
	}, nil
}

// FetchMetrics is what Metrics may also implement to see every HTTP
// request and every page extraction.
type FetchMetrics interface {
	Fetched(outcome string, d time.Duration)
	Extracted(d time.Duration)
}

func fetchObserver(m Metrics) func(string, time.Duration) {
	if fm, ok := m.(FetchMetrics); ok {
		return fm.Fetched
	}
	return nil
}

// Fetcher returns the politeness layer the crawler uses.
func (c *Crawler) Fetcher() *fetch.Fetcher { return c.fetcher }

// jar returns the source's cookie jar, kept for the crawler's lifetime.
func (c *Crawler) jar(name string) http.CookieJar {
	c.mu.Lock()
	defer c.mu.Unlock()
	j, ok := c.jars[name]
	if !ok {
		j, _ = cookiejar.New(nil)
		c.jars[name] = j
	}
	return j
}

// markSeen remembers that an article URL of a source reached the archive.
func (c *Crawler) markSeen(source, u string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.seen[source]
	if s == nil || len(s) > 20000 {
		s = map[string]bool{}
		c.seen[source] = s
	}
	s[u] = true
}

func (c *Crawler) wasSeen(source, u string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen[source][u]
}

// claim marks a source as running; false if it already is.
func (c *Crawler) claim(name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running[name] {
		return false
	}
	c.running[name] = true
	return true
}

func (c *Crawler) release(name string) {
	c.mu.Lock()
	delete(c.running, name)
	c.mu.Unlock()
	select {
	case c.kick <- struct{}{}:
	default:
	}
}
