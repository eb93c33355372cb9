package main

import (
	"bufio"
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
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ttdn/monitor/crawler/catalog"
	"github.com/ttdn/monitor/index"
)

// TestFirstRunOffline starts `monitor serve` as a newcomer does — empty
// working dir, no config, the built-in source catalogue — on a machine
// whose only way out is a trap proxy on loopback. The crawl hangs in the
// trap at first: the setup link, /healthz and /readyz must not wait for
// it. Once the trap lets go, every source shows its failure in its
// health. A second serve on the same data dir stops at once naming the
// holder, and SIGTERM stops the first with status 0.
func TestFirstRunOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("first-run test runs the service in a subprocess")
	}
	trap := newTrapProxy(t)
	work := t.TempDir()
	start := time.Now()
	srv := startProcess(t, selfCommand(work, trap.env(), "serve", "--addr", "127.0.0.1:0", "--log-format", "json"))
	t.Logf("listening after %s", time.Since(start).Round(time.Millisecond))
	link := srv.waitLine(t, setupLinkRE, 5*time.Second)[1]
	if !strings.HasPrefix(link, srv.base+"/setup?token=") {
		t.Errorf("setup link %s is not on the address the service listens on (%s)", link, srv.base)
	}
	if _, err := os.Stat(filepath.Join(work, "data", storeFile)); err != nil {
		t.Errorf("no archive in ./data of the working dir: %v", err)
	}

	trap.waitHeld(t, 1, 15*time.Second)
	t.Logf("crawl stuck in the trap (%d connections); probing the dashboard", trap.held())
	for _, path := range []string{"/healthz", "/readyz", "/login"} {
		probe(t, srv.base+path, 2*time.Second)
	}
	c := setupAdmin(t, link)

	catalogue, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	released := time.Now()
	trap.release()
	srcs := waitAllFailed(t, c, srv, len(catalogue), 60*time.Second)
	t.Logf("all %d catalogue sources show a failure %s after the trap let go; e.g. %s: %s",
		len(srcs), time.Since(released).Round(time.Millisecond), srcs[0].Name, srcs[0].Health.LastError)
	trap.checkTargets(t, catalogue)

	secondServe(t, work, srv)
	srv.stop(t, 20*time.Second)
	restart(t, work, len(catalogue))
}

// restart serves the same data dir again: no setup link now that an
// admin exists, the admin signs in, and the sources' failures are kept.
func restart(t *testing.T, work string, sources int) {
	t.Helper()
	srv := startProcess(t, selfCommand(work, offlineEnv(t), "serve", "--addr", "127.0.0.1:0", "--log-format", "json"))
	probe(t, srv.base+"/healthz", 2*time.Second) // announce is done once it serves
	if out := srv.output(); strings.Contains(out, "/setup?token=") {
		t.Errorf("second start printed a setup link although an admin exists:\n%s", out)
	}
	c := newSession(t, srv.base, "quantri", adminPassword)
	var res struct {
		Sources []apiSource `json:"sources"`
	}
	getJSON(t, c, srv.base+"/api/v1/sources", &res)
	kept := 0
	for _, src := range res.Sources {
		if src.Health.ConsecutiveFailures > 0 && src.Health.LastError != "" {
			kept++
		}
	}
	if len(res.Sources) != sources || kept != sources {
		t.Errorf("after a restart %d sources, %d with their failure kept; want %d and %d", len(res.Sources), kept, sources, sources)
	}
	srv.stop(t, 20*time.Second)
}

const adminPassword = "mật khẩu đủ dài 2026"

// TestFirstRunStopWhileCrawlHangs: SIGTERM while every request of the
// first crawl hangs stops the service promptly with status 0.
func TestFirstRunStopWhileCrawlHangs(t *testing.T) {
	if testing.Short() {
		t.Skip("first-run test runs the service in a subprocess")
	}
	trap := newTrapProxy(t)
	srv := startProcess(t, selfCommand(t.TempDir(), trap.env(), "serve", "--addr", "127.0.0.1:0", "--log-format", "json"))
	trap.waitHeld(t, 1, 15*time.Second)
	srv.stop(t, 5*time.Second)
}

