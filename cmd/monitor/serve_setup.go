package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/crypto/bcrypt"

	"github.com/ttdn/monitor/crawler"
	"github.com/ttdn/monitor/crawler/catalog"
	"github.com/ttdn/monitor/crawler/demo"
	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/web"
)

// seedSources puts the configured sources in the store (the config file
// is the admin's word, so it wins), and the catalogue's — or the demo
// world's — where the store has no source of that name yet, so an admin's
// edits in the dashboard survive a restart.
func (a *app) seedSources(ctx context.Context, ar *archive, withDemo bool) error {
	var defaults []index.Source
	switch {
	case withDemo:
		w, err := demo.Start(ctx, "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("demo press world: %w", err)
		}
		ar.closers = append(ar.closers, w.Close)
		defaults = w.Sources()
		a.log.Info("demo press world started", "url", w.URL, "outlets", len(defaults))
	case !a.cfg.NoCatalog:
		srcs, err := catalog.Default()
		if err != nil {
			return fmt.Errorf("source catalogue: %w", err)
		}
		defaults = srcs
	}
	for _, src := range defaults {
		if withDemo {
			// The demo world listens on a new port each start.
			if err := ar.store.UpsertSource(ctx, "system", src); err != nil {
				return fmt.Errorf("demo source %s: %w", src.Name, err)
			}
			continue
		}
		if _, err := ar.store.GetSource(ctx, src.Name); err == nil {
			continue
		} else if !errors.Is(err, index.ErrNotFound) {
			return err
		}
		if err := ar.store.UpsertSource(ctx, "system", src); err != nil {
			return fmt.Errorf("catalogue source %s: %w", src.Name, err)
		}
	}
	for _, sc := range a.cfg.Sources {
		if err := ar.store.UpsertSource(ctx, "system", sc.Source()); err != nil {
			return fmt.Errorf("config source %s: %w", sc.Name, err)
		}
	}
	return nil
}

func (a *app) crawlerConfig(m crawler.Metrics) crawler.Config {
	c := a.cfg.Crawl
	robots := c.RespectRobots == nil || *c.RespectRobots
	return crawler.Config{
		UserAgent: c.UserAgent, Concurrency: c.Concurrency,
		PerHostDelay: time.Duration(c.PerHostDelay), Timeout: time.Duration(c.Timeout),
		MaxBodyBytes: c.MaxBodyBytes, RespectRobots: robots, Logger: a.log, Metrics: m,
	}
}

// announce prints what a person starting the service needs: where it
// listens, the one-time link for the first admin, and demo accounts.
func (a *app) announce(ctx context.Context, ar *archive, srv *web.Server, addr string, withDemo bool) error {
	fmt.Fprintf(a.stdout, "TTĐN Monitor đang chạy / is running: http://%s  (data: %s)\n", addr, ar.dir)
	if withDemo {
		if err := a.demoAccounts(ctx, ar); err != nil {
			return err
		}
	}
	link, err := srv.SetupURL(ctx)
	if err != nil {
		return fmt.Errorf("setup link: %w", err)
	}
	if i := strings.Index(link, "/setup?"); i >= 0 {
		// The page accepts only direct requests from this machine, never
		// through the proxy that base_url names.
		link = "http://" + addr + link[i:]
	}
	if link != "" {
		fmt.Fprintf(a.stdout, "Chưa có tài khoản nào. Mở liên kết sau (một lần, trong 1 giờ, từ máy này) để tạo quản trị viên đầu tiên:\nNo account yet. Open this one-time link (valid 1 hour, from this machine) to create the first admin:\n  %s\n(Máy chủ từ xa / remote server: ssh -L %s:%s <máy chủ / host>)\n", link, portOf(addr), addr)
	}
	return nil
}

// demoAccounts creates (or resets) one account per role with a fresh
// password and prints them: the demo archive holds no real data.
func (a *app) demoAccounts(ctx context.Context, ar *archive) error {
	fmt.Fprintln(a.stdout, "Tài khoản demo / demo accounts:")
	for _, role := range []index.Role{index.RoleAdmin, index.RoleAnalyst, index.RoleViewer} {
		name := "demo-" + string(role)
		pass, err := randomPassword()
		if err != nil {
			return err
		}
		hash, err := bcrypt.GenerateFromPassword([]byte(pass), bcrypt.DefaultCost)
		if err != nil {
			return fmt.Errorf("hash password: %w", err)
		}
		_, err = ar.store.GetUser(ctx, name)
		switch {
		case err == nil:
			err = ar.store.SetPassword(ctx, "system", name, string(hash))
		case errors.Is(err, index.ErrNotFound):
			err = ar.store.CreateUser(ctx, "system", &index.User{Username: name, DisplayName: "Demo " + string(role), Role: role, PasswordHash: string(hash)})
		}
		if err != nil {
			return fmt.Errorf("demo account %s: %w", name, err)
		}
		fmt.Fprintf(a.stdout, "  %-8s %-14s %s\n", role, name, pass)
	}
	return nil
}

func randomPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random password: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// topics lists the topics of the loaded rule packs, for validating
// export filters.
func (ar *archive) topics() []string {
	var out []string
	for _, p := range ar.packs {
		for _, r := range p.Rules {
			if !slices.Contains(out, r.Topic) {
				out = append(out, r.Topic)
			}
		}
	}
	slices.Sort(out)
	return out
}

// crawlMetrics counts crawls and ingested items for /metrics.
type crawlMetrics struct {
	crawls   *prometheus.CounterVec
	duration *prometheus.HistogramVec
	items    *prometheus.CounterVec
	matching prometheus.Histogram
	fetches  *prometheus.HistogramVec
	extract  prometheus.Histogram
}

func newCrawlMetrics(reg *prometheus.Registry) *crawlMetrics {
	m := &crawlMetrics{
		crawls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "monitor_source_crawls_total", Help: "Source crawls by outcome.",
		}, []string{"outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "monitor_source_crawl_seconds", Help: "Duration of one source crawl.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 12),
		}, []string{"outcome"}),
		items: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "monitor_items_ingested_total", Help: "Articles handed to the archive, by outcome.",
		}, []string{"outcome"}),
		matching: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "monitor_rule_matching_seconds", Help: "Time to match the rules against one article.",
			Buckets: prometheus.ExponentialBuckets(0.00005, 2, 14),
		}),
		fetches: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "monitor_fetch_seconds", Help: "HTTP requests of the crawler by outcome (2xx, 304, 4xx, 5xx, error, too_large), sent to body closed.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 12),
		}, []string{"outcome"}),
		extract: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "monitor_extraction_seconds", Help: "Time to extract one article page.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 12),
		}),
	}
	reg.MustRegister(m.crawls, m.duration, m.items, m.matching, m.fetches, m.extract)
	return m
}

// registerArchiveGauges adds gauges read from the store at each scrape:
// sources whose last crawl failed, and the morning queue's size.
func registerArchiveGauges(reg *prometheus.Registry, st archiveCounts, log *slog.Logger) {
	read := func(what string, f func(context.Context) (int, error)) func() float64 {
		return func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			n, err := f(ctx)
			if err != nil {
				log.Warn("metrics: "+what, "err", err)
				return math.NaN()
			}
			return float64(n)
		}
	}
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "monitor_sources_failing", Help: "Enabled sources whose last crawl failed.",
		}, read("sources failing", func(ctx context.Context) (int, error) { return failingSources(ctx, st) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "monitor_queue_items", Help: "Flagged items waiting in the queue (new or reviewing).",
		}, read("queue size", func(ctx context.Context) (int, error) { return queueSize(ctx, st) })),
	)
}

// archiveCounts is what the gauges read (*store.Store).
type archiveCounts interface {
	ListSources(ctx context.Context) ([]index.Source, error)
	ListItems(ctx context.Context, f index.ItemFilter) ([]*index.Item, int, error)
}

func failingSources(ctx context.Context, st archiveCounts) (int, error) {
	srcs, err := st.ListSources(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range srcs {
		if s.Enabled && s.Health.ConsecutiveFailures > 0 {
			n++
		}
	}
	return n, nil
}

func queueSize(ctx context.Context, st archiveCounts) (int, error) {
	flagged := true
	_, total, err := st.ListItems(ctx, index.ItemFilter{
		Statuses: []index.Status{index.StatusNew, index.StatusReviewing}, Flagged: &flagged, Limit: 1,
	})
	return total, err
}

func (m *crawlMetrics) SourceCrawled(_ string, outcome string, d time.Duration) {
	m.crawls.WithLabelValues(outcome).Inc()
	m.duration.WithLabelValues(outcome).Observe(d.Seconds())
}

func (m *crawlMetrics) Fetched(outcome string, d time.Duration) {
	m.fetches.WithLabelValues(outcome).Observe(d.Seconds())
}

func (m *crawlMetrics) Extracted(d time.Duration) { m.extract.Observe(d.Seconds()) }

func (m *crawlMetrics) ItemIngested(_ string, outcome index.Outcome) {
	m.items.WithLabelValues(string(outcome)).Inc()
}

// portOf is the port of a host:port address, for the ssh tunnel hint.
func portOf(addr string) string {
	if _, port, err := net.SplitHostPort(addr); err == nil {
		return port
	}
	return addr
}
