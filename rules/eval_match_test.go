package rules

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

var evalDoc = Doc{
	Title:   "Bộ đội Biên phòng Kon Tum tuần tra biên giới",
	Summary: "Tại cửa khẩu quốc tế Bờ Y, huyện Ngọc Hồi (nay là xã Bờ Y, tỉnh Quảng Ngãi).",
	Body: "Lực lượng biên phòng phối hợp với Lào tuần tra song phương, kiểm tra hệ thống cột mốc. " +
		"Người dân ở Đăk Tô và Đắk Glei được tuyên truyền về tự do tín ngưỡng, tôn giáo và việc đàn áp bị xuyên tạc.",
	Language: "vi",
}

func TestEval(t *testing.T) {
	tests := []struct {
		expr string
		want bool
	}{
		{`"biên giới"`, true},
		{`"bien gioi"`, true},
		{`"BIÊN GIỚI"`, true},
		{`"giới biên"`, false},
		{`title:"cửa khẩu"`, false},
		{`"cửa khẩu"`, true},
		{`body:"cửa khẩu"`, false},
		{`title:"Kon Tum" AND NOT "du lịch"`, true},
		{`"Kon Tum" AND "du lịch"`, false},
		{`NOT "du lịch"`, true},
		{`NOT "biên giới"`, false},
		{`"Gia Lai" OR "Bờ Y"`, true},
		{`tuần tra`, true},
		{`"tôn giáo" NEAR/3 "đàn áp"`, true},
		{`"tôn giáo" NEAR/1 "đàn áp"`, false},
		{`"đàn áp" NEAR/3 "tôn giáo"`, true},
		{`"biên giới" NEAR/5 "cột mốc"`, false}, // different fields
		{`"tự do"*`, true},
		{`"tự doanh"`, false},
		{`tín*`, true},
		{`xuyên*`, true},
		{`="Đăk Tô"`, true},
		{`="Đắk Tô"`, false},
		{`="Đắk"`, true},
		{`="Đăk"*`, true},
		{`="đăk glei"`, false},
		{`"dak glei"`, true},
		{`title:(biên OR phòng) body:lào`, true},
		{`*`, true},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			n, err := Parse(tt.expr)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got, _ := Eval(n, evalDoc)
			if got != tt.want {
				t.Errorf("Eval(%s) = %v, want %v", tt.expr, got, tt.want)
			}
		})
	}
}

