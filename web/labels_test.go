package web

import (
	"errors"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ttdn/monitor/crawler/fetch"
	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/rules"
	"github.com/ttdn/monitor/web/i18n"
)

// TestEveryValueHasItsLabel: every topic of the built-in packs, every
// item status, origin and severity, and every response kind and status
// the pages print through a "prefix." key has a label in both languages,
// so no page shows a raw code such as "province".
func TestEveryValueHasItsLabel(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	prof, err := rules.DefaultProfile()
	if err != nil {
		t.Fatal(err)
	}
	packs, err := rules.BuiltinPacks(prof)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, p := range packs {
		for _, r := range p.Rules {
			add("topic." + r.Topic)
		}
	}
	if !seen["topic.province"] {
		t.Error("the built-in packs have no province topic; the walk is looking in the wrong place")
	}
	for _, s := range index.Statuses {
		add("status." + string(s))
	}
	for _, o := range []index.Origin{index.OriginDomestic, index.OriginForeign} {
		add("origin." + string(o))
	}
	for _, s := range []index.Severity{index.SeverityLow, index.SeverityMedium, index.SeverityHigh} {
		add("severity." + string(s))
	}
	for _, k := range index.ResponseKinds {
		add("kind." + string(k))
	}
	for _, s := range index.ResponseStatuses {
		add("rstatus." + string(s))
	}
	for _, k := range keys {
		if !cat.Has(k) {
			t.Errorf("no label for %s", k)
			continue
		}
		for _, lang := range i18n.Languages {
			if got := cat.T(lang, k); strings.TrimSpace(got) == "" || got == k {
				t.Errorf("%s label of %s is %q", lang, k, got)
			}
		}
	}
	if got := cat.T("vi", "topic.province"); got != "Thông tin về tỉnh" {
		t.Errorf("topic.province in Vietnamese = %q, want the export's wording %q", got, "Thông tin về tỉnh")
	}
}

// templateKey is a literal catalogue key in a template: {{.T "key"}} or
// {{$.T "key"}}.
var templateKey = regexp.MustCompile(`\.T "([a-z_]+\.[a-z0-9_.]+)"`)

// TestTemplateKeysExist: every literal key a template asks for is in the
// catalogue (both languages hold the same keys, as i18n.Load checks).
func TestTemplateKeysExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = fs.WalkDir(os.DirFS("templates"), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile("templates/" + path)
		if err != nil {
			return err
		}
		for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
			n++
			if !cat.Has(m[1]) {
				t.Errorf("templates/%s asks for %q, which the catalogue lacks", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Errorf("found only %d keys in the templates; the pattern misses them", n)
	}
}

// badExprs are expressions with every kind of syntax error the parser
// gives, with the Code each must carry.
var badExprs = []struct{ expr, code string }{
	{strings.Repeat("a ", 40000), rules.ErrTooLong},
	{"a \xff", rules.ErrBadUTF8},
	{strings.Repeat("(", 40) + "a" + strings.Repeat(")", 40), rules.ErrTooDeep},
	{`(a AND b) NEAR/5 c`, rules.ErrNearLeft},
	{`a NEAR/5 (b AND c)`, rules.ErrNearRight},
	{`a NEAR/5 b NEAR/5 c`, rules.ErrNearChained},
	{`a NEAR/ b`, rules.ErrNearDistance},
	{`a NEAR/x b`, rules.ErrNearNotNumber},
	{`a NEAR/5000 b`, rules.ErrNearRange},
	{`a =`, rules.ErrExactNeedsTerm},
	{`= (`, rules.ErrExactNeedsTerm},
	{`a AND *`, rules.ErrLoneStar},
	{`bi*en`, rules.ErrStarInWord},
	{`()`, rules.ErrEmptyParens},
	{`summary:a`, rules.ErrUnknownField},
	{`title:(body:a)`, rules.ErrFieldNeverMatches},
	{`title:)`, rules.ErrFieldNeedsTerm},
	{`""`, rules.ErrEmptyPhrase},
	{`a AND ---`, rules.ErrNoLetters},
	{`b*`, rules.ErrShortPrefix},
	{`"abc`, rules.ErrUnterminated},
	{`"a\q"`, rules.ErrBadEscape},
	{`a)`, rules.ErrUnmatchedRParen},
	{`AND a`, rules.ErrTermBefore},
	{`a AND`, rules.ErrExpectedTerm},
	{`a OR )`, rules.ErrExpectedTerm},
	{`(a`, rules.ErrExpectedRParen},
}

// TestParseErrorWords: every syntax error has a Code the catalogue words
// in both languages; in English the words are the parser's own, in
// Vietnamese they are not left in English.
func TestParseErrorWords(t *testing.T) {
	e := newEnv(t)
	vi, en := &view{Lang: "vi", s: e.srv}, &view{Lang: "en", s: e.srv}
	for _, tc := range badExprs {
		_, err := rules.Parse(tc.expr)
		var pe *rules.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%.30q) = %v, want a *rules.ParseError", tc.expr, err)
			continue
		}
		if pe.Code != tc.code {
			t.Errorf("Parse(%.30q): code %q, want %q (%v)", tc.expr, pe.Code, tc.code, pe)
			continue
		}
		if !e.srv.cat.Has("parse." + pe.Code) {
			t.Errorf("no words for parse.%s", pe.Code)
			continue
		}
		// The one English wording that differs: "inside title:(...)" and
		// "inside title:" read the same.
		if got := en.ParseMessage(pe); got != pe.Msg && pe.Code != rules.ErrFieldNeverMatches {
			t.Errorf("English words for %.30q: %q, want the parser's %q", tc.expr, got, pe.Msg)
		}
		if got := vi.ParseMessage(pe); got == pe.Msg || strings.Contains(got, "expected") {
			t.Errorf("Vietnamese words for %.30q are English: %q", tc.expr, got)
		}
	}
	if got := vi.ParseMessage(&rules.ParseError{Col: 1, Msg: "something new"}); got != "something new" {
		t.Errorf("an error without a code reads %q, want its own text", got)
	}
}

