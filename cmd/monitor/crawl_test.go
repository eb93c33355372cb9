package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// crawlApp returns an app set up from a config file naming one feed on a
// loopback server that answers 304 to a conditional request.
func crawlApp(t *testing.T) (*app, *bytes.Buffer) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/rss" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", `"1"`)
		if r.Header.Get("If-None-Match") == `"1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo thử</title><link>http://b/</link><description>d</description>
<item><title>Đắk Glei mùa lúa rẫy</title><link>`+"http://"+r.Host+`/tin/1</link><pubDate>Mon, 16 Nov 2026 07:00:00 +0700</pubDate>
<description>`+strings.Repeat("Bà con người Xơ Đăng ở xã Đắk Glei thu hoạch lúa rẫy trên những triền đồi ven sông Pô Kô. ", 12)+`</description></item>
</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "monitor.yaml")
	yaml := fmt.Sprintf("no_catalog: true\ncrawl:\n  per_host_delay: 10ms\n  timeout: 5s\nsources:\n  - name: bao-thu\n    kind: feed\n    url: %s/rss\n    origin: domestic\n    country: VN\n    language: vi\n    interval: 1h\n", srv.URL)
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &bytes.Buffer{}}
	a.flags.config, a.flags.data, a.flags.logLevel = cfg, filepath.Join(dir, "data"), "error"
	if err := a.setup(nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	return a, &out
}

func TestCrawlOnceThenSource(t *testing.T) {
	a, out := crawlApp(t)
	ctx := context.Background()
	if err := a.runCrawl(ctx, true, ""); err != nil {
		t.Fatalf("crawl --once: %v\n%s", err, out)
	}
	if !strings.Contains(out.String(), "bao-thu: 1 mục, 1 mới") {
		t.Errorf("crawl --once printed %q, want the source's line with one new item", out)
	}
	n, err := a.arch.store.CountItems(ctx)
	if err != nil || n != 1 {
		t.Fatalf("archive holds %d items (%v), want 1", n, err)
	}
	out.Reset()
	if err := a.runCrawl(ctx, true, ""); err != nil || !strings.Contains(out.String(), "Không có nguồn nào đến hạn") {
		t.Errorf("second crawl --once: %v, %q; want nothing due", err, out)
	}
	out.Reset()
	if err := a.runCrawl(ctx, false, "bao-thu"); err != nil || !strings.Contains(out.String(), "không có gì mới (304)") {
		t.Errorf("crawl --source: %v, %q; want a 304", err, out)
	}
	if err := a.runCrawl(ctx, false, "khong-co"); err == nil {
		t.Error("crawl --source of an unknown name succeeded")
	}
}
