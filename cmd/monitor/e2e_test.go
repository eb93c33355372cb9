package main

import (
	"bufio"
	"context"
	"encoding/json"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/ttdn/monitor/index/store"
)

// TestE2EDemoNewcomer does what a newcomer does: build the binary, run
// `monitor serve --demo` in an empty directory, wait for flagged items
// in the JSON API, then in a browser triage as the analyst (queue, item,
// response against a plan task) and export the XLSX report as the head
// of section (viewer), and stop the service with SIGTERM.
func TestE2EDemoNewcomer(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test builds the binary and runs the demo")
	}
	start := time.Now()
	bin := buildMonitor(t)
	t.Logf("built %s in %s", bin, time.Since(start).Round(time.Millisecond))
	work := t.TempDir()
	srv := startMonitor(t, bin, work, "serve", "--demo", "--addr", "127.0.0.1:0", "--log-format", "json")
	accounts := srv.demoAccounts(t)
	if _, err := os.Stat(filepath.Join(work, demoDataDir, storeFile)); err != nil {
		t.Errorf("the demo archive is not under the working dir's %s: %v", demoDataDir, err)
	}

	api := newSession(t, srv.base, "demo-analyst", accounts["analyst"])
	flagged := waitFlagged(t, api, srv, 30*time.Second)
	t.Logf("%d flagged items in the API after %s", flagged, time.Since(start).Round(time.Millisecond))
	checkMetrics(t, srv.base)

	if bin := chromiumPath(); bin == "" {
		t.Log("no chromium binary found (apt-get install chromium); browser steps skipped")
	} else {
		b := newE2EBrowser(t, bin, srv.base)
		itemID := b.analystResponds(t, accounts["analyst"])
		checkResponse(t, api, srv.base, itemID, "II.6.3")
		b.viewerExports(t, accounts["viewer"], itemID)
	}

	srv.stop(t, 20*time.Second)
	checkClosedArchive(t, filepath.Join(work, demoDataDir))
	t.Logf("whole run %s", time.Since(start).Round(time.Millisecond))
}

// checkClosedArchive wants a data dir left as a clean stop leaves it:
// the lock released, SQLite intact, the crawled items stored.
func checkClosedArchive(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "lock.info")); !os.IsNotExist(err) {
		t.Errorf("lock.info is still there after the stop: %v", err)
	}
	ctx := t.Context()
	st, err := store.Open(ctx, filepath.Join(dir, storeFile))
	if err != nil {
		t.Fatalf("reopen the archive: %v", err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Errorf("integrity check after the stop: %v", err)
	}
	if n, err := st.CountItems(ctx); err != nil || n == 0 {
		t.Errorf("archive holds %d items (%v) after the demo crawl", n, err)
	}
}

// buildMonitor compiles cmd/monitor into a temporary directory.
func buildMonitor(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "monitor")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// offlineEnv is the environment with every HTTP(S) proxy pointed at a
// closed loopback port: the crawler's transport honours the proxy
// variables and does not proxy loopback, so nothing leaves the machine
// (not even a DNS lookup) while loopback outlets stay reachable.
func offlineEnv(t *testing.T) []string {
	t.Helper()
	return proxyEnv("http://" + closedPort(t))
}

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// proxyEnv is the environment with proxy as the only way out.
func proxyEnv(proxy string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(name) {
		case "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUEST_METHOD", "MONITOR_TEST_AS_MAIN":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HTTP_PROXY="+proxy, "HTTPS_PROXY="+proxy, "http_proxy="+proxy, "https_proxy="+proxy)
}

// served is one running `monitor` process and what it printed.
type served struct {
	cmd     *exec.Cmd
	base    string
	exited  chan struct{}
	waitErr error

	mu     sync.Mutex
	stdout []string
	stderr strings.Builder
	lines  chan string
}

var runningRE = regexp.MustCompile(`is running: (http://\S+)`)

// startMonitor runs bin with args in dir (offline, see offlineEnv) and
// waits until it says where it listens.
func startMonitor(t *testing.T, bin, dir string, args ...string) *served {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = offlineEnv(t)
	return startProcess(t, cmd)
}

func startProcess(t *testing.T, cmd *exec.Cmd) *served {
	t.Helper()
	s := &served{cmd: cmd, exited: make(chan struct{}), lines: make(chan string, 256)}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = &lockedWriter{mu: &s.mu, b: &s.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	go s.readStdout(out)
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			_ = cmd.Process.Kill()
			<-s.exited
		}
		if t.Failed() {
			t.Logf("stdout:\n%s\nstderr (tail):\n%s", s.output(), tail(s.errors(), 4000))
		}
	})
	s.base = s.waitLine(t, runningRE, 20*time.Second)[1]
	return s
}

func (s *served) readStdout(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		s.mu.Lock()
		s.stdout = append(s.stdout, sc.Text())
		s.mu.Unlock()
		s.lines <- sc.Text()
	}
	close(s.lines)
	s.waitErr = s.cmd.Wait()
	close(s.exited)
}

