package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
)

// pagePaths are the pages every signed-in user may open.
func pagePaths(e *env) []string {
	return []string{"/", "/queue", "/queue?topic=border&origin=foreign", "/search", "/search?q=border&flagged=true",
		"/search?q=%22t%C3%B4n+giao%22", "/items/" + e.ids["border"], "/items/" + e.ids["xss"] + "?q=cột+mốc",
		"/plan", "/plan/tasks/II.6.3", "/responses", "/sources", "/rules", "/rules/view/border-bo-y", "/account", "/export"}
}

var adminPaths = []string{"/users", "/audit", "/sources/new", "/sources/edit/bao-kon-tum", "/rules/new?expr=border", "/rules/edit/border-bo-y",
	"/rules/preview?expr=%22bi%C3%AAn+gi%E1%BB%9Bi%22", "/responses/new"}

// TestPagesByRole renders every page for each role in both languages
// and checks statuses, write controls and the message catalogue.
func TestPagesByRole(t *testing.T) {
	e := newEnv(t).seed()
	writeForm := regexp.MustCompile(`method="post" action="/(items/[^"]+/(update|tags)|responses)"`)
	for _, who := range []string{"quantri", "chuyenvien", "xem"} {
		for _, lang := range []string{"vi", "en"} {
			c := e.client().login(who)
			c.get("/lang/" + lang)
			for _, p := range pagePaths(e) {
				st, body := c.get(p)
				if st != http.StatusOK {
					t.Errorf("%s %s %s: status %d", who, lang, p, st)
					continue
				}
				if who == "xem" && writeForm.MatchString(body) {
					t.Errorf("viewer sees a write form on %s: %s", p, writeForm.FindString(body))
				}
				if lang == "en" && strings.Contains(body, "Đăng xuất") {
					t.Errorf("%s in English still says Đăng xuất", p)
				}
			}
			for _, p := range adminPaths {
				st, _ := c.get(p)
				want := http.StatusOK
				if who == "xem" || (who == "chuyenvien" && p != "/responses/new") {
					want = http.StatusForbidden
				}
				if st != want {
					t.Errorf("%s %s: status %d, want %d", who, p, st, want)
				}
			}
		}
	}
	if m := e.srv.cat.Missing(); len(m) > 0 {
		t.Errorf("keys missing from the catalogue: %v", m)
	}
}

func TestAnonymousGoesToLogin(t *testing.T) {
	e := newEnv(t).seed()
	c := e.client()
	res, err := c.hc.Get(e.ts.URL + "/items/" + e.ids["border"] + "?q=x")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?next=") {
		t.Fatalf("anonymous: %d %q", res.StatusCode, loc)
	}
	next, _ := url.QueryUnescape(strings.TrimPrefix(loc, "/login?next="))
	c.get("/login")
	st, _, h := c.post("/login", url.Values{"username": {"xem"}, "password": {testPassword}, "next": {next}})
	if st != http.StatusSeeOther || h.Get("Location") != "/items/"+e.ids["border"]+"?q=x" {
		t.Errorf("after login: %d to %q, want back to the item", st, h.Get("Location"))
	}
	// An open redirect is refused.
	if got := safeNext("//evil.example/"); got != "/" {
		t.Errorf("safeNext(//evil) = %q", got)
	}
}

