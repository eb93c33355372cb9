package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/rules"
)

// The dashboard load benchmark: the real gin server on a loopback
// listener over a real store and index, many signed-in clients cycling
// through the pages analysts use. Without WEB_LOAD_DIR it runs small (2k
// items in a temp dir, 10 clients, 5 s); with it, at full size:
//
//	WEB_LOAD_DIR=/tmp/ttdn-load go test -run '^$' -bench DashboardLoad -benchtime 1x -timeout 90m ./web/
//
// WEB_LOAD_DIR keeps the built archive for later runs. WEB_LOAD_ITEMS
// (100000), WEB_LOAD_CLIENTS (50) and WEB_LOAD_DURATION (60s) change the
// size; WEB_LOAD_THINK (0) makes each client pause a random 0–2× that
// between requests, as a person reading a page would (with none, each
// client sends its next request the moment the last one is answered);
// WEB_LOAD_CPUPROFILE=FILE profiles the load phase only.
func BenchmarkDashboardLoad(b *testing.B) {
	cfg := loadConfigFromEnv(b)
	la := openLoadArchive(b, cfg.dir, cfg.items)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(Config{SessionKey: []byte(strings.Repeat("k", 32)), Logger: log},
		Deps{Archive: la.st, Search: la.ix, Sync: la.g})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer func() { ts.Close(); srv.Close() }()
	w := newLoadWork(b, la, ts.URL, cfg.clients)
	if cfg.cpuProfile != "" {
		f, err := os.Create(cfg.cpuProfile)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	var res *loadResult
	for b.Loop() {
		res = w.run(cfg.duration, cfg.think)
	}
	res.report(b, cfg)
}

type loadConfig struct {
	dir, cpuProfile string
	items, clients  int
	duration, think time.Duration
}

func loadConfigFromEnv(b *testing.B) loadConfig {
	b.Helper()
	cfg := loadConfig{dir: os.Getenv("WEB_LOAD_DIR"), cpuProfile: os.Getenv("WEB_LOAD_CPUPROFILE"),
		items: 100000, clients: 50, duration: 60 * time.Second}
	if cfg.dir == "" {
		cfg.dir, cfg.items, cfg.clients, cfg.duration = b.TempDir(), 2000, 10, 5*time.Second
	}
	for name, dst := range map[string]*int{"WEB_LOAD_ITEMS": &cfg.items, "WEB_LOAD_CLIENTS": &cfg.clients} {
		if v := os.Getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				b.Fatalf("%s=%q: want a positive number", name, v)
			}
			*dst = n
		}
	}
	for name, dst := range map[string]*time.Duration{"WEB_LOAD_DURATION": &cfg.duration, "WEB_LOAD_THINK": &cfg.think} {
		if v := os.Getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				b.Fatalf("%s=%q: want a duration such as 60s", name, v)
			}
			*dst = d
		}
	}
	return cfg
}

// loadQueries are what analysts type: a phrase, a broad place name, a
// boolean rule, words without diacritics, an English phrase with a facet.
var loadQueries = []struct{ name, query string }{
	{"phrase", `q=` + url.QueryEscape(`"cột mốc biên giới"`)},
	{"place", `q=` + url.QueryEscape(`"Kon Tum"`)},
	{"rule", `q=` + url.QueryEscape(`("biên giới" OR "chủ quyền") AND ("Bờ Y" OR "Ngọc Hồi")`)},
	{"no-diacritics", `q=` + url.QueryEscape(`nhan quyen dan toc`)},
	{"english+facet", `q=` + url.QueryEscape(`"human rights" OR religious`) + `&origin=foreign`},
}

// loadWork is the page mix and the signed-in clients.
type loadWork struct {
	base    string
	clients []*http.Client
	itemIDs []string
}

func newLoadWork(b *testing.B, la *loadArchive, base string, n int) *loadWork {
	b.Helper()
	w := &loadWork{base: base}
	tr := &http.Transport{MaxIdleConns: 2 * n, MaxIdleConnsPerHost: 2 * n}
	users := []string{"chuyenvien", "chuyenvien", "chuyenvien", "quantri", "xem"}
	for i := range n {
		w.clients = append(w.clients, loadLogin(b, tr, base, users[i%len(users)]))
	}
	// Item pages: the newest flagged items (opened from the queue) and
	// any items (opened from search).
	flagged := true
	for _, req := range []search.Request{
		{Query: &rules.MatchAll{}, Flagged: &flagged, Sort: search.SortNewest, Size: 300},
		{Query: &rules.MatchAll{}, Sort: search.SortNewest, Offset: 500, Size: 700},
	} {
		res, err := la.ix.Search(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		for _, h := range res.Hits {
			w.itemIDs = append(w.itemIDs, h.ID)
		}
	}
	if len(w.itemIDs) == 0 {
		b.Fatal("no items to open")
	}
	return w
}

// loadLogin signs a new client in through the login form.
func loadLogin(b *testing.B, tr http.RoundTripper, base, user string) *http.Client {
	b.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Get(base + "/login")
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfRe.FindStringSubmatch(string(body))
	if m == nil {
		b.Fatal("no CSRF token on the login form")
	}
	res, err = hc.PostForm(base+"/login", url.Values{"username": {user}, "password": {testPassword}, "next": {"/"},
		"csrf_token": {html.UnescapeString(m[1] + m[2])}})
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		b.Fatalf("login %s: status %d", user, res.StatusCode)
	}
	return hc
}

