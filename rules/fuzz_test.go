package rules

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, that its errors are
// *ParseError with a column inside the expression, and that what it
// accepts renders back (String) to an expression that parses the same.
// Seeds: parseSeeds and testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n, err := Parse(in)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %v is %T, want *ParseError", in, err, err)
			}
			if pe.Col < 1 || pe.Col > utf8.RuneCountInString(in)+1 {
				t.Fatalf("Parse(%q) error column %d outside 1..%d", in, pe.Col, utf8.RuneCountInString(in)+1)
			}
			return
		}
		if n == nil {
			t.Fatalf("Parse(%q) = nil, nil", in)
		}
		checkRoundTrip(t, in, n)
	})
}

// FuzzMatch checks that the matcher never panics, agrees with Eval (the
// presearcher hides no match), and reports offsets that slice the field
// to the matched text.
func FuzzMatch(f *testing.F) {
	f.Add(`"biên giới" AND ("Kon Tum" OR "Bờ Y")`, evalDoc.Title, evalDoc.Body)
	f.Add(`NOT "du lịch"`, "Nhà thờ gỗ", "du lịch Kon Tum")
	f.Add(`tự do* NEAR/3 ="Đăk"`, "tự doanh Đăk", "ĐĂK tự do")
	f.Add(`title:(a OR b*) body:c`, "a bb", "c")
	f.Fuzz(func(t *testing.T, expr, title, body string) {
		n, err := Parse(expr)
		if err != nil {
			return
		}
		d := Doc{Title: title, Summary: body, Body: title + " " + body}
		m, err := Compile([]Rule{{ID: "f", Topic: "t", Severity: "low", Expr: expr, Enabled: true}})
		if err != nil {
			t.Fatalf("Parse ok but Compile: %v", err)
		}
		want, _ := Eval(n, d)
		hits := m.Match(d)
		if got := len(hits) == 1; got != want {
			t.Fatalf("Match %v, Eval %v for %q", got, want, expr)
		}
		texts := map[string]string{"title": d.Title, "summary": d.Summary, "body": d.Body}
		for _, h := range hits {
			for _, mt := range h.Matches {
				text := texts[mt.Field]
				if mt.Start < 0 || mt.End > len(text) || mt.Start > mt.End || text[mt.Start:mt.End] != mt.Term {
					t.Fatalf("bad match %+v in %s %q", mt, mt.Field, text)
				}
			}
		}
	})
}
