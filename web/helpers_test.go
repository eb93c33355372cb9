package web

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/ingest"
	"github.com/ttdn/monitor/index/plan"
	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/index/store"
	"github.com/ttdn/monitor/rules"
)

// The concrete archive types satisfy the interfaces the server needs.
var (
	_ Archive  = (*store.Store)(nil)
	_ Searcher = (*search.Index)(nil)
	_ Syncer   = (*ingest.Ingester)(nil)
)

// testRule is one rule of the test matcher.
type testRule struct {
	id, topic string
	sev       index.Severity
	expr      string
}

var testRules = []testRule{
	{"border-bo-y", "border", index.SeverityHigh, `("biên giới" OR "cột mốc" OR "chủ quyền" OR border) AND ("Kon Tum" OR "Bờ Y" OR "Ngọc Hồi")`},
	{"rights-general", "human_rights", index.SeverityMedium, `"nhân quyền" OR "human rights" OR "droits de l'homme"`},
	{"religion-general", "religion", index.SeverityMedium, `"tôn giáo" OR religious OR "liberté religieuse"`},
}

// ruleMatcher runs testRules with the rules package's parser and Eval.
type ruleMatcher struct{ nodes []rules.Node }

func newRuleMatcher(t testing.TB) *ruleMatcher {
	t.Helper()
	m := &ruleMatcher{}
	for _, r := range testRules {
		n, err := rules.Parse(r.expr)
		if err != nil {
			t.Fatalf("parse %s: %v", r.id, err)
		}
		m.nodes = append(m.nodes, n)
	}
	return m
}

func (m *ruleMatcher) Match(it *index.Item) []index.Hit {
	var hits []index.Hit
	for i, n := range m.nodes {
		ok, ms := rules.Eval(n, rules.Doc{Title: it.Title, Summary: it.Summary, Body: it.Body, Language: it.Language})
		if !ok {
			continue
		}
		h := index.Hit{RuleID: testRules[i].id, RuleVersion: 1, Topic: testRules[i].topic, Severity: testRules[i].sev}
		for _, mm := range ms {
			h.Matches = append(h.Matches, index.Match{Field: mm.Field, Term: mm.Term, Start: mm.Start, End: mm.End})
		}
		hits = append(hits, h)
	}
	return hits
}

// crawlRecorder records "crawl now" requests.
type crawlRecorder struct {
	mu    sync.Mutex
	names []string
}

func (c *crawlRecorder) CrawlSource(_ context.Context, name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.names = append(c.names, name)
	return nil
}

// env is a server over a real store, index and ingester in a temp dir.
type env struct {
	t       testing.TB
	srv     *Server
	ts      *httptest.Server
	st      *store.Store
	ix      *search.Index
	g       *ingest.Ingester
	crawler *crawlRecorder
	tokens  map[index.Role]string
	ids     map[string]string // fixture name → item id
}

const testPassword = "mật-khẩu-thử-nghiệm-1"