// next is the k-th request of a client: the page kind and its path.
func (w *loadWork) next(r *rand.Rand, k int) (string, string) {
	q := loadQueries[r.IntN(len(loadQueries))]
	switch k % 6 {
	case 0:
		return "overview", "/"
	case 1:
		if r.IntN(3) == 0 {
			return "queue", "/queue?topic=border"
		}
		return "queue", "/queue"
	case 2:
		return "search " + q.name, "/search?" + q.query
	case 3, 5:
		return "item", "/items/" + w.itemIDs[r.IntN(len(w.itemIDs))]
	default:
		return "api search", "/api/v1/items?" + q.query
	}
}

// run lets every client loop over the page mix for d, pausing about
// think between requests.
func (w *loadWork) run(d, think time.Duration) *loadResult {
	res := &loadResult{lat: map[string][]time.Duration{}, errs: map[string]int{}}
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	var mu sync.Mutex
	start := time.Now()
	for ci, hc := range w.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(ci), 3))
			lat, errs := map[string][]time.Duration{}, map[string]int{}
			for k := ci; time.Now().Before(stop); k++ {
				kind, path := w.next(r, k)
				t0 := time.Now()
				ok := w.get(hc, path)
				lat[kind] = append(lat[kind], time.Since(t0))
				if !ok {
					errs[kind]++
				}
				if think > 0 {
					time.Sleep(time.Duration(r.Int64N(int64(2 * think))))
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for k, v := range lat {
				res.lat[k] = append(res.lat[k], v...)
			}
			for k, v := range errs {
				res.errs[k] += v
			}
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// get fetches path and reads the whole answer; only a 200 counts.
func (w *loadWork) get(hc *http.Client, path string) bool {
	res, err := hc.Get(w.base + path)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return err == nil && res.StatusCode == http.StatusOK
}

type loadResult struct {
	lat     map[string][]time.Duration
	errs    map[string]int
	elapsed time.Duration
}

func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// report prints the table and reports the metrics of every page kind.
func (r *loadResult) report(b *testing.B, cfg loadConfig) {
	kinds := make([]string, 0, len(r.lat))
	for k := range r.lat {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	var t strings.Builder
	fmt.Fprintf(&t, "%d items, %d clients, think time %s, %s\n", cfg.items, cfg.clients, cfg.think, r.elapsed.Round(time.Millisecond))
	fmt.Fprintf(&t, "| page | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	total, errs, worst := 0, 0, time.Duration(0)
	var all []time.Duration
	for _, k := range kinds {
		l := r.lat[k]
		slices.Sort(l)
		all = append(all, l...)
		total, errs = total+len(l), errs+r.errs[k]
		worst = max(worst, pct(l, 0.95))
		fmt.Fprintf(&t, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d |\n", k, len(l), float64(len(l))/r.elapsed.Seconds(),
			ms(pct(l, 0.50)), ms(pct(l, 0.95)), ms(pct(l, 0.99)), ms(l[len(l)-1]), r.errs[k])
		name := strings.ReplaceAll(k, " ", "-")
		b.ReportMetric(ms(pct(l, 0.50)), name+"-p50-ms")
		b.ReportMetric(ms(pct(l, 0.95)), name+"-p95-ms")
		b.ReportMetric(ms(pct(l, 0.99)), name+"-p99-ms")
	}
	slices.Sort(all)
	fmt.Fprintf(&t, "| all | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d |\n", total, float64(total)/r.elapsed.Seconds(),
		ms(pct(all, 0.50)), ms(pct(all, 0.95)), ms(pct(all, 0.99)), ms(all[len(all)-1]), errs)
	met := "met"
	if worst >= 100*time.Millisecond || errs > 0 {
		met = "NOT met"
	}
	fmt.Fprintf(&t, "goal (every page p95 < 100 ms, no errors): %s (worst p95 %.1f ms, %d errors)\n", met, ms(worst), errs)
	b.ReportMetric(float64(total)/r.elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(errs), "errors")
	// Printed, not logged: the testing package cuts a benchmark's log.
	fmt.Print(t.String())
}