func TestLoginCookieAndRateLimit(t *testing.T) {
	e := newEnv(t).seed()
	c := e.client()
	c.get("/login")
	st, body, _ := c.post("/login", url.Values{"username": {"chuyenvien"}, "password": {"sai"}})
	if st != http.StatusUnauthorized || !strings.Contains(body, "Sai tên đăng nhập hoặc mật khẩu") {
		t.Errorf("wrong password: %d", st)
	}
	for i := 0; i < 5; i++ {
		st, _, _ = c.post("/login", url.Values{"username": {"chuyenvien"}, "password": {"sai"}})
	}
	if st != http.StatusTooManyRequests {
		t.Errorf("after 6 failures: %d, want 429", st)
	}
	// Even the right password waits out the window.
	if st, _, _ = c.post("/login", url.Values{"username": {"chuyenvien"}, "password": {testPassword}}); st != http.StatusTooManyRequests {
		t.Errorf("right password while limited: %d, want 429", st)
	}
	// The session cookie's flags, over a TLS-terminating proxy.
	e.srv.limiter.reset("ip:127.0.0.1")
	c2 := e.client()
	c2.get("/login")
	req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(url.Values{"username": {"xem"}, "password": {testPassword}, "csrf_token": {c2.csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("Referer", strings.Replace(e.ts.URL, "http:", "https:", 1)+"/login")
	_, _, h := c2.do(req)
	var sess string
	for _, sc := range h.Values("Set-Cookie") {
		if strings.HasPrefix(sc, sessionCookie+"=") {
			sess = sc
		}
	}
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "Secure"} {
		if !strings.Contains(sess, want) {
			t.Errorf("session cookie %q lacks %s", sess, want)
		}
	}
}

func TestLogoutEndsSession(t *testing.T) {
	e := newEnv(t).seed()
	c := e.client().login("xem")
	raw := ""
	u, _ := url.Parse(e.ts.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			raw = ck.Value
		}
	}
	c.post("/logout", url.Values{})
	// Replaying the old cookie no longer works.
	req, _ := http.NewRequest("GET", e.ts.URL+"/queue", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: raw})
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("old cookie after logout: %d, want a redirect to login", res.StatusCode)
	}
}

func TestFormWithoutCSRFIsRefused(t *testing.T) {
	e := newEnv(t).seed()
	c := e.client().login("chuyenvien")
	st, body, _ := c.post("/items/"+e.ids["rights"]+"/update", url.Values{"action": {"flag"}, "csrf_token": {""}})
	if st != http.StatusForbidden || !strings.Contains(body, "Biểu mẫu đã hết hạn") {
		t.Errorf("form without token: %d", st)
	}
	st, _, _ = c.post("/items/"+e.ids["rights"]+"/update", url.Values{"action": {"flag"}, "csrf_token": {"Zm9yZ2Vk"}})
	if st != http.StatusForbidden {
		t.Errorf("forged token: %d", st)
	}
	it, _ := e.st.GetItem(t.Context(), e.ids["rights"])
	if it.Status != index.StatusNew {
		t.Errorf("status changed to %s by a refused form", it.Status)
	}
}

func TestViewerForgedWriteRefused(t *testing.T) {
	e := newEnv(t).seed()
	c := e.client().login("xem")
	for _, p := range []string{"/items/" + e.ids["rights"] + "/update", "/items/" + e.ids["rights"] + "/tags", "/responses", "/sources", "/users", "/rules"} {
		st, _, _ := c.post(p, url.Values{"action": {"dismiss"}, "tags": {"x"}})
		if st != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d, want 403", p, st)
		}
	}
}

func TestStaleEditNotOverwritten(t *testing.T) {
	e := newEnv(t).seed()
	id := e.ids["border"]
	a := e.client().login("chuyenvien")
	_, page := a.get("/items/" + id)
	stamp := regexp.MustCompile(`name="updated_at" value="([^"]+)"`).FindStringSubmatch(page)[1]
	// Someone else dismisses the item meanwhile.
	if st, _ := e.api(e.tokens[index.RoleAdmin], "PATCH", "/api/v1/items/"+id, map[string]any{"status": "dismissed"}); st != 200 {
		t.Fatal(st)
	}
	st, body, _ := a.post("/items/"+id+"/update", url.Values{"status": {"flagged"}, "note": {"Ghi chú của tôi"}, "updated_at": {stamp}})
	if st != http.StatusConflict || !strings.Contains(body, "vừa được người khác thay đổi") || !strings.Contains(body, "Ghi chú của tôi") {
		t.Errorf("stale edit: %d, want 409 with the message and the note kept", st)
	}
	it, _ := e.st.GetItem(t.Context(), id)
	if it.Status != index.StatusDismissed {
		t.Errorf("status %s, want the other person's dismissed", it.Status)
	}
}