// TestFirstRunStopDuringStart: SIGTERM while serve is still starting
// (seeding the demo sources) is a clean stop with status 0.
func TestFirstRunStopDuringStart(t *testing.T) {
	if testing.Short() {
		t.Skip("first-run test runs the service in a subprocess")
	}
	for i := range 3 {
		cmd := selfCommand(t.TempDir(), offlineEnv(t), "serve", "--demo", "--addr", "127.0.0.1:0", "--log-format", "json")
		s := &served{cmd: cmd, exited: make(chan struct{}), lines: make(chan string, 256)}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = &lockedWriter{mu: &s.mu, b: &s.stderr}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go s.readStdout(out)
		deadline := time.Now().Add(15 * time.Second)
		for !strings.Contains(s.errors(), "demo press world started") {
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				<-s.exited
				t.Fatalf("no start-up log line within 15 s:\n%s", s.errors())
			}
			time.Sleep(time.Millisecond)
		}
		time.Sleep(time.Duration(i) * 20 * time.Millisecond)
		s.stop(t, 10*time.Second)
	}
}

// TestFirstRunLinkAddr: the banner and the setup link name an address a
// browser on this machine can open, whatever --addr said.
func TestFirstRunLinkAddr(t *testing.T) {
	tests := []struct{ name, listen, want string }{
		{"loopback", "127.0.0.1:8080", "127.0.0.1:8080"},
		{"every interface", "0.0.0.0:8080", "127.0.0.1:8080"},
		{"no host", ":8080", "127.0.0.1:8080"},
		{"IPv6 wildcard", "[::]:8080", "127.0.0.1:8080"},
		{"IPv6 loopback", "[::1]:8080", "[::1]:8080"},
		{"one interface", "192.0.2.7:8080", "192.0.2.7:8080"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr, err := net.ResolveTCPAddr("tcp", tt.listen)
			if err != nil {
				t.Fatal(err)
			}
			if got := linkAddr(addr); got != tt.want {
				t.Errorf("linkAddr(%s) = %s, want %s", tt.listen, got, tt.want)
			}
		})
	}
}

var setupLinkRE = regexp.MustCompile(`^\s+(http://\S+/setup\?token=\S+)$`)

// selfCommand runs this test binary as the monitor binary (TestMain) in
// dir with env.
func selfCommand(dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(env, "MONITOR_TEST_AS_MAIN=1")
	return cmd
}

// probe wants 200 from url within d.
func probe(t *testing.T, url string, d time.Duration) {
	t.Helper()
	c := &http.Client{Timeout: d}
	start := time.Now()
	res, err := c.Get(url)
	if err != nil {
		t.Errorf("GET %s during the first crawl: %v", url, err)
		return
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET %s: status %d, want 200", url, res.StatusCode)
	}
	t.Logf("GET %s: %d in %s", url, res.StatusCode, time.Since(start).Round(time.Microsecond))
}

// setupAdmin opens the one-time link, creates the first admin and
// returns a client signed in as that admin.
func setupAdmin(t *testing.T, link string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	res, err := c.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfRE.FindSubmatch(page)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("setup link: status %d, no form:\n%s", res.StatusCode, page)
	}
	u, _ := url.Parse(link)
	form := url.Values{
		"csrf_token": {html.UnescapeString(string(m[1]))}, "token": {u.Query().Get("token")},
		"username": {"quantri"}, "display_name": {"Quản trị viên"},
		"password": {adminPassword}, "confirm": {adminPassword},
	}
	res, err = c.PostForm(u.Scheme+"://"+u.Host+"/setup", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/" {
		t.Fatalf("setup: status %d at %s, want the overview", res.StatusCode, res.Request.URL)
	}
	return c
}

type apiSource struct {
	Name    string `json:"name"`
	Enabled bool   `json:"enabled"`
	Health  struct {
		LastSuccess         time.Time `json:"last_success"`
		LastError           string    `json:"last_error"`
		ConsecutiveFailures int       `json:"consecutive_failures"`
	} `json:"health"`
}

