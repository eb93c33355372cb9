package crawler_test

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/ttdn/monitor/index"
)

// memStore is an in-memory SourceStore.
type memStore struct {
	mu      sync.Mutex
	sources []index.Source
}

func (s *memStore) ListSources(context.Context) ([]index.Source, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sources), nil
}

func (s *memStore) SaveHealth(_ context.Context, name string, h index.SourceHealth) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.sources {
		if s.sources[i].Name == name {
			s.sources[i].Health = h
			return nil
		}
	}
	return fmt.Errorf("source %q: %w", name, index.ErrNotFound)
}

func (s *memStore) health(name string) index.SourceHealth {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, src := range s.sources {
		if src.Name == name {
			return src.Health
		}
	}
	return index.SourceHealth{}
}

// makeDue sets the named sources (all when none) due now.
func (s *memStore) makeDue(names ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.sources {
		if len(names) == 0 || slices.Contains(names, s.sources[i].Name) {
			s.sources[i].Health.NextDue = time.Time{}
		}
	}
}

// memSink is a fake archive: one item per canonical URL (the declared
// canonical URL, else the URL without utm_ parameters), like the real
// ingest path.
type memSink struct {
	mu    sync.Mutex
	calls []*index.Item
	items map[string]*index.Item
}

func newMemSink() *memSink { return &memSink{items: map[string]*index.Item{}} }

func (s *memSink) Ingest(_ context.Context, it *index.Item) (index.Outcome, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := *it
	s.calls = append(s.calls, &cp)
	key := canonicalKey(it)
	old, ok := s.items[key]
	s.items[key] = &cp
	switch {
	case !ok:
		return index.OutcomeCreated, nil
	case old.Body == it.Body && old.Title == it.Title:
		return index.OutcomeUnchanged, nil
	}
	return index.OutcomeUpdated, nil
}

func (s *memSink) callCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

func canonicalKey(it *index.Item) string {
	raw := it.CanonicalURL
	if raw == "" {
		raw = it.URL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "utm_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// hit is one request the fixture world received.
type hit struct {
	host, path, ua, ifNoneMatch, ifModifiedSince string
}

// world is the fixture press world: one loopback server answering for
// every *.test host name, files from testdata/world/NAME/ (HOST without .test, which .gitignore ignores), and hostile
// behaviours for some hosts.
type world struct {
	t        *testing.T
	srv      *httptest.Server
	mu       sync.Mutex
	hits     []hit
	hugeSent atomic.Int64
	slowHits atomic.Int64
}

const lastModified = "Wed, 25 Nov 2026 00:00:00 GMT"

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t}
	w.srv = httptest.NewServer(http.HandlerFunc(w.serve))
	t.Cleanup(w.srv.Close)
	return w
}

// dial sends every connection to the fixture server, whatever the host.
func (w *world) dial(ctx context.Context, network, _ string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, network, w.srv.Listener.Addr().String())
}

func (w *world) requests() []hit {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.hits)
}

func (w *world) reset() {
	w.mu.Lock()
	w.hits = nil
	w.mu.Unlock()
}

func (w *world) serve(rw http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	w.mu.Lock()
	w.hits = append(w.hits, hit{host: host, path: r.URL.RequestURI(), ua: r.UserAgent(),
		ifNoneMatch: r.Header.Get("If-None-Match"), ifModifiedSince: r.Header.Get("If-Modified-Since")})
	w.mu.Unlock()
	if r.URL.Path != "/robots.txt" && w.hostile(rw, r, host) {
		return
	}
	w.serveFile(rw, r, host)
}

