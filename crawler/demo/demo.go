// Package demo is the embedded press world of `monitor serve --demo`: an
// HTTP server on a loopback port serving a dozen fictional outlets (each
// name marked "(demo)") under their own path prefixes — feeds in RSS 2.0,
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
	// URL is the server's base URL, e.g. http://127.0.0.1:41234.
	URL string

	outlets []*Outlet
	srv     *http.Server
	done    chan struct{}
}

// Start loads the world and serves it on addr, which must be a loopback
// address ("" means 127.0.0.1:0, a free port). The server stops when ctx
// ends or Close is called. Start returns an error if addr is not loopback,
// the port cannot be opened or the embedded world is broken.
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
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("demo world: listen: %w", err)
	}
	w := &World{URL: "http://" + ln.Addr().String(), outlets: outlets, done: make(chan struct{})}
	site, err := buildSite(w.URL, outlets)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("demo world: %w", err)
	}
	w.srv = &http.Server{Handler: site, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := w.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Error("demo world stopped", "error", err)
		}
	}()
	go func() {
		select {
		case <-ctx.Done():
			w.Close()
		case <-w.done:
		}
	}()
	return w, nil
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

// Close stops the server. It returns the server's close error.
func (w *World) Close() error {
	select {
	case <-w.done:
		return nil
	default:
		close(w.done)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return w.srv.Shutdown(ctx)
}

// Sources returns one source per outlet, pointing at the server: the
// outlet's feed, the site's first listing page (with SiteLinkSelector), or
// the down outlet's feed. Names are "demo-" and the outlet's slug.
func (w *World) Sources() []index.Source {
	out := make([]index.Source, 0, len(w.outlets))
	for _, o := range w.outlets {
		s := index.Source{
			Name: "demo-" + o.Slug, Title: o.Name, Kind: index.KindFeed, URL: w.URL + feedPath(o),
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
func (w *World) ArticleURL(a *Article) string { return w.URL + a.Path() }
