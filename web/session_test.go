package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// sessionCookieOf returns the session cookie c's jar holds for the server.
func sessionCookieOf(t *testing.T, c *client) string {
	t.Helper()
	u, _ := url.Parse(c.e.ts.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// getWithSession requests path with a raw session cookie, as a copied
// cookie would be sent, and returns the status; a redirect anywhere but
// the login form fails the test.
func getWithSession(t *testing.T, e *env, path, cookie string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode == http.StatusSeeOther && !strings.HasPrefix(loc, "/login") {
		t.Fatalf("GET %s: redirect to %q, want the login form", path, loc)
	}
	return res.StatusCode
}

func TestLogoutSurvivesRestart(t *testing.T) {
	e := newEnv(t).seed()
	out := e.client().login("chuyenvien")
	stay := e.client().login("quantri")
	outCookie, stayCookie := sessionCookieOf(t, out), sessionCookieOf(t, stay)

	if st, _, _ := out.post("/logout", url.Values{}); st != http.StatusSeeOther {
		t.Fatalf("logout: status %d", st)
	}
	if got := getWithSession(t, e, "/queue", outCookie); got != http.StatusSeeOther {
		t.Errorf("logged-out cookie before restart: status %d, want 303 to login", got)
	}

	e.serve(nil) // a restart over the same store and key

	for _, tc := range []struct {
		name, cookie string
		want         int
	}{
		{"logged out", outCookie, http.StatusSeeOther},
		{"still signed in", stayCookie, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := getWithSession(t, e, "/queue", tc.cookie); got != tc.want {
				t.Errorf("after restart: status %d, want %d", got, tc.want)
			}
		})
	}
}
