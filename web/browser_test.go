package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ttdn/monitor/index"
)

// alertHook replaces the dialog functions before any page script runs, so
// a payload that ran would leave its trace in window.__alerts.
const alertHook = `window.__alerts = [];
["alert", "confirm", "prompt"].forEach(function (f) { window[f] = function (m) { window.__alerts.push(f + ":" + String(m)); }; });`

// chromiumPath finds a Chromium binary, or "".
func chromiumPath() string {
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is one headless Chromium for a test, with a dialog recorder.
type browser struct {
	t     *testing.T
	alloc context.Context
	base  string

	mu      sync.Mutex
	dialogs []string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no chromium binary found (apt-get install chromium); skipping browser tests")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	root, cancelRoot := chromedp.NewContext(alloc)
	t.Cleanup(cancelRoot)
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start chromium %s: %v", bin, err)
	}
	return &browser{t: t, alloc: root, base: base}
}

// tab opens a tab in a fresh browser context (its own cookies) with the
// alert hook installed.
func (b *browser) tab() context.Context {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.alloc, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	b.t.Cleanup(cancelT)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		b.t.Fatalf("start chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: alertHook}); err != nil {
		b.t.Fatal(err)
	}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, ev.Message)
			b.mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return ctx
}

func (b *browser) do(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func run[T any](b *browser, ctx context.Context, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

func (b *browser) login(ctx context.Context, user string) {
	b.t.Helper()
	b.do(ctx, "log in as "+user,
		chromedp.Navigate(b.base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("nav.main")),
	)
}

// TestBrowserAnalystDay: log in, triage the queue with the keyboard, tag
// an item, record a response for task II.6.3 from the item page, and
// switch the language.
func TestBrowserAnalystDay(t *testing.T) {
	e := newEnv(t).seed()
	b := newBrowser(t, e.ts.URL)
	ctx := b.tab()
	b.login(ctx, "chuyenvien")

	b.do(ctx, "open queue", chromedp.Navigate(b.base+"/queue"), chromedp.WaitVisible(chromedp.CSS("#queue tr.qrow.cur")))
	curIndex := `[...document.querySelectorAll('#queue tr.qrow')].findIndex(r => r.classList.contains('cur'))`
	curID := `document.querySelector('#queue tr.qrow.cur').dataset.id`
	b.do(ctx, "j", chromedp.KeyEvent("j"))
	if got := run(b, ctx, "cur", chromedp.Evaluate[int](curIndex)); got != 1 {
		t.Fatalf("after j the cursor is on row %d, want 1", got)
	}
	b.do(ctx, "k", chromedp.KeyEvent("k"), chromedp.KeyEvent("j"))
	flagged := run(b, ctx, "id", chromedp.Evaluate[string](curID))
	b.do(ctx, "f flags", chromedp.KeyEvent("f"), chromedp.WaitVisible(chromedp.CSS("#queue tr.qrow.cur.gone")))
	waitItem(t, e, flagged, func(it *index.Item) bool { return it.Status == index.StatusFlagged })
	if st := run(b, ctx, "status cell", chromedp.Text(chromedp.CSS("#queue tr.qrow.cur td.st"))); !strings.Contains(st, e.srv.cat.T("vi", "status.flagged")) {
		t.Errorf("status cell after f reads %q, want the Vietnamese status name", st)
	}

	b.do(ctx, "j t types a tag", chromedp.KeyEvent("j"), chromedp.KeyEvent("t"))
	tagged := run(b, ctx, "id", chromedp.Evaluate[string](curID))
	if got := run(b, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.className`)); got != "tag-input" {
		t.Fatalf("t focused %q, want the tag input", got)
	}
	b.do(ctx, "type tag", chromedp.KeyEvent("Tây Nguyên"), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("#queue tr.qrow.cur .tags .tag")))
	waitItem(t, e, tagged, func(it *index.Item) bool { return len(it.Tags) == 1 && it.Tags[0] == "Tây Nguyên" })

	b.do(ctx, "a assigns", chromedp.KeyEvent("a"))
	waitItem(t, e, tagged, func(it *index.Item) bool { return it.Assignee == "chuyenvien" })
	b.do(ctx, "j x dismisses", chromedp.KeyEvent("j"))
	dismissed := run(b, ctx, "id", chromedp.Evaluate[string](curID))
	b.do(ctx, "x", chromedp.KeyEvent("x"))
	waitItem(t, e, dismissed, func(it *index.Item) bool { return it.Status == index.StatusDismissed })
	b.do(ctx, "o opens", chromedp.KeyEvent("o"), chromedp.WaitVisible(chromedp.CSS("#item-title")))
	if loc := run(b, ctx, "location", chromedp.Location()); !strings.HasSuffix(loc, "/items/"+dismissed) {
		t.Errorf("o opened %s, want item %s", loc, dismissed)
	}

	// Tag an item on its page, then record a response from there.
	id := e.ids["rights"]
	b.do(ctx, "tag on item page",
		chromedp.Navigate(b.base+"/items/"+id), chromedp.WaitVisible(chromedp.CSS("#tag-input")),
		chromedp.SendKeys(chromedp.CSS("#tag-input"), "báo cáo 6 tháng"), chromedp.Submit(chromedp.CSS("#tag-input")),
		chromedp.WaitVisible(chromedp.CSS("p.flash")))
	if tags := run(b, ctx, "tags", chromedp.Text(chromedp.CSS("#item-tags"))); !strings.Contains(tags, "báo cáo 6 tháng") {
		t.Errorf("item tags %q", tags)
	}
	b.do(ctx, "record response",
		chromedp.Click(chromedp.CSS("#record-response")), chromedp.WaitVisible(chromedp.CSS("#response-form")),
		chromedp.SetValue(chromedp.CSS("#task"), "II.6.3"),
		chromedp.SendKeys(chromedp.CSS("input[name=agency]"), "Sở Thông tin và Truyền thông"),
		chromedp.SendKeys(chromedp.CSS("textarea[name=note]"), "Bài phản bác đăng trên Báo Kon Tum điện tử"),
		chromedp.Submit(chromedp.CSS("#response-form")), chromedp.WaitVisible(chromedp.CSS("#item-title")))
	if body := run(b, ctx, "page", chromedp.Text(chromedp.CSS("main"))); !strings.Contains(body, "Bài viết phản bác") || !strings.Contains(body, "II.6.3") {
		t.Errorf("item page after the response lacks it: %s", body)
	}
	rs, _, err := e.st.ListResponses(context.Background(), index.ResponseFilter{Task: "II.6.3"})
	if err != nil || len(rs) != 1 || rs[0].ItemIDs[0] != id || rs[0].RecordedBy != "chuyenvien" {
		t.Errorf("responses for II.6.3: %+v %v", rs, err)
	}

	b.do(ctx, "switch language", chromedp.Click(chromedp.CSS("#lang-switch")), chromedp.WaitVisible(chromedp.CSS("html[lang=en] nav.main")))
	if nav := run(b, ctx, "nav", chromedp.Text(chromedp.CSS("nav.main"))); !strings.Contains(nav, "Queue") || strings.Contains(nav, "Hàng đợi") {
		t.Errorf("after the switch the menu says %q", nav)
	}
	b.do(ctx, "back to vi", chromedp.Click(chromedp.CSS("#lang-switch")), chromedp.WaitVisible(chromedp.CSS("html[lang=vi] nav.main")))
	if nav := run(b, ctx, "nav", chromedp.Text(chromedp.CSS("nav.main"))); !strings.Contains(nav, "Hàng đợi") {
		t.Errorf("back in Vietnamese the menu says %q", nav)
	}
	b.noDialogs(ctx)
}

// TestBrowserViewerAndPayload: a viewer sees no write controls, the server
// refuses a forged write, and an article with a script payload runs none.
func TestBrowserViewerAndPayload(t *testing.T) {
	e := newEnv(t).seed()
	b := newBrowser(t, e.ts.URL)
	ctx := b.tab()
	b.login(ctx, "xem")
	id := e.ids["rights"]
	b.do(ctx, "item as viewer", chromedp.Navigate(b.base+"/items/"+id), chromedp.WaitVisible(chromedp.CSS("#item-title")))
	controls := `document.querySelectorAll('#item-update, #tag-form, #record-response, form[action*="/tags/"]').length`
	if n := run(b, ctx, "controls", chromedp.Evaluate[int](controls)); n != 0 {
		t.Errorf("viewer sees %d write controls on the item page", n)
	}
	b.do(ctx, "queue as viewer", chromedp.Navigate(b.base+"/queue"), chromedp.WaitVisible(chromedp.CSS("#queue")))
	if n := run(b, ctx, "queue controls", chromedp.Evaluate[int](`document.querySelectorAll('#queue form').length`)); n != 0 {
		t.Errorf("viewer sees %d forms in the queue", n)
	}
	forged := fmt.Sprintf(`fetch('/items/%s/update', {method: 'POST', credentials: 'same-origin',
		headers: {'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': document.body.dataset.csrf},
		body: 'action=dismiss&csrf_token=' + encodeURIComponent(document.body.dataset.csrf)}).then(r => r.status)`, id)
	if st := run(b, ctx, "forged write", chromedp.Evaluate[int](forged, chromedp.EvalAwaitPromise)); st != 403 {
		t.Errorf("forged write answered %d, want 403", st)
	}
	if it, _ := e.st.GetItem(context.Background(), id); it.Status != index.StatusNew {
		t.Errorf("forged write changed the status to %s", it.Status)
	}

	b.do(ctx, "payload article", chromedp.Navigate(b.base+"/items/"+e.ids["xss"]), chromedp.WaitVisible(chromedp.CSS("#item-body")))
	text := run(b, ctx, "body text", chromedp.Text(chromedp.CSS("#item-body")))
	if !strings.Contains(text, "<script>alert('body')</script>") || !strings.Contains(text, `onerror="alert('img')"`) {
		t.Errorf("payload not shown as text: %q", text)
	}
	title := run(b, ctx, "title", chromedp.Text(chromedp.CSS("#item-title")))
	if !strings.HasPrefix(title, `=HYPERLINK(`) {
		t.Errorf("title %q", title)
	}
	if n := run(b, ctx, "elements", chromedp.Evaluate[int](`document.querySelectorAll('main script, main img, main iframe, #item-body a, [onerror], [onmouseover]').length`)); n != 0 {
		t.Errorf("%d live elements from the payload", n)
	}
	b.do(ctx, "search payload", chromedp.Navigate(b.base+"/search?q=HYPERLINK"), chromedp.WaitVisible(chromedp.CSS(".results")))
	b.noDialogs(ctx)
}

// noDialogs fails when any alert ran, through the hook or a real dialog.
func (b *browser) noDialogs(ctx context.Context) {
	b.t.Helper()
	got := run(b, ctx, "alerts", chromedp.Evaluate[[]string](`window.__alerts`))
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(got) > 0 || len(b.dialogs) > 0 {
		b.t.Errorf("script ran: hooked %v, dialogs %v", got, b.dialogs)
	}
}

// waitItem polls the store until cond holds for the item (the keyboard
// script writes in the background).
func waitItem(t *testing.T, e *env, id string, cond func(*index.Item) bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		it, err := e.st.GetItem(context.Background(), id)
		if err == nil && cond(it) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("item %s never reached the state (%+v, %v)", id, it, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBrowserScreenshots captures the main pages over a month of
// coverage. TTDN_SCREENSHOTS=dir keeps them (docs/screenshots).
func TestBrowserScreenshots(t *testing.T) {
	e := newEnv(t).seed()
	seedMonth(t, e, 60)
	dir := os.Getenv("TTDN_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	b := newBrowser(t, e.ts.URL)
	ctx := b.tab()
	b.do(ctx, "login page", chromedp.Navigate(b.base+"/login"), chromedp.WaitVisible(chromedp.CSS("#username")))
	shot(t, b, ctx, dir, "login")
	b.login(ctx, "quantri")
	pages := []struct{ name, path, wait string }{
		{"overview", "/", "svg.chart"},
		{"queue", "/queue", "#queue"},
		{"search", "/search?q=%22bi%C3%AAn+gi%E1%BB%9Bi%22+OR+border+OR+%22nh%C3%A2n+quy%E1%BB%81n%22", ".results"},
		{"item", "/items/" + e.ids["border"] + "?q=markers", "#item-title"},
		{"plan", "/plan", "table.tasks"},
		{"responses", "/responses", "table.responses"},
		{"sources", "/sources", "table.sources"},
		{"rule-edit", "/rules/edit/border-bo-y", "#preview-total"},
		{"rule-parse-error", "/rules/new?expr=%22c%E1%BB%99t+m%E1%BB%91c%22+AND+(", "#parse-error"},
		{"users", "/users", "table.users"},
		{"export", "/export", "#export-form"},
	}
	for _, p := range pages {
		b.do(ctx, p.name, chromedp.Navigate(b.base+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait)))
		shot(t, b, ctx, dir, p.name)
	}
	b.do(ctx, "english", chromedp.Navigate(b.base+"/lang/en?next=/queue"), chromedp.WaitVisible(chromedp.CSS("#queue")))
	shot(t, b, ctx, dir, "queue-en")
	b.noDialogs(ctx)
}

func shot(t *testing.T, b *browser, ctx context.Context, dir, name string) {
	t.Helper()
	png := run(b, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
	if len(png) > 300<<10 {
		t.Errorf("screenshot %s is %d KB, over 300 KB", name, len(png)>>10)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
