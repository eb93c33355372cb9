package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// behindProxy is the env's archive served again with trusted proxies set,
// as cmd/monitor does with trusted_proxies in the config.
func (e *env) behindProxy(proxies ...string) *env {
	e.t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(Config{SessionKey: []byte(strings.Repeat("k", 32)), Logger: log, TrustedProxies: proxies},
		Deps{Archive: e.st, Search: e.ix, Sync: e.g, Crawler: e.crawler})
	if err != nil {
		e.t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	e.t.Cleanup(func() { ts.Close(); srv.Close() })
	p := *e
	p.srv, p.ts = srv, ts
	return &p
}

// loginFrom posts the login form as a proxy would pass it on, with
// X-Forwarded-For set to xff ("" for a direct request).
func (c *client) loginFrom(xff, username, password string) int {
	c.e.t.Helper()
	c.get("/login")
	vals := url.Values{"username": {username}, "password": {password}, "next": {"/"}, "csrf_token": {c.csrf}}
	req, _ := http.NewRequest(http.MethodPost, c.e.ts.URL+"/login", strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	st, _, _ := c.do(req)
	return st
}

// TestLoginLimitBehindProxy: behind a trusted proxy, one client's failed
// logins lock out that client, not the others who come through the same
// proxy; a client's own X-Forwarded-For entry does not change the address
// the proxy appends.
func TestLoginLimitBehindProxy(t *testing.T) {
	e := newEnv(t).seed().behindProxy("127.0.0.1", "::1")
	attacker := e.client()
	for i := range 5 {
		// Each try names another forged hop; the proxy's entry is last.
		xff := fmt.Sprintf("192.0.2.%d, 203.0.113.9", i+1)
		if st := attacker.loginFrom(xff, fmt.Sprintf("khach%d", i), "sai-mat-khau"); st != http.StatusUnauthorized {
			t.Fatalf("wrong login %d: status %d, want 401", i+1, st)
		}
	}
	if st := attacker.loginFrom("203.0.113.9", "khach9", "sai-mat-khau"); st != http.StatusTooManyRequests {
		t.Errorf("sixth try from 203.0.113.9: status %d, want 429", st)
	}
	if st := e.client().loginFrom("198.51.100.7", "quantri", testPassword); st != http.StatusSeeOther {
		t.Errorf("admin from 198.51.100.7 after another client's failures: status %d, want 303 (signed in)", st)
	}
}

// TestLoginLimitIgnoresForgedForwarding: with no trusted proxy (the
// default) X-Forwarded-For is not believed, so a client cannot escape the
// limit by naming a new address on each try.
func TestLoginLimitIgnoresForgedForwarding(t *testing.T) {
	e := newEnv(t).seed()
	c := e.client()
	for i := range 5 {
		if st := c.loginFrom(fmt.Sprintf("203.0.113.%d", i+1), fmt.Sprintf("khach%d", i), "sai-mat-khau"); st != http.StatusUnauthorized {
			t.Fatalf("wrong login %d: status %d, want 401", i+1, st)
		}
	}
	if st := c.loginFrom("198.51.100.7", "khach9", "sai-mat-khau"); st != http.StatusTooManyRequests {
		t.Errorf("sixth try with a new forged address: status %d, want 429", st)
	}
}

// TestSetupRefusedThroughProxy: the one-time setup link works only from a
// browser on the server itself; through a proxy (any forwarding header)
// it is refused with a page that says how to make the first admin, and
// no account is made.
func TestSetupRefusedThroughProxy(t *testing.T) {
	for _, proxies := range [][]string{nil, {"127.0.0.1", "::1"}} {
		t.Run(fmt.Sprintf("trusted %v", proxies), func(t *testing.T) {
			e := newEnv(t).behindProxy(proxies...)
			link, err := e.srv.SetupURL(t.Context())
			if err != nil || link == "" {
				t.Fatalf("SetupURL: %q %v", link, err)
			}
			u, _ := url.Parse(link)
			tok := u.Query().Get("token")
			c := e.client()
			for _, h := range [][2]string{{"X-Forwarded-For", "203.0.113.9"}, {"Forwarded", "for=203.0.113.9;proto=https"}, {"X-Real-IP", "203.0.113.9"}} {
				req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/setup?token="+url.QueryEscape(tok), nil)
				req.Header.Set(h[0], h[1])
				st, body, _ := c.do(req)
				if st != http.StatusForbidden || !strings.Contains(body, "monitor user add") {
					t.Errorf("setup with %s: status %d, want 403 with the way to make the first admin", h[0], st)
				}
			}
			vals := url.Values{"token": {tok}, "username": {"quantri"}, "password": {testPassword}, "confirm": {testPassword}}
			req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/setup", strings.NewReader(vals.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", "203.0.113.9")
			if st, _, _ := c.do(req); st != http.StatusForbidden {
				t.Errorf("setup form posted through a proxy: status %d, want 403", st)
			}
			if n, err := e.st.CountUsers(t.Context()); err != nil || n != 0 {
				t.Fatalf("users after refused setup: %d %v", n, err)
			}
			if st, _ := c.get("/setup?token=" + url.QueryEscape(tok)); st != http.StatusOK {
				t.Errorf("setup on the server itself: status %d, want 200", st)
			}
		})
	}
}

func TestCheckTrustedProxies(t *testing.T) {
	for _, ok := range []string{"127.0.0.1", "::1", "10.0.0.0/8", "fd00::/8"} {
		if err := checkTrustedProxies([]string{ok}); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"localhost", "127.0.0.1:8080", "10.0.0.0/33", ""} {
		if err := checkTrustedProxies([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	e := newEnv(t)
	deps := Deps{Archive: e.st, Search: e.ix, Sync: e.g, Crawler: e.crawler}
	if _, err := New(Config{SessionKey: []byte(strings.Repeat("k", 32)), TrustedProxies: []string{"proxy"}}, deps); err == nil {
		t.Error("New accepted a trusted proxy that is not an address")
	}
	if got, want := clientKey("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64"; got != want {
		t.Errorf("clientKey IPv6 = %q, want %q", got, want)
	}
	if got := clientKey("203.0.113.9"); got != "203.0.113.9" {
		t.Errorf("clientKey IPv4 = %q", got)
	}
}
