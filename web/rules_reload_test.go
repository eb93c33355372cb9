package web

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/ingest"
	"github.com/ttdn/monitor/index/store"
	"github.com/ttdn/monitor/rules"
)

// storeReloader does what cmd/monitor's reloader does: compile the
// store's enabled rules and swap them into the ingester.
type storeReloader struct {
	st *store.Store
	g  *ingest.Ingester
}

func (r storeReloader) ReloadRules(ctx context.Context) error {
	stored, err := r.st.ListRules(ctx)
	if err != nil {
		return err
	}
	var rs []rules.Rule
	for _, x := range stored {
		rs = append(rs, rules.Rule{ID: x.ID, Topic: x.Topic, Severity: string(x.Severity), Languages: x.Languages,
			Expr: x.Expr, Enabled: x.Enabled, Version: x.Version, Pack: x.Pack})
	}
	m, err := rules.Compile(rs)
	if err != nil {
		return err
	}
	r.g.SetMatcher(ingest.RuleMatcher(m))
	return nil
}

type failingReloader struct{}

func (failingReloader) ReloadRules(context.Context) error { return errors.New("disk on fire") }

// coffeeItem is an article that no test rule matches, only the rule the
// test saves.
func coffeeItem(n string) *index.Item {
	return &index.Item{URL: "https://baokontum.example.vn/kinh-te/ca-phe-sa-thay-" + n, Source: "bao-kon-tum",
		Origin: index.OriginDomestic, Language: "vi", Title: "Mùa thu hoạch cà phê ở Sa Thầy được giá",
		Body: "Nông dân Sa Thầy phấn khởi vì giá cà phê tăng.", PublishedAt: time.Now().Add(-time.Hour)}
}

func hasHit(it *index.Item, rule string) bool {
	for _, h := range it.Hits {
		if h.RuleID == rule {
			return true
		}
	}
	return false
}

func TestSavedRuleMatchesAtIngest(t *testing.T) {
	e := newEnv(t).seed()
	e.serve(func(d *Deps) { d.Rules = storeReloader{st: e.st, g: e.g} })
	ctx := context.Background()

	before := coffeeItem("truoc")
	if _, err := e.g.Ingest(ctx, before); err != nil {
		t.Fatal(err)
	}
	if hasHit(before, "ca-phe-sa-thay") {
		t.Fatal("the rule matches before it was saved")
	}

	c := e.client().login("quantri")
	c.get("/rules/new")
	st, body, h := c.post("/rules", url.Values{"id": {"ca-phe-sa-thay"}, "topic": {"border"}, "severity": {"low"},
		"languages": {"vi"}, "expr": {`"cà phê" AND "Sa Thầy"`}, "enabled": {"1"}, "op": {"save"}})
	if st != 303 || h.Get("Location") != "/rules/view/ca-phe-sa-thay" {
		t.Fatalf("save rule: status %d, location %q\n%s", st, h.Get("Location"), body)
	}
	if _, page := c.get("/rules/view/ca-phe-sa-thay"); !strings.Contains(page, e.srv.cat.T("vi", "flash.rule_saved")) {
		t.Error("the rule page does not say the rule was saved")
	}

	after := coffeeItem("sau")
	if _, err := e.g.Ingest(ctx, after); err != nil {
		t.Fatal(err)
	}
	if !hasHit(after, "ca-phe-sa-thay") || len(after.Hits) != 1 {
		t.Errorf("item ingested after the save has hits %+v, want only rule ca-phe-sa-thay", after.Hits)
	}
}

func TestRuleReloadFailureIsShown(t *testing.T) {
	e := newEnv(t).seed()
	e.serve(func(d *Deps) { d.Rules = failingReloader{} })
	c := e.client().login("quantri")
	c.get("/rules/new")
	st, body, _ := c.post("/rules", url.Values{"id": {"ca-phe"}, "topic": {"border"}, "severity": {"low"},
		"expr": {`"cà phê"`}, "enabled": {"1"}, "op": {"save"}})
	if st != 303 {
		t.Fatalf("save rule: status %d\n%s", st, body)
	}
	_, page := c.get("/rules/view/ca-phe")
	if !strings.Contains(page, "flash-error") || !strings.Contains(page, e.srv.cat.T("vi", "flash.error.rules_reload")) {
		t.Error("the rule page does not say the reload failed")
	}
	if _, err := e.st.GetRule(context.Background(), "ca-phe"); err != nil {
		t.Errorf("the rule was not saved: %v", err)
	}
}

func TestInvalidRuleIsNotReloaded(t *testing.T) {
	e := newEnv(t).seed()
	e.serve(func(d *Deps) { d.Rules = failingReloader{} }) // would show if called
	c := e.client().login("quantri")
	c.get("/rules/new")
	st, body, _ := c.post("/rules", url.Values{"id": {"hong"}, "topic": {"border"}, "severity": {"low"},
		"expr": {`"cà phê" AND (`}, "enabled": {"1"}, "op": {"save"}})
	if st != 400 || !strings.Contains(body, e.srv.cat.T("vi", "rules.fix_expr")) {
		t.Fatalf("invalid rule: status %d, want 400 with the expression message", st)
	}
	if _, err := e.st.GetRule(context.Background(), "hong"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("invalid rule stored: err = %v", err)
	}
}