// waitAllFailed polls /api/v1/sources until every one of want sources
// has a failure and an error message in its health.
func waitAllFailed(t *testing.T, c *http.Client, s *served, want int, within time.Duration) []apiSource {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var res struct {
			Sources []apiSource `json:"sources"`
		}
		if st := getJSON(t, c, s.base+"/api/v1/sources", &res); st != http.StatusOK {
			t.Fatalf("GET /api/v1/sources: status %d", st)
		}
		failed := 0
		for _, src := range res.Sources {
			if !src.Health.LastSuccess.IsZero() {
				t.Fatalf("source %s succeeded with no network", src.Name)
			}
			if src.Health.ConsecutiveFailures > 0 && src.Health.LastError != "" {
				failed++
			}
		}
		if len(res.Sources) != want {
			t.Fatalf("the dashboard lists %d sources, the catalogue has %d", len(res.Sources), want)
		}
		if failed == want {
			return res.Sources
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s only %d of %d sources show a failure", within, failed, want)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// secondServe starts serve twice more on the same data dir, on the
// first one's address and on a free one: both stop at once naming the
// holder's pid.
func secondServe(t *testing.T, work string, first *served) {
	t.Helper()
	addr := strings.TrimPrefix(first.base, "http://")
	pid := strconv.Itoa(first.cmd.Process.Pid)
	for _, a := range []string{addr, "127.0.0.1:0"} {
		start := time.Now()
		cmd := selfCommand(work, offlineEnv(t), "serve", "--addr", a, "--log-format", "json")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		done := make(chan error, 1)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("second serve on %s exited 0, want an error", a)
			}
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
			t.Fatalf("second serve on %s still running after 10 s", a)
		}
		msg := lastLine(stderr.String())
		if !strings.Contains(msg, "pid "+pid) || !strings.Contains(msg, "serve") {
			t.Errorf("second serve on %s said %q, want the holder (pid %s, serve) named", a, msg, pid)
		}
		t.Logf("second serve on %s stopped in %s: %s", a, time.Since(start).Round(time.Millisecond), msg)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// trapProxy is the machine's only way out during a test: an HTTP proxy
// on loopback that records what the client asked for and answers
// nothing. While holding it keeps connections open (a host that hangs);
// once released it closes every connection (a network that is down).
type trapProxy struct {
	ln net.Listener

	mu      sync.Mutex
	holding bool
	conns   []net.Conn
	targets map[string]bool
}

func newTrapProxy(t *testing.T) *trapProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &trapProxy{ln: ln, holding: true, targets: map[string]bool{}}
	t.Cleanup(func() { ln.Close(); p.release() })
	go p.serve()
	return p
}

func (p *trapProxy) env() []string { return proxyEnv("http://" + p.ln.Addr().String()) }

func (p *trapProxy) serve() {
	for {
		conn, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.handle(conn)
	}
}

// handle reads the request line ("CONNECT host:443 HTTP/1.1" or "GET
// http://host/path HTTP/1.1") and holds or drops the connection.
func (p *trapProxy) handle(conn net.Conn) {
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, _ := bufio.NewReader(conn).ReadString('\n')
	_ = conn.SetReadDeadline(time.Time{})
	p.mu.Lock()
	defer p.mu.Unlock()
	if f := strings.Fields(line); len(f) >= 2 {
		p.targets[f[1]] = true
	}
	if p.holding {
		p.conns = append(p.conns, conn)
		return
	}
	conn.Close()
}

func (p *trapProxy) held() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.conns)
}

func (p *trapProxy) waitHeld(t *testing.T, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for p.held() < n {
		if time.Now().After(deadline) {
			t.Fatalf("the crawler made no request through the proxy within %s", within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *trapProxy) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.holding = false
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// checkTargets wants every request that reached the proxy to be for a
// host of the catalogue: the crawler's traffic, and only it, went there.
func (p *trapProxy) checkTargets(t *testing.T, catalogue []index.Source) {
	t.Helper()
	hosts := map[string]bool{}
	for _, s := range catalogue {
		if u, err := url.Parse(s.URL); err == nil {
			hosts[u.Hostname()] = true
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for target := range p.targets {
		host := target
		if u, err := url.Parse(target); err == nil && u.Host != "" {
			host = u.Host
		}
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if !hosts[host] {
			t.Errorf("a request for %s (not a catalogue host) reached the proxy", target)
		}
	}
	t.Logf("%d distinct targets asked of the proxy, all catalogue hosts", len(p.targets))
}