func TestItemPageXSSInert(t *testing.T) {
	e := newEnv(t).seed()
	c := e.client().login("chuyenvien")
	for _, p := range []string{"/items/" + e.ids["xss"], "/queue", "/search?q=%22c%E1%BB%99t+m%E1%BB%91c%22", "/search?q=HYPERLINK"} {
		_, body := c.get(p)
		for _, bad := range []string{"<script>alert", "<img src=x", `href="javascript:`, "<iframe", "<b onmouseover", " onerror=\"alert"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
	}
	_, body := c.get("/items/" + e.ids["xss"])
	for _, want := range []string{"&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;", "=HYPERLINK(", "<mark>cột mốc</mark>"} {
		if !strings.Contains(body, want) {
			t.Errorf("item page lacks %q", want)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t).seed()
	res, err := http.Get(e.ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Content-Security-Policy"); !strings.Contains(got, "script-src 'self'") || strings.Contains(got, "unsafe-inline") {
		t.Errorf("CSP %q", got)
	}
}

func TestTriageThroughForms(t *testing.T) {
	e := newEnv(t).seed()
	c := e.client().login("chuyenvien")
	id := e.ids["rights"]
	c.get("/items/" + id)
	if st, _, h := c.post("/items/"+id+"/tags", url.Values{"tags": {"báo cáo năm, Tây Nguyên"}}); st != http.StatusSeeOther {
		t.Fatalf("tag: %d %v", st, h)
	}
	st, _, _ := c.post("/items/"+id+"/update", url.Values{"action": {"assign_me"}})
	if st != http.StatusSeeOther {
		t.Fatalf("assign: %d", st)
	}
	// A response recorded from the item page, with a bad date first.
	c.get("/responses/new?item=" + id)
	vals := url.Values{"item_ids": {id}, "task": {"II.6.3"}, "kind": {"rebuttal"}, "agency": {"Sở Thông tin và Truyền thông"},
		"status": {"done"}, "date": {"2026-02-30"}, "note": {"Bài phản bác đăng trên Báo Kon Tum"}, "back": {"/items/" + id}}
	st, body, _ := c.post("/responses", vals)
	if st != http.StatusBadRequest || !strings.Contains(body, "Ngày không hợp lệ") || !strings.Contains(body, "Bài phản bác đăng trên Báo Kon Tum") {
		t.Errorf("bad date: %d, want the form again with the message and the note kept", st)
	}
	vals.Set("date", "2026-11-20")
	if st, _, h := c.post("/responses", vals); st != http.StatusSeeOther || h.Get("Location") != "/items/"+id {
		t.Fatalf("response: %d to %s", st, h.Get("Location"))
	}
	it, _ := e.st.GetItem(t.Context(), id)
	if it.Assignee != "chuyenvien" || len(it.Tags) != 2 || it.Status != index.StatusResponded {
		t.Errorf("item after triage: assignee %q tags %v status %s", it.Assignee, it.Tags, it.Status)
	}
	_, task := c.get("/plan/tasks/II.6.3")
	if !strings.Contains(task, "Bài viết phản bác") {
		t.Errorf("task page does not list the response")
	}
}

func TestAdminForms(t *testing.T) {
	e := newEnv(t).seed()
	c := e.client().login("quantri")
	c.get("/sources/new")
	st, body, _ := c.post("/sources", url.Values{"name": {"Báo Lạ"}, "kind": {"site"}, "url": {"ftp://x"}, "origin": {"domestic"}, "interval": {"10s"}})
	for _, want := range []string{"Chỉ gồm chữ thường", "http:// hoặc https://", "tối thiểu 1m", "bộ chọn CSS", `value="Báo Lạ"`} {
		if !strings.Contains(body, want) {
			t.Errorf("bad source form lacks %q (status %d)", want, st)
		}
	}
	st, _, _ = c.post("/sources", url.Values{"name": {"bao-gia-lai"}, "kind": {"feed"}, "url": {"https://baogialai.example.vn/rss"}, "origin": {"domestic"}, "interval": {"45m"}, "enabled": {"1"}, "language": {"vi"}})
	if st != http.StatusSeeOther {
		t.Errorf("add source: %d", st)
	}
	c.get("/sources")
	if st, _, _ = c.post("/sources/crawl/bao-gia-lai", url.Values{}); st != http.StatusSeeOther {
		t.Errorf("crawl now: %d", st)
	}
	e.srv.Close()
	if len(e.crawler.names) != 1 || e.crawler.names[0] != "bao-gia-lai" {
		t.Errorf("crawled %v", e.crawler.names)
	}
	// A rule with a syntax error shows the column.
	c.get("/rules/new")
	_, body, _ = c.post("/rules", url.Values{"id": {"moc-moi"}, "topic": {"border"}, "severity": {"high"}, "expr": {`"cột mốc" AND (`}, "op": {"save"}})
	if !strings.Contains(body, "Lỗi cú pháp ở cột") {
		t.Errorf("rule with a syntax error: no parse error shown")
	}
	st, _, _ = c.post("/rules", url.Values{"id": {"moc-moi"}, "topic": {"border"}, "severity": {"high"}, "expr": {`"cột mốc" AND "Ngọc Hồi"`}, "enabled": {"1"}, "op": {"save"}})
	if st != http.StatusSeeOther {
		t.Errorf("save rule: %d", st)
	}
	// Users: a short password is refused beside the field.
	c.get("/users")
	_, body, _ = c.post("/users", url.Values{"username": {"moi"}, "role": {"analyst"}, "password": {"ngan"}, "confirm": {"ngan"}})
	if !strings.Contains(body, "ít nhất 10 ký tự") {
		t.Errorf("short password not refused")
	}
	st, _, _ = c.post("/users", url.Values{"username": {"moi"}, "display_name": {"Lê Văn Mới"}, "role": {"analyst"}, "password": {"một-mật-khẩu-dài"}, "confirm": {"một-mật-khẩu-dài"}})
	if st != http.StatusSeeOther {
		t.Errorf("create user: %d", st)
	}
	_, audit := c.get("/audit")
	for _, want := range []string{"source.", "rule.", "user.create"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit log lacks %q", want)
		}
	}
}

func TestSetupLinkOnce(t *testing.T) {
	e := newEnv(t) // no users
	link, err := e.srv.SetupURL(t.Context())
	if err != nil || link == "" {
		t.Fatalf("SetupURL: %q %v", link, err)
	}
	u, _ := url.Parse(link)
	tok := u.Query().Get("token")
	c := e.client()
	if st, _ := c.get("/setup?token=wrong"); st != http.StatusNotFound {
		t.Errorf("wrong token: %d", st)
	}
	if st, _ := c.get("/setup?token=" + tok); st != http.StatusOK {
		t.Fatalf("setup page: %d", st)
	}
	st, _, _ := c.post("/setup", url.Values{"token": {tok}, "username": {"quantri"}, "display_name": {"Đặng Thu Hà"}, "password": {testPassword}, "confirm": {testPassword}})
	if st != http.StatusSeeOther {
		t.Fatalf("setup: %d", st)
	}
	if st, _ := c.get("/"); st != http.StatusOK {
		t.Errorf("signed in after setup: %d", st)
	}
	if st, _ := e.client().get("/setup?token=" + tok); st != http.StatusNotFound {
		t.Errorf("second use: %d, want 404", st)
	}
	if l, _ := e.srv.SetupURL(t.Context()); l != "" {
		t.Errorf("SetupURL with users: %q", l)
	}
	if isLoopback("192.0.2.10:5555") || !isLoopback("127.0.0.1:1") || !isLoopback("[::1]:1") {
		t.Error("isLoopback")
	}
}

func TestHealthAndMetrics(t *testing.T) {
	e := newEnv(t).seed()
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		res, err := http.Get(e.ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	e.client().login("xem").get("/search?q=border")
	res, _ := http.Get(e.ts.URL + "/metrics")
	b := new(strings.Builder)
	_, _ = io.Copy(b, res.Body)
	res.Body.Close()
	for _, want := range []string{"ttdn_http_requests_total", "ttdn_search_duration_seconds_count", "ttdn_logins_total"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestHealthzHandler is the handler alone, through gin's test context.
func TestHealthzHandler(t *testing.T) {
	e := newEnv(t)
	w := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(w)
	c.Request = httptest.NewRequest("GET", "/healthz", nil)
	e.srv.healthz(c)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"ok"`) {
		t.Errorf("healthz: %d %s", w.Code, w.Body)
	}
}

func TestErrorStatus(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"not found", index.ErrNotFound, 404},
		{"conflict", index.ErrConflict, 409},
		{"field", index.Invalid("status", "bad"), 400},
		{"unauthorized", index.ErrUnauthorized, 401},
		{"forbidden", index.ErrForbidden, 403},
		{"other", io.ErrUnexpectedEOF, 500},
	}
	for _, tt := range tests {
		if got := errorStatus(tt.err); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
}
