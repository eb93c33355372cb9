package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/ttdn/monitor/crawler"
	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/store"
	"github.com/ttdn/monitor/web"
)

// demoDataDir keeps the demo's archive away from real data.
const demoDataDir = "./data-demo"

func newServeCmd(a *app) *cobra.Command {
	var addr string
	var demo bool
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--demo]",
		Short: "run the dashboard, the JSON API and scheduled crawling",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if addr == "" {
				addr = a.cfg.Addr
			}
			if demo {
				// Demo outlets and accounts must never land in a real
				// archive: only an explicit --data moves the demo's.
				if a.flags.data == "" {
					a.cfg.Data = demoDataDir
				}
				// Every demo outlet is on one loopback host that is ours.
				a.cfg.Crawl.PerHostDelay = Duration(20 * time.Millisecond)
			}
			return a.runServe(cmd.Context(), addr, demo)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "listen address (default 127.0.0.1:8080)")
	cmd.Flags().BoolVar(&demo, "demo", false, "crawl a built-in fictional press world into ./data-demo")
	return cmd
}

// runServe runs the service until SIGINT/SIGTERM. A stop asked for while
// it is still starting (opening the archive, seeding sources) is a clean
// stop too: whatever was under way is rolled back, and the exit status
// is 0 as for a stop after start-up, so a service manager sees no failure.
func (a *app) runServe(ctx context.Context, addr string, demo bool) error {
	err := a.startAndServe(ctx, addr, demo)
	if err != nil && ctx.Err() != nil {
		a.log.Info("stopped during start-up", "err", err)
		return nil
	}
	return err
}

func (a *app) startAndServe(ctx context.Context, addr string, demo bool) error {
	ln, err := listen(addr)
	if err != nil {
		if held := a.dataDirHeld(); held != nil {
			return held // the likelier cause: this data dir is served already
		}
		return err
	}
	defer ln.Close()
	shown := linkAddr(ln.Addr())
	ar, err := a.openArchive(ctx)
	if err != nil {
		return err
	}
	if err := a.seedSources(ctx, ar, demo); err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	metrics := newCrawlMetrics(reg)
	ar.ingest.ObserveMatching(func(d time.Duration) { metrics.matching.Observe(d.Seconds()) })
	registerArchiveGauges(reg, ar.store, a.log)
	cr, err := crawler.New(a.crawlerConfig(metrics), ar.store, ar.ingest)
	if err != nil {
		return fmt.Errorf("crawler: %w", err)
	}
	srv, err := a.newWebServer(ctx, ar, shown, cr, reg)
	if err != nil {
		return err
	}
	defer srv.Close()
	if err := a.announce(ctx, ar, srv, shown, demo); err != nil {
		return err
	}
	return a.serveUntilDone(ctx, ln, srv.Handler(), ar, cr)
}

// listen opens the port first, so a port in use is said in one line
// before anything else starts.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("address %s is already in use (is another monitor serve running?)", addr)
		}
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// linkAddr is the address to print and to build the setup link on: the
// listener's real one (so --addr 127.0.0.1:0 links to the chosen port),
// with a wildcard host (":8080", "0.0.0.0:8080") replaced by loopback,
// since the setup link is only accepted from this machine.
func linkAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
	}
	return tcp.String()
}

// dataDirHeld returns the lock error naming the process that holds the
// data dir, or nil when no process does (or the dir does not exist yet).
func (a *app) dataDirHeld() error {
	if _, err := os.Stat(a.cfg.Data); err != nil {
		return nil
	}
	unlock, err := store.LockDir(a.cfg.Data)
	if err != nil {
		if errors.Is(err, index.ErrLocked) {
			return err
		}
		return nil
	}
	_ = unlock()
	return nil
}

func (a *app) newWebServer(ctx context.Context, ar *archive, addr string, cr *crawler.Crawler, reg *prometheus.Registry) (*web.Server, error) {
	key, err := sessionKey(ar.dir)
	if err != nil {
		return nil, err
	}
	srv, err := web.New(web.Config{
		Addr: addr, BaseURL: a.cfg.BaseURL, SessionKey: key, Location: vietnam(), Logger: a.log,
		TrustedProxies: a.cfg.TrustedProxies,
	}, web.Deps{
		Archive: ar.store, Search: ar.index, Sync: ar.ingest,
		Crawler: crawlNow{cr}, Rules: newRulesReloader(a, ar), Letterhead: a.letterhead(ar.profile), Registry: reg,
	})
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	return srv, nil
}

// serveUntilDone runs the HTTP server, the crawl scheduler and the
// background indexer until ctx ends (SIGINT, SIGTERM), then shuts down
// gracefully: in-flight requests and writes finish, pending items are
// indexed.
func (a *app) serveUntilDone(ctx context.Context, ln net.Listener, h http.Handler, ar *archive, cr *crawler.Crawler) error {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); ar.ingest.Run(runCtx, 5*time.Second) }()
	go func() {
		defer wg.Done()
		if err := cr.Run(runCtx); err != nil && runCtx.Err() == nil {
			a.log.Error("crawler stopped", "err", err)
		}
	}()
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
		a.log.Info("shutting down")
	case err = <-serveErr:
	}
	shutCtx, done := context.WithTimeout(context.Background(), 15*time.Second)
	defer done()
	if serr := hs.Shutdown(shutCtx); serr != nil && err == nil {
		err = fmt.Errorf("shutdown: %w", serr)
	}
	cancel()
	wg.Wait()
	if ferr := ar.ingest.Flush(shutCtx, nil); ferr != nil && err == nil {
		err = ferr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// sessionKey is the dashboard's cookie key, made once per data dir so
// logins survive a restart.
func sessionKey(dir string) ([]byte, error) {
	path := filepath.Join(dir, "session.key")
	if key, err := os.ReadFile(path); err == nil && len(key) >= 32 {
		return key, nil
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	if err := os.WriteFile(path, key, 0o600); err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	return key, nil
}

// crawlNow adapts the crawler to the dashboard's "crawl now" button.
type crawlNow struct{ c *crawler.Crawler }

func (c crawlNow) CrawlSource(ctx context.Context, name string) error {
	_, err := c.c.CrawlSource(ctx, name)
	return err
}