// waitLine returns the submatches of the first stdout line matching re.
func (s *served) waitLine(t *testing.T, re *regexp.Regexp, within time.Duration) []string {
	t.Helper()
	timeout := time.After(within)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				<-s.exited
				t.Fatalf("monitor exited (%v) before printing a line matching %s", s.waitErr, re)
			}
			if m := re.FindStringSubmatch(line); m != nil {
				return m
			}
		case <-timeout:
			t.Fatalf("no line matching %s within %s", re, within)
		}
	}
}

var accountRE = regexp.MustCompile(`^\s+(admin|analyst|viewer)\s+(demo-\S+)\s+(\S+)$`)

// demoAccounts reads the three demo accounts the demo prints.
func (s *served) demoAccounts(t *testing.T) map[string]string {
	t.Helper()
	got := map[string]string{}
	for len(got) < 3 {
		m := s.waitLine(t, accountRE, 10*time.Second)
		if m[2] != "demo-"+m[1] {
			t.Fatalf("demo account %q for role %s", m[2], m[1])
		}
		got[m[1]] = m[3]
	}
	return got
}

func (s *served) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.stdout, "\n")
}

func (s *served) errors() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// stop sends SIGTERM and wants exit status 0 within d.
func (s *served) stop(t *testing.T, d time.Duration) {
	t.Helper()
	sent := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-s.exited:
	case <-time.After(d):
		t.Fatalf("monitor still running %s after SIGTERM", d)
	}
	if s.waitErr != nil {
		t.Errorf("after SIGTERM monitor exited with %v, want status 0", s.waitErr)
	}
	t.Logf("exited %s after SIGTERM", time.Since(sent).Round(time.Millisecond))
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// newSession logs in through the login form and returns a client that
// carries the session cookie, as the JSON API accepts from a browser.
func newSession(t *testing.T, base, user, pass string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	res, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfRE.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the login page:\n%s", page)
	}
	form := url.Values{"username": {user}, "password": {pass}, "csrf_token": {html.UnescapeString(string(m[1]))}, "next": {"/"}}
	res, err = c.PostForm(base+"/login", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if u, _ := url.Parse(base); len(jar.Cookies(u)) < 2 || res.StatusCode != http.StatusOK {
		t.Fatalf("login as %s: status %d, cookies %v", user, res.StatusCode, jar.Cookies(u))
	}
	return c
}

// getJSON fetches an API path into v and returns the status.
func getJSON(t *testing.T, c *http.Client, url string, v any) int {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: status %d, body is not JSON: %v", url, res.StatusCode, err)
	}
	return res.StatusCode
}

// waitFlagged polls the API until it lists flagged items.
func waitFlagged(t *testing.T, c *http.Client, s *served, within time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var res struct {
			Total int `json:"total"`
			Items []struct {
				Flagged bool `json:"flagged"`
			} `json:"items"`
		}
		if st := getJSON(t, c, s.base+"/api/v1/items?flagged=true", &res); st != http.StatusOK {
			t.Fatalf("GET /api/v1/items: status %d", st)
		}
		if res.Total > 0 {
			if !res.Items[0].Flagged {
				t.Fatalf("flagged=true listed an unflagged item")
			}
			return res.Total
		}
		if time.Now().After(deadline) {
			t.Fatalf("no flagged item in the API within %s", within)
		}
		select {
		case <-s.exited:
			t.Fatalf("monitor exited: %v", s.waitErr)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// checkResponse wants the API to list one response to task, for the
// item, recorded by the demo analyst.
func checkResponse(t *testing.T, c *http.Client, base, itemID, task string) {
	t.Helper()
	var res struct {
		Total     int `json:"total"`
		Responses []struct {
			ItemIDs    []string `json:"item_ids"`
			Task       string   `json:"task"`
			RecordedBy string   `json:"recorded_by"`
		} `json:"responses"`
	}
	if st := getJSON(t, c, base+"/api/v1/responses?task="+url.QueryEscape(task), &res); st != http.StatusOK {
		t.Fatalf("GET /api/v1/responses: status %d", st)
	}
	if res.Total != 1 || len(res.Responses) != 1 {
		t.Fatalf("responses for %s: %+v, want the one just recorded", task, res)
	}
	r := res.Responses[0]
	if r.Task != task || len(r.ItemIDs) != 1 || r.ItemIDs[0] != itemID || r.RecordedBy != "demo-analyst" {
		t.Errorf("response %+v, want task %s for item %s by demo-analyst", r, task, itemID)
	}
}

// chromiumPath finds a Chromium binary, or "".
func chromiumPath() string {
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// e2eBrowser is one headless Chromium tab on the service.
type e2eBrowser struct {
	ctx  context.Context
	base string
}

// newE2EBrowser starts Chromium with a proxy on a closed port (loopback
// is never proxied), so the browser cannot reach past the machine either.
func newE2EBrowser(t *testing.T, bin, base string) *e2eBrowser {
	t.Helper()
	proxy := closedPort(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
		chromedp.ProxyServer(proxy),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(cancelCtx)
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelT)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium %s: %v", bin, err)
	}
	return &e2eBrowser{ctx: ctx, base: base}
}

func (b *e2eBrowser) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		t.Fatalf("browser: %s: %v", what, err)
	}
}