func newEnv(t testing.TB) *env {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix, _, err := search.Open(filepath.Join(dir, "index.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	e := &env{t: t, st: st, ix: ix, g: ingest.New(st, ix, newRuleMatcher(t), nil), crawler: &crawlRecorder{},
		tokens: map[index.Role]string{}, ids: map[string]string{}}
	p, tasks, err := plan.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ImportPlan(ctx, "system", p, tasks); err != nil {
		t.Fatal(err)
	}
	e.serve(nil)
	return e
}

// serve builds the server over the env's store, index and ingester and
// starts it on a loopback listener; edit, when set, changes the deps
// first. Called again, it stands for a restart: the old server stops and
// a new one with the same session key takes over.
func (e *env) serve(edit func(*Deps)) {
	e.t.Helper()
	if e.ts != nil {
		e.ts.Close()
		e.srv.Close()
	}
	d := Deps{Archive: e.st, Search: e.ix, Sync: e.g, Crawler: e.crawler}
	if edit != nil {
		edit(&d)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(Config{SessionKey: []byte(strings.Repeat("k", 32)), Logger: log}, d)
	if err != nil {
		e.t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	e.srv, e.ts = srv, ts
	e.t.Cleanup(func() { ts.Close(); srv.Close() })
}

// seed adds users of every role (with API tokens), sources, rules and the
// fixture articles.
func (e *env) seed() *env {
	e.t.Helper()
	ctx := context.Background()
	hash, _ := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	for _, u := range []index.User{
		{Username: "quantri", DisplayName: "Đặng Thu Hà", Role: index.RoleAdmin},
		{Username: "chuyenvien", DisplayName: "Nguyễn Văn An", Role: index.RoleAnalyst},
		{Username: "xem", DisplayName: "Trần Thị Bình", Role: index.RoleViewer},
	} {
		u.PasswordHash = string(hash)
		if err := e.st.CreateUser(ctx, "system", &u); err != nil {
			e.t.Fatal(err)
		}
		tok, err := e.st.CreateToken(ctx, "system", u.ID, "test")
		if err != nil {
			e.t.Fatal(err)
		}
		e.tokens[u.Role] = tok
	}
	for _, src := range fixtureSources() {
		if err := e.st.UpsertSource(ctx, "system", src); err != nil {
			e.t.Fatal(err)
		}
	}
	for _, r := range testRules {
		if _, err := e.st.SaveRule(ctx, "system", index.Rule{ID: r.id, Topic: r.topic, Severity: r.sev, Expr: r.expr,
			Languages: []string{"vi", "en", "fr"}, Enabled: true, Pack: "custom"}); err != nil {
			e.t.Fatal(err)
		}
	}
	for _, f := range fixtureItems() {
		it := f.item
		if _, err := e.g.Ingest(ctx, &it); err != nil {
			e.t.Fatalf("ingest %s: %v", f.name, err)
		}
		e.ids[f.name] = it.ID
	}
	// Two outlets carrying one story form a cluster.
	for _, n := range []string{"border", "border-copy"} {
		if err := e.st.SetCluster(ctx, e.ids[n], "c-"+e.ids["border"][:8]); err != nil {
			e.t.Fatal(err)
		}
	}
	if err := e.g.Flush(ctx, nil); err != nil {
		e.t.Fatal(err)
	}
	return e
}

// client is a browser-like HTTP client with a cookie jar that keeps the
// last CSRF token it saw.
type client struct {
	e    *env
	hc   *http.Client
	csrf string
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"|data-csrf="([^"]+)"`)

// do sends a request and returns the status and body, remembering a CSRF
// token found in the body.
func (c *client) do(req *http.Request) (int, string, http.Header) {
	c.e.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfRe.FindStringSubmatch(string(b)); m != nil {
		c.csrf = html.UnescapeString(m[1] + m[2])
	}
	return res.StatusCode, string(b), res.Header
}

func (c *client) get(path string) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, c.e.ts.URL+path, nil)
	st, body, _ := c.do(req)
	return st, body
}

// post sends a form with the remembered CSRF token (unless vals sets
// csrf_token itself).
func (c *client) post(path string, vals url.Values) (int, string, http.Header) {
	if _, ok := vals["csrf_token"]; !ok {
		vals.Set("csrf_token", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, c.e.ts.URL+path, strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// login signs in through the form and fails the test otherwise.
func (c *client) login(username string) *client {
	c.e.t.Helper()
	c.get("/login")
	st, body, _ := c.post("/login", url.Values{"username": {username}, "password": {testPassword}, "next": {"/"}})
	if st != http.StatusSeeOther {
		c.e.t.Fatalf("login %s: status %d\n%s", username, st, body)
	}
	c.get("/")
	return c
}

// api sends a JSON request with a Bearer token ("" for none) and decodes
// the answer into a map.
func (e *env) api(token, method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, e.ts.URL+path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	out := map[string]any{}
	b, _ := io.ReadAll(res.Body)
	if len(b) > 0 && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &out); err != nil {
			e.t.Fatalf("%s %s: bad JSON %q", method, path, b)
		}
	}
	return res.StatusCode, out
}

func fixtureSources() []index.Source {
	return []index.Source{
		{Name: "bao-kon-tum", Title: "Báo Kon Tum", Kind: index.KindFeed, URL: "https://baokontum.example.vn/rss/thoi-su.rss", Origin: index.OriginDomestic, Country: "VN", Language: "vi", Interval: 30 * time.Minute, Enabled: true},
		{Name: "dan-toc-mien-nui", Title: "Dân tộc và Miền núi", Kind: index.KindFeed, URL: "https://dantoc.example.vn/rss/home.rss", Origin: index.OriginDomestic, Country: "VN", Language: "vi", Interval: time.Hour, Enabled: true},
		{Name: "asia-watch", Title: "Asia Watch", Kind: index.KindSite, URL: "https://asiawatch.example.org/news/", Origin: index.OriginForeign, Country: "US", Language: "en", Interval: 2 * time.Hour, Enabled: true, LinkSelector: "article h2 a"},
		{Name: "le-courrier", Title: "Le Courrier d'Asie", Kind: index.KindFeed, URL: "https://courrier.example.fr/feed.xml", Origin: index.OriginForeign, Country: "FR", Language: "fr", Interval: 2 * time.Hour, Enabled: true},
	}
}

type fixtureItem struct {
	name string
	item index.Item
}

// xssTitle and xssBody carry payloads a hostile page might.
const (
	xssTitle = `=HYPERLINK("https://evil.example/x","bấm") <script>alert('title')</script> Biên giới Bờ Y`
	xssBody  = "Bài viết về cột mốc biên giới ở Kon Tum.\n<script>alert('body')</script>\n" +
		`<img src=x onerror="alert('img')"> và <a href="javascript:alert('link')">bấm vào đây</a>` +
		"\n<iframe src=\"https://evil.example\"></iframe> kết thúc."
)

func fixtureItems() []fixtureItem {
	day := func(d, h int) time.Time {
		return time.Now().UTC().Add(-time.Duration(d)*24*time.Hour - time.Duration(h)*time.Hour)
	}
	return []fixtureItem{
		{"border", index.Item{URL: "https://asiawatch.example.org/news/2026/border-markers-bo-y", Source: "asia-watch", Origin: index.OriginForeign, Language: "en",
			Title: "Dispute over border markers near Bờ Y crossing in Kon Tum", Summary: "A report questions the placement of border markers.",
			Body:        "A foreign outlet claims that border markers near the Bờ Y international crossing in Kon Tum were moved.\n\nLocal officials said the markers stand where the 2016 demarcation protocol placed them; no resident was displaced.\n\nThe report offers no photographs and cites one anonymous source.",
			PublishedAt: day(0, 2), Author: "J. Miller"}},
		{"border-copy", index.Item{URL: "https://courrier.example.fr/2026/bornes-frontiere-bo-y", Source: "le-courrier", Origin: index.OriginForeign, Language: "fr",
			Title: "Polémique sur des bornes près du poste de Bờ Y (Kon Tum)", Summary: "Reprise d'un article sur la border de Kon Tum.",
			Body:        "Selon un média étranger, des bornes près du poste frontière de Bờ Y à Kon Tum auraient été déplacées (border markers).\n\nLes autorités locales démentent.",
			PublishedAt: day(0, 1)}},
		{"rights", index.Item{URL: "https://asiawatch.example.org/news/2026/human-rights-report-central-highlands", Source: "asia-watch", Origin: index.OriginForeign, Language: "en",
			Title: "Annual human rights report mentions the Central Highlands", Summary: "The report repeats claims from 2021.",
			Body: "The annual human rights report again names the Central Highlands.\n\nIt repeats claims made in 2021 without new evidence.", PublishedAt: day(1, 3)}},
		{"religion", index.Item{URL: "https://baokontum.example.vn/thoi-su/le-hoi-ton-giao-dak-ha", Source: "bao-kon-tum", Origin: index.OriginDomestic, Language: "vi",
			Title: "Đồng bào Đắk Hà đón lễ hội tôn giáo trong không khí đoàn kết", Summary: "Hàng nghìn giáo dân tham dự.",
			Body: "Hàng nghìn giáo dân ở huyện Đắk Hà đã tham dự lễ hội tôn giáo truyền thống.\n\nChính quyền địa phương bảo đảm an ninh trật tự và tạo điều kiện cho bà con.", PublishedAt: day(2, 0)}},
		{"tourism", index.Item{URL: "https://dantoc.example.vn/du-lich/mang-den-mua-hoa", Source: "dan-toc-mien-nui", Origin: index.OriginDomestic, Language: "vi",
			Title: "Măng Đen vào mùa hoa anh đào", Summary: "Du khách đổ về Măng Đen.",
			Body: "Những ngày đầu tháng, hoa anh đào nở rộ ở Măng Đen.\n\nDu khách từ nhiều tỉnh thành đến tham quan.", PublishedAt: day(0, 5)}},
		{"xss", index.Item{URL: "https://asiawatch.example.org/news/2026/payload", Source: "asia-watch", Origin: index.OriginForeign, Language: "vi",
			Title: xssTitle, Summary: `<b onmouseover="alert('sum')">tóm tắt</b>`, Body: xssBody, PublishedAt: day(0, 3)}},
	}
}