// TestSearchParseErrorInVietnamese: a bad query on /search shows the
// syntax error in the page's language, with its column.
func TestSearchParseErrorInVietnamese(t *testing.T) {
	e := newEnv(t).seed()
	c := e.client().login("xem")
	q := url.QueryEscape(`"biên giới" AND`)
	st, body := c.get("/search?q=" + q)
	page := html.UnescapeString(body)
	if want := `Lỗi cú pháp ở cột 16: cần một từ khóa sau "AND"`; st != http.StatusBadRequest || !strings.Contains(page, want) {
		t.Errorf("search with a bad query: status %d, want 400 and %q in the page", st, want)
	}
	if strings.Contains(page, "expected a term") {
		t.Error("the Vietnamese page shows the English parse error")
	}
	st, body = c.get("/search?q=" + url.QueryEscape(`a OR )`))
	if want := `Lỗi cú pháp ở cột 6: cần một từ khóa sau "OR", nhưng gặp ")"`; !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("search %q: status %d, page lacks %q", `a OR )`, st, want)
	}

	admin := e.client().login("quantri")
	_, body = admin.get("/rules/preview?expr=" + url.QueryEscape(`"cột mốc" AND (`))
	if want := `Lỗi cú pháp ở cột 16: cần một từ khóa sau "("`; !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("rule preview lacks %q:\n%s", want, body)
	}

	c.get("/lang/en")
	_, body = c.get("/search?q=" + q)
	if want := `Syntax error at column 16: expected a term after "AND"`; !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("the English page lacks %q", want)
	}
}

// TestSourceErrorRobotsWords: the crawler's own robots.txt errors get the
// right words: a robots.txt the server failed to serve is a server error
// or a timeout, never "robots.txt does not allow crawling", which is kept
// for a real refusal.
func TestSourceErrorRobotsWords(t *testing.T) {
	e := newEnv(t)
	v := &view{Lang: "vi", s: e.srv}
	const u = "https://example.vn/rss"
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"refused by robots.txt", &fetch.Error{Kind: fetch.ErrDisallowed, URL: u}, "srcerr.robots"},
		{"robots.txt answered 500", &fetch.Error{Kind: fetch.ErrRobotsUnavailable, URL: u, Err: errors.New("robots.txt: máy chủ trả lỗi 500")}, "srcerr.server"},
		{"robots.txt answered 503", &fetch.Error{Kind: fetch.ErrRobotsUnavailable, URL: u, Err: errors.New("robots.txt: máy chủ trả lỗi 503")}, "srcerr.server"},
		{"robots.txt timed out", &fetch.Error{Kind: fetch.ErrRobotsUnavailable, URL: u,
			Err: &fetch.Error{Kind: fetch.ErrTimeout, URL: "https://example.vn/robots.txt", Timeout: 20 * time.Second}}, "srcerr.timeout"},
		{"robots.txt unreadable", &fetch.Error{Kind: fetch.ErrRobotsUnavailable, URL: u, Err: errors.New("unexpected EOF")}, "srcerr.robots_unavailable"},
		{"feed timed out", &fetch.Error{Kind: fetch.ErrTimeout, URL: u, Timeout: 20 * time.Second}, "srcerr.timeout"},
	} {
		msg := tc.err.Error()
		if got, want := v.SourceError(msg), e.srv.cat.T("vi", tc.want)+" — "; !strings.HasPrefix(got, want) {
			t.Errorf("%s: SourceError(%q) = %q, want it to start with %q", tc.name, msg, got, want)
		}
	}
}
