package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ttdn/monitor/crawler/fetch"
)

// testConfig sends every host to srv through the shared fetch layer.
func testConfig(t *testing.T, srv *httptest.Server, maxBody int64) Config {
	t.Helper()
	f := fetch.New(fetch.Config{
		UserAgent: "TTDN-Test/1.0", PerHostDelay: time.Millisecond, Timeout: 2 * time.Second, MaxBodyBytes: maxBody,
		RespectRobots: true,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, srv.Listener.Addr().String())
		},
	})
	return Config{Transport: f, CheckRedirect: f.CheckRedirect, UserAgent: "TTDN-Test/1.0", MaxPages: 3, MaxLinks: 50, Allowed: f.Allowed}
}

func TestListingPaginationBounded(t *testing.T) {
	var pages atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		pages.Add(1)
		var n int
		fmt.Sscanf(r.URL.Query().Get("p"), "%d", &n)
		// An endless listing: every page links two articles and the next page.
		fmt.Fprintf(w, `<html><body><div class="tin"><h2><a href="/bai-%d-a.html">A</a></h2><h2><a href="/bai-%d-b.html">B</a></h2>
<h2><a href="http://other.test/bai.html">elsewhere</a></h2></div><nav><a href="?p=%d">Trang sau</a></nav></body></html>`, n, n, n+1)
	}))
	defer srv.Close()
	links, err := Discover(context.Background(), testConfig(t, srv, 1<<20), "http://list.test/tin/", ".tin h2 a", nil)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	if got := pages.Load(); got != 3 {
		t.Errorf("fetched %d listing pages, want MaxPages = 3", got)
	}
	if len(links) != 6 {
		t.Errorf("got %d links, want 6 (two a page, off-site ones dropped): %v", len(links), links)
	}
	if links[0].URL != "http://list.test/bai-0-a.html" {
		t.Errorf("first link = %s", links[0].URL)
	}
}

func TestDiscoverErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /kin/\n")
		case "/big/":
			fmt.Fprint(w, "<html><body>"+strings.Repeat("<p>dài quá</p>", 20000)+"</body></html>")
		case "/empty/":
			fmt.Fprint(w, `<html><body><p>Không có tin</p></body></html>`)
		case "/bad-sitemap.xml":
			fmt.Fprint(w, `<?xml version="1.0"?><urlset><url><loc>http://s.test/a</loc></url`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	cfg := testConfig(t, srv, 64<<10)
	tests := []struct {
		name, url, selector string
		want                error
		wantText            string
	}{
		{"truncation is an error", "http://s.test/big/", "a", fetch.ErrTooLarge, "body exceeds"},
		{"no links", "http://s.test/empty/", ".tin a", ErrNoLinks, "link_selector"},
		{"404", "http://s.test/missing/", "a", nil, "404"},
		{"robots", "http://s.test/kin/", "a", fetch.ErrDisallowed, "robots.txt"},
		{"broken sitemap", "http://s.test/bad-sitemap.xml", "", nil, "sitemap"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Discover(context.Background(), cfg, tc.url, tc.selector, nil)
			if err == nil || tc.want != nil && !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("err = %v, want %v saying %q", err, tc.want, tc.wantText)
			}
		})
	}
}

func TestGzipSitemaps(t *testing.T) {
	gz := func(s string, pad int) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		io.WriteString(w, s)
		zeros := make([]byte, 1<<20)
		for i := 0; i < pad; i++ {
			w.Write(zeros)
		}
		w.Close()
		return b.Bytes()
	}
	good := gz(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://gz.test/tin/1.html</loc><lastmod>2026-11-30</lastmod></url></urlset>`, 0)
	bomb := gz(`<?xml version="1.0"?><urlset>`, 60) // 60 MB of zeros in ~60 KB
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-gzip")
		switch r.URL.Path {
		case "/sitemap.xml.gz":
			w.Write(good)
		case "/bomb.xml.gz":
			w.Write(bomb)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	cfg := testConfig(t, srv, 1<<20)
	links, err := Discover(context.Background(), cfg, "http://gz.test/sitemap.xml.gz", "", nil)
	if err != nil || len(links) != 1 || links[0].URL != "http://gz.test/tin/1.html" {
		t.Errorf("gzipped sitemap: %v, %v", links, err)
	}
	if _, err := Discover(context.Background(), cfg, "http://gz.test/bomb.xml.gz", "", nil); err == nil || !strings.Contains(err.Error(), "giải nén vượt quá") {
		t.Errorf("gzip bomb: err = %v, want the decompression bound", err)
	}
}