func (b *e2eBrowser) text(t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return s
}

func (b *e2eBrowser) login(t *testing.T, user, pass string) {
	t.Helper()
	b.do(t, "log in as "+user,
		chromedp.Navigate(b.base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), pass),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("nav.main")),
	)
}

func (b *e2eBrowser) logout(t *testing.T) {
	t.Helper()
	b.do(t, "log out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS("#username")))
}

// analystResponds opens the morning queue, the most severe item, and
// records a rebuttal against task II.6.3; it returns the item's id.
func (b *e2eBrowser) analystResponds(t *testing.T, pass string) string {
	t.Helper()
	b.login(t, "demo-analyst", pass)
	b.do(t, "open the queue", chromedp.Click(chromedp.CSS(`nav.main a[href="/queue"]`)),
		chromedp.WaitVisible(chromedp.CSS("#queue tr.qrow a.title")))
	id, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('#queue tr.qrow').dataset.id`))
	if err != nil || id == "" {
		t.Fatalf("browser: first queue row id %q: %v", id, err)
	}
	b.do(t, "open the item", chromedp.Click(chromedp.CSS("#queue tr.qrow a.title")), chromedp.WaitVisible(chromedp.CSS("#item-body")))
	if loc, _ := chromedp.Run(b.ctx, chromedp.Location()); !strings.HasSuffix(loc, "/items/"+id) {
		t.Fatalf("browser: the title link opened %s, want item %s", loc, id)
	}
	marks, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#item-title mark, #item-body mark').length`))
	if err != nil || marks == 0 {
		t.Errorf("browser: the flagged item shows %d highlighted terms (%v), want some", marks, err)
	}
	b.do(t, "record a response",
		chromedp.Click(chromedp.CSS("#record-response")), chromedp.WaitVisible(chromedp.CSS("#response-form")),
		chromedp.SetValue(chromedp.CSS("#task"), "II.6.3"),
		chromedp.SendKeys(chromedp.CSS("input[name=agency]"), "Sở Văn hóa, Thể thao và Du lịch"),
		chromedp.SendKeys(chromedp.CSS("textarea[name=note]"), "Bài phản bác đăng trên cổng thông tin điện tử tỉnh"),
		chromedp.Submit(chromedp.CSS("#response-form")), chromedp.WaitVisible(chromedp.CSS("#item-title")))
	if body := b.text(t, "main"); !strings.Contains(body, "II.6.3") {
		t.Errorf("the item page after the response does not show task II.6.3:\n%s", tail(body, 2000))
	}
	b.logout(t)
	return id
}

// viewerExports downloads the XLSX report for the whole demo period as
// the head of section (a viewer) and wants rows in both sheets, the
// response to itemID among them.
func (b *e2eBrowser) viewerExports(t *testing.T, pass, itemID string) {
	t.Helper()
	b.login(t, "demo-viewer", pass)
	dir := t.TempDir()
	progress := chromedp.Events(b.ctx, browser.DownloadProgress)
	today := time.Now().In(vietnam()).Format("2006-01-02")
	b.do(t, "export page",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/export"]`)), chromedp.WaitVisible(chromedp.CSS("#export-form")),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true),
			})
			return err
		}),
		chromedp.SetValue(chromedp.CSS("select[name=preset]"), "custom"),
		chromedp.SetValue(chromedp.CSS("input[name=from]"), "2021-01-01"),
		chromedp.SetValue(chromedp.CSS("input[name=to]"), today),
		chromedp.SetValue(chromedp.CSS("select[name=format]"), "xlsx"),
		chromedp.Click(chromedp.CSS(`#export-form button[type=submit]`)),
	)
	var file string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("browser: waiting for the download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatalf("browser: the download was cancelled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(dir, ev.GUID)
			break
		}
	}
	checkXLSX(t, file, itemID)
}

// checkXLSX wants item rows, and a response row for itemID's task.
func checkXLSX(t *testing.T, path, itemID string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("the download is not an XLSX file: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) < 2 {
		t.Fatalf("export sheets %v, want items and responses", sheets)
	}
	items, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	responses, err := f.GetRows(sheets[1])
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("export: %d item rows, %d response rows", len(items)-1, len(responses)-1)
	if len(items) < 2 {
		t.Errorf("sheet %s has no item rows", sheets[0])
	}
	found := false
	for _, row := range responses[min(1, len(responses)):] {
		found = found || strings.Contains(strings.Join(row, "|"), "II.6.3")
	}
	if !found {
		t.Errorf("sheet %s has no row for task II.6.3 (item %s): %v", sheets[1], itemID, responses)
	}
}