// hostile answers for the misbehaving hosts; false lets the file server
// answer.
func (w *world) hostile(rw http.ResponseWriter, r *http.Request, host string) bool {
	switch host {
	case "loop.test":
		next := map[string]string{"/feed": "/feed-2", "/feed-2": "/feed"}[r.URL.Path]
		http.Redirect(rw, r, next, http.StatusFound)
	case "stall.test": // never answers (a minute, or until the client gives up)
		select {
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	case "trickle.test": // a byte a second
		rw.Header().Set("Content-Type", "application/rss+xml")
		rw.WriteHeader(http.StatusOK)
		for _, b := range []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Chậm</title>`) {
			if _, err := rw.Write([]byte{b}); err != nil {
				return true
			}
			rw.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return true
			case <-time.After(time.Second):
			}
		}
	case "huge.test": // 200 MB, generated
		rw.Header().Set("Content-Type", "application/rss+xml")
		chunk := []byte(strings.Repeat("<item><title>rác</title></item>\n", 1000))
		for sent := int64(0); sent < 200<<20; sent += int64(len(chunk)) {
			if _, err := rw.Write(chunk); err != nil {
				return true
			}
			w.hugeSent.Add(int64(len(chunk)))
		}
	case "ratelimit.test":
		rw.Header().Set("Retry-After", "3600")
		http.Error(rw, "Too many requests", http.StatusTooManyRequests)
	case "slowdown.test":
		if w.slowHits.Add(1) == 1 {
			rw.Header().Set("Retry-After", "1")
			http.Error(rw, "slow down", http.StatusTooManyRequests)
			return true
		}
		return false
	case "challenge.test":
		b, _ := os.ReadFile(filepath.Join("testdata", "world", "challenge", "feed.xml"))
		rw.Header().Set("Content-Type", "text/html; charset=UTF-8")
		rw.WriteHeader(http.StatusServiceUnavailable)
		rw.Write(b)
	case "baoquocgia.test": // the feed needs the session cookie a first visit sets
		if c, err := r.Cookie("phien"); err != nil || c.Value != "ok" {
			http.SetCookie(rw, &http.Cookie{Name: "phien", Value: "ok", Path: "/"})
			http.Redirect(rw, r, r.URL.RequestURI(), http.StatusFound)
			return true
		}
		return false
	default:
		return false
	}
	return true
}

// serveFile serves testdata/world/NAME/ (HOST without .test, which .gitignore ignores)PATH with an ETag and a
// Last-Modified, answering 304 to a matching conditional request.
func (w *world) serveFile(rw http.ResponseWriter, r *http.Request, host string) {
	p := filepath.Join("testdata", "world", strings.TrimSuffix(host, ".test"), filepath.FromSlash(r.URL.Path))
	if strings.HasSuffix(r.URL.Path, "/") {
		p = filepath.Join(p, "index.html")
	}
	body, err := os.ReadFile(p)
	ctype := contentType(p)
	if os.IsNotExist(err) && host == "baocu.test" && r.URL.Path == "/rss.xml" {
		body, err = os.ReadFile(p + ".utf8")
		body = toWindows1258(w.t, body)
		ctype = "text/xml"
	}
	if err != nil {
		http.NotFound(rw, r)
		return
	}
	if host == "saimahoa.test" {
		ctype = "text/xml; charset=iso-8859-1"
	}
	sum := sha1.Sum(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	rw.Header().Set("ETag", etag)
	rw.Header().Set("Last-Modified", lastModified)
	if r.Header.Get("If-None-Match") == etag {
		rw.WriteHeader(http.StatusNotModified)
		return
	}
	rw.Header().Set("Content-Type", ctype)
	rw.Write(body)
}

func contentType(p string) string {
	switch filepath.Ext(p) {
	case ".rss", ".xml":
		return "application/rss+xml; charset=utf-8"
	case ".atom":
		return "application/atom+xml"
	case ".rdf":
		return "application/rdf+xml"
	case ".json":
		return "application/feed+json"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	return "text/html; charset=utf-8"
}

// toWindows1258 encodes NFC Vietnamese the way windows-1258 writes it:
// the base letter with its shape mark precomposed where the code page has
// it, the tone mark as a separate combining character.
func toWindows1258(t *testing.T, utf8Text []byte) []byte {
	t.Helper()
	var b strings.Builder
	for _, r := range norm.NFC.String(string(utf8Text)) {
		var base, tones []rune
		for _, d := range norm.NFD.String(string(r)) {
			switch d {
			case 0x0300, 0x0301, 0x0303, 0x0309, 0x0323:
				tones = append(tones, d)
			default:
				base = append(base, d)
			}
		}
		b.WriteString(norm.NFC.String(string(base)))
		b.WriteString(string(tones))
	}
	out, err := charmap.Windows1258.NewEncoder().Bytes([]byte(b.String()))
	if err != nil {
		t.Fatalf("encode windows-1258: %v", err)
	}
	return out
}