func TestEvalMatchesOffsets(t *testing.T) {
	n, err := Parse(`"biên giới" OR "Bờ Y" OR (tôn* NEAR/4 "đàn áp")`)
	if err != nil {
		t.Fatal(err)
	}
	ok, ms := Eval(n, evalDoc)
	if !ok {
		t.Fatal("no match")
	}
	want := []string{"title:biên giới", "summary:Bờ Y", "summary:Bờ Y", "body:tôn", "body:đàn áp"}
	var got []string
	for _, m := range ms {
		text := map[string]string{"title": evalDoc.Title, "summary": evalDoc.Summary, "body": evalDoc.Body}[m.Field]
		if text[m.Start:m.End] != m.Term {
			t.Errorf("match %+v: offsets give %q", m, text[m.Start:m.End])
		}
		got = append(got, m.Field+":"+m.Term)
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("matches = %q, want %q", got, want)
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		rule Rule
		want string
	}{
		{"bad expr", Rule{ID: "b1", Topic: "border", Severity: "high", Expr: `("biên giới"`, Enabled: true}, `rule b1: expr: col 13: expected ")" after "biên giới"`},
		{"no id", Rule{Topic: "border", Severity: "high", Expr: "a", Enabled: true}, "missing id"},
		{"no topic", Rule{ID: "x", Severity: "high", Expr: "a", Enabled: true}, "missing topic"},
		{"bad severity", Rule{ID: "x", Topic: "t", Severity: "urgent", Expr: "a", Enabled: true}, `severity "urgent"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile([]Rule{tt.rule})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Compile error = %v, want containing %q", err, tt.want)
			}
		})
	}
	dup := Rule{ID: "d", Topic: "t", Severity: "low", Expr: "a", Enabled: true}
	if _, err := Compile([]Rule{dup, dup}); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("duplicate ids: err = %v", err)
	}
	off := Rule{ID: "off", Topic: "t", Severity: "low", Expr: "((", Enabled: false}
	if m, err := Compile([]Rule{off}); err != nil || m.Len() != 0 {
		t.Errorf("disabled rule: len %d, err %v; want skipped", m.Len(), err)
	}
}

func TestMatcher(t *testing.T) {
	rules := []Rule{
		{ID: "border.kt", Topic: "border", Severity: "medium", Expr: `("biên giới" OR "cột mốc") AND ("Kon Tum" OR "Bờ Y")`, Enabled: true, Version: 3},
		{ID: "neg.only", Topic: "x", Severity: "low", Expr: `NOT "du lịch"`, Enabled: true},
		{ID: "en.only", Topic: "border", Severity: "high", Languages: []string{"en"}, Expr: `border`, Enabled: true},
		{ID: "vi.tourism", Topic: "t", Severity: "low", Languages: []string{"vi"}, Expr: `"du lịch"`, Enabled: true},
		{ID: "prefix", Topic: "religion", Severity: "low", Expr: `tín* AND ngưỡng`, Enabled: true},
		{ID: "exact", Topic: "province", Severity: "low", Expr: `="Đắk Glei"`, Enabled: true},
		{ID: "never", Topic: "t", Severity: "low", Expr: `"Gia Lai" AND Pleiku`, Enabled: true},
	}
	m, err := Compile(rules)
	if err != nil {
		t.Fatal(err)
	}
	hits := m.Match(evalDoc)
	var got []string
	for _, h := range hits {
		got = append(got, h.RuleID)
	}
	want := "border.kt|neg.only|prefix|exact"
	if strings.Join(got, "|") != want {
		t.Fatalf("hits = %q, want %s", got, want)
	}
	if h := hits[0]; h.RuleVersion != 3 || h.Topic != "border" || h.Severity != "medium" || len(h.Matches) == 0 {
		t.Errorf("hit = %+v", h)
	}
	en := Doc{Title: "Border patrol", Body: "du lịch", Language: "en"}
	got = got[:0]
	for _, h := range m.Match(en) {
		got = append(got, h.RuleID)
	}
	if strings.Join(got, "|") != "en.only" {
		t.Errorf("en doc hits = %q, want en.only", got)
	}
}

// TestMatcherAgreesWithEval checks that the presearcher never hides a
// rule Eval says matches.
func TestMatcherAgreesWithEval(t *testing.T) {
	exprs := []string{`biên*`, `"cửa khẩu" NEAR/2 quốc*`, `NOT lào`, `(a OR NOT b) c`, `=Đăk AND tô`,
		`title:kon OR body:lào`, `"tự do"* AND NOT xyz`, `"ngọc hồi" OR zzz*`}
	var rules []Rule
	for i, e := range exprs {
		rules = append(rules, Rule{ID: fmt.Sprint("r", i), Topic: "t", Severity: "low", Expr: e, Enabled: true})
	}
	m, err := Compile(rules)
	if err != nil {
		t.Fatal(err)
	}
	docs := []Doc{evalDoc, {Title: "a c"}, {Body: "Đăk Tô"}, {Body: "tự doanh"}, {}}
	for _, d := range docs {
		hit := map[string]bool{}
		for _, h := range m.Match(d) {
			hit[h.RuleID] = true
		}
		for i, e := range exprs {
			n, _ := Parse(e)
			want, _ := Eval(n, d)
			if id := fmt.Sprint("r", i); hit[id] != want {
				t.Errorf("doc %q rule %s: matcher %v, Eval %v", d.Title+d.Body, e, hit[id], want)
			}
		}
	}
}

func TestMatcherConcurrent(t *testing.T) {
	m, err := Compile([]Rule{{ID: "a", Topic: "t", Severity: "low", Expr: `"biên giới" tín*`, Enabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if len(m.Match(evalDoc)) != 1 {
					t.Error("missing hit")
					return
				}
			}
		}()
	}
	wg.Wait()
}
