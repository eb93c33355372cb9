// Package demo is the embedded press world of `monitor serve --demo`:
// loopback HTTP servers for a dozen fictional outlets (each name marked
// "(demo)"), every outlet on its own port — so a crawler's per-host
// politeness treats them as the separate sites they stand for — and under
// its own path prefix, plus an index page listing them: feeds in RSS 2.0,
// Atom, RSS 1.0 (RDF) and JSON Feed, one feedless site with listing pages,
// pagination and a sitemap, and one outlet that is down — with about 200
// articles in Vietnamese, English and French from 2021 to 2026. Every
// article page is full HTML (navigation, related links, comments, footer,
// canonical link, published time). The articles are embedded data
// (world/*.yaml) with fixed dates, so the world is the same on every run.
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ttdn/monitor/index"
)

// DefaultAddr is the address Start listens on when given "".
const DefaultAddr = "127.0.0.1:0"

// SourceInterval is the crawl interval of the demo sources.
const SourceInterval = 10 * time.Minute

// SiteLinkSelector finds article links on the feedless site's listing pages.
const SiteLinkSelector = "ul.danh-sach h3 a"

// World is a running demo press world.
type World struct {
	// URL is the index page's base URL, e.g. http://127.0.0.1:41234; it
	// lists the outlets, each served from its own OutletURL.
	URL string

	outlets []*Outlet
	bases   map[*Outlet]string
	servers []*http.Server
	done    chan struct{}
}

// Start loads the world and serves its index page on addr, which must be a
// loopback address ("" means 127.0.0.1:0, a free port), and each outlet on
// a free port of the same host. The servers stop when ctx ends or Close is
// called. Start returns an error if addr is not loopback, a port cannot be
// opened or the embedded world is broken.
func Start(ctx context.Context, addr string) (*World, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	if err := checkLoopback(addr); err != nil {
		return nil, err
	}
	outlets, err := loadWorld()
	if err != nil {
		return nil, fmt.Errorf("demo world: %w", err)
	}
	p, err := parsePages()
	if err != nil {
		return nil, fmt.Errorf("demo world: %w", err)
	}
	host, _, _ := net.SplitHostPort(addr)
	w := &World{outlets: outlets, bases: map[*Outlet]string{}, done: make(chan struct{})}
	if err := w.listen(p, addr, host); err != nil {
		w.shutdown()
		return nil, fmt.Errorf("demo world: %w", err)
	}
	go func() {
		select {
		case <-ctx.Done():
			w.Close()
		case <-w.done:
		}
	}()
	return w, nil
}

// listen opens the index listener on addr and one listener per outlet on
// host, renders each outlet for its base URL and starts serving.
func (w *World) listen(p *pages, addr, host string) error {
	main, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	w.URL = "http://" + main.Addr().String()
	lns := []net.Listener{main}
	handlers := []http.Handler{nil} // the index page, set below
	for _, o := range w.outlets {
		ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			closeAll(lns)
			return fmt.Errorf("listen for %s: %w", o.Slug, err)
		}
		lns = append(lns, ln)
		w.bases[o] = "http://" + ln.Addr().String()
		s, err := buildSite(p, w.bases[o], o)
		if err != nil {
			closeAll(lns)
			return err
		}
		handlers = append(handlers, s)
	}
	idx, err := indexPage(w)
	if err != nil {
		closeAll(lns)
		return err
	}
	handlers[0] = idx
	for i, ln := range lns {
		srv := &http.Server{Handler: handlers[i], ReadHeaderTimeout: 5 * time.Second}
		w.servers = append(w.servers, srv)
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				slog.Error("demo world server stopped", "addr", ln.Addr().String(), "error", err)
			}
		}()
	}
	return nil
}

func closeAll(lns []net.Listener) {
	for _, ln := range lns {
		ln.Close()
	}
}

func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("demo world: address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("demo world: address %q is not a loopback address", addr)
	}
	return nil
}

// Close stops every server of the world. It returns the servers'
// shutdown errors, joined.
func (w *World) Close() error {
	select {
	case <-w.done:
		return nil
	default:
		close(w.done)
	}
	return w.shutdown()
}

func (w *World) shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var errs []error
	for _, srv := range w.servers {
		errs = append(errs, srv.Shutdown(ctx))
	}
	return errors.Join(errs...)
}

// OutletURL returns the base URL outlet o is served from.
func (w *World) OutletURL(o *Outlet) string { return w.bases[o] }

// Sources returns one source per outlet, pointing at its server: the
// outlet's feed, the site's first listing page (with SiteLinkSelector), or
// the down outlet's feed. Names are "demo-" and the outlet's slug.
func (w *World) Sources() []index.Source {
	out := make([]index.Source, 0, len(w.outlets))
	for _, o := range w.outlets {
		s := index.Source{
			Name: "demo-" + o.Slug, Title: o.Name, Kind: index.KindFeed, URL: w.bases[o] + feedPath(o),
			Origin: o.Origin, Country: o.Country, Language: o.Language, Interval: SourceInterval, Enabled: true,
		}
		if o.Format == FormatSite {
			s.Kind, s.LinkSelector = index.KindSite, SiteLinkSelector
		}
		out = append(out, s)
	}
	return out
}

// Outlets returns the world's outlets, each with its articles.
func (w *World) Outlets() []*Outlet { return w.outlets }

// Articles returns every article the world serves (the down outlet's
// included), newest first within each outlet.
func (w *World) Articles() []*Article {
	var out []*Article
	for _, o := range w.outlets {
		out = append(out, o.articles...)
	}
	return out
}

// Articles returns the outlet's articles, newest first.
func (o *Outlet) Articles() []*Article { return o.articles }

// ArticleURL returns the article's canonical URL on w.
func (w *World) ArticleURL(a *Article) string { return w.bases[a.Outlet] + a.Path() }
