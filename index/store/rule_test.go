package store

import (
	"context"
	"errors"
	"testing"

	"github.com/ttdn/monitor/index"
)

func builtinRules(expr string) []index.Rule {
	return []index.Rule{
		{ID: "border-bo-y", Topic: "border", Severity: index.SeverityHigh, Languages: []string{"vi"}, Enabled: true, Pack: "border",
			Expr: expr, Description: "Biên giới, cột mốc tại khu vực cửa khẩu Bờ Y"},
		{ID: "religion-repression", Topic: "religion", Severity: index.SeverityMedium, Languages: []string{"vi", "en"}, Enabled: true, Pack: "religion",
			Expr: `"tôn giáo" NEAR/10 ("đàn áp" OR "cấm đoán") OR "religious persecution"`},
	}
}

func TestSyncBuiltinRulesNeverClobbersAnEdit(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	v1 := `("biên giới" OR "cắm mốc") AND ("Bờ Y" OR "Ngọc Hồi")`
	if err := s.SyncBuiltinRules(ctx, builtinRules(v1)); err != nil {
		t.Fatal(err)
	}
	if err := s.SyncBuiltinRules(ctx, builtinRules(v1)); err != nil { // unchanged: no new version
		t.Fatal(err)
	}
	r, _ := s.GetRule(ctx, "border-bo-y")
	if r.Version != 1 || r.UpdatedBy != "system" || r.Expr != v1 || len(r.Languages) != 1 {
		t.Errorf("after sync = %+v", r)
	}
	// a new release changes the pack: an unedited rule follows
	v2 := v1 + ` AND NOT "du lịch"`
	s.SyncBuiltinRules(ctx, builtinRules(v2))
	if r, _ = s.GetRule(ctx, "border-bo-y"); r.Version != 2 || r.Expr != v2 {
		t.Errorf("unedited rule did not follow the pack: %+v", r)
	}
	// an admin edits it; the next release must not overwrite the edit
	edit := *r
	edit.Expr = v2 + ` AND NOT "lễ hội"`
	saved, err := s.SaveRule(ctx, "admin", edit)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 3 || saved.UpdatedBy != "admin" {
		t.Errorf("SaveRule = %+v", saved)
	}
	s.SyncBuiltinRules(ctx, builtinRules(v1+` OR "mốc giới"`))
	if r, _ = s.GetRule(ctx, "border-bo-y"); r.Expr != edit.Expr || r.Version != 3 {
		t.Errorf("sync clobbered the admin's edit: %+v", r)
	}
	vs, err := s.RuleVersions(ctx, "border-bo-y")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 || vs[0].ExprBefore != "" || vs[1].ExprBefore != v1 || vs[2].ExprBefore != v2 || vs[2].ExprAfter != edit.Expr || vs[2].Actor != "admin" {
		t.Errorf("RuleVersions = %+v", vs)
	}
	// a stale edit (made on version 2) is refused
	edit.Version = 2
	if _, err := s.SaveRule(ctx, "minh", edit); !errors.Is(err, index.ErrConflict) {
		t.Errorf("stale rule edit = %v, want ErrConflict", err)
	}
	rules, _ := s.ListRules(ctx)
	if len(rules) != 2 || rules[0].Topic != "border" || rules[1].Topic != "religion" {
		t.Errorf("ListRules = %+v", rules)
	}
	if _, err := s.GetRule(ctx, "none"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("GetRule(none) = %v", err)
	}
	if _, err := s.RuleVersions(ctx, "none"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("RuleVersions(none) = %v", err)
	}
}

func TestSaveRuleRefuses(t *testing.T) {
	s := newStore(t)
	tests := []struct {
		name string
		r    index.Rule
	}{
		{"id", index.Rule{ID: "Biên giới", Topic: "border", Severity: index.SeverityLow, Expr: "x"}},
		{"topic", index.Rule{ID: "r", Topic: "", Severity: index.SeverityLow, Expr: "x"}},
		{"severity", index.Rule{ID: "r", Topic: "border", Severity: "urgent", Expr: "x"}},
		{"expr", index.Rule{ID: "r", Topic: "border", Severity: index.SeverityLow, Expr: "  "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.SaveRule(context.Background(), "admin", tt.r); !errors.Is(err, index.ErrInvalid) {
				t.Errorf("SaveRule = %v, want ErrInvalid", err)
			}
		})
	}
	r, err := s.SaveRule(context.Background(), "admin", index.Rule{ID: "tu-do-bao-chi", Topic: "human_rights", Severity: index.SeverityLow, Expr: `"tự do báo chí"`})
	if err != nil || r.Version != 1 || r.Pack != "custom" {
		t.Errorf("new custom rule = %+v, %v", r, err)
	}
}
