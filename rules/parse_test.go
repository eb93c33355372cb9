package rules

import (
	"errors"
	"strings"
	"testing"
)

func TestParseString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"word", "biên", "biên"},
		{"bare words are anded", "biên giới", "biên AND giới"},
		{"phrase", `"nhân quyền" OR "human rights"`, `"nhân quyền" OR "human rights"`},
		{"and binds tighter than or", "a b OR c", "(a AND b) OR c"},
		{"or in parens", "a (b OR c)", "a AND (b OR c)"},
		{"not binds tightest", "NOT a b", "NOT a AND b"},
		{"not group", "NOT (a b)", "NOT (a AND b)"},
		{"flatten and", "a AND (b AND c) d", "a AND b AND c AND d"},
		{"flatten or", "(a OR b) OR c", "a OR b OR c"},
		{"design example", `("biên giới" OR "cắm mốc" OR "chủ quyền") AND ("Kon Tum" OR "Bờ Y" OR "Ngọc Hồi")`,
			`("biên giới" OR "cắm mốc" OR "chủ quyền") AND ("Kon Tum" OR "Bờ Y" OR "Ngọc Hồi")`},
		{"near", `"tôn giáo" NEAR/10 ("đàn áp" OR "cấm đoán")`, `"tôn giáo" NEAR/10 ("đàn áp" OR "cấm đoán")`},
		{"near in and", `a NEAR/3 b c`, `(a NEAR/3 b) AND c`},
		{"field", `title:"Tây Nguyên" AND NOT "du lịch"`, `title:"Tây Nguyên" AND NOT "du lịch"`},
		{"field group", `title:(a OR b)`, `title:a OR title:b`},
		{"prefix word", "tự do*", "tự AND do*"},
		{"prefix phrase", `"tự do"*`, `"tự do"*`},
		{"exact", `="Đăk"`, `="Đăk"`},
		{"exact bare", `=Đăk`, `="Đăk"`},
		{"curly quotes", "“Kon Tum”", `"Kon Tum"`},
		{"hyphenated word is a phrase", "Kon-Tum", `"Kon-Tum"`},
		{"lower-case operators are words", "rights and freedoms", "rights AND and AND freedoms"},
		{"colon inside word", "10:30", `"10:30"`},
		{"space after field", "title: x", "title:x"},
		{"escaped quote", `"a \"b\" c"`, `"a \"b\" c"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := n.String(); got != tt.want {
				t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseTerm(t *testing.T) {
	tests := []struct {
		name, in  string
		wantWords []string
		field     Field
		phrase    bool
		exact     bool
		prefix    bool
	}{
		{"folds", "NHÂN QUYỀN", nil, FieldAny, false, false, false},
		{"phrase folds", `"Đắk Glei"`, []string{"dak", "glei"}, FieldAny, true, false, false},
		{"exact keeps marks", `="Đăk Tô"`, []string{"đăk", "tô"}, FieldAny, true, true, false},
		{"title prefix", `title:biên*`, []string{"bien"}, FieldTitle, false, false, true},
		{"body phrase prefix", `body:"tự do"*`, []string{"tu", "do"}, FieldBody, true, false, true},
		{"nfd input", "quye\u0302\u0300n", []string{"quyen"}, FieldAny, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if tt.wantWords == nil {
				return // a conjunction; checked by TestParseString
			}
			term, ok := n.(*Term)
			if !ok {
				t.Fatalf("Parse(%q) = %T, want *Term", tt.in, n)
			}
			if strings.Join(term.Words, "|") != strings.Join(tt.wantWords, "|") {
				t.Errorf("words = %q, want %q", term.Words, tt.wantWords)
			}
			if term.Field != tt.field || term.Phrase != tt.phrase || term.Exact != tt.exact || term.Prefix != tt.prefix {
				t.Errorf("got field=%q phrase=%v exact=%v prefix=%v, want %q %v %v %v",
					term.Field, term.Phrase, term.Exact, term.Prefix, tt.field, tt.phrase, tt.exact, tt.prefix)
			}
		})
	}
}

func TestParseMatchAll(t *testing.T) {
	for _, in := range []string{"", "   ", "\t\n", "*", "  *  "} {
		n, err := Parse(in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		if _, ok := n.(*MatchAll); !ok {
			t.Errorf("Parse(%q) = %T, want *MatchAll", in, n)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in string
		wantCol  int
		wantMsg  string
	}{
		{"missing close paren", `("biên giới"`, 13, `expected ")" after "biên giới"`},
		{"missing close paren or", `("biên giới" OR "cắm mốc"`, 26, `expected ")" after "cắm mốc"`},
		{"stray close paren", `a)`, 2, `unexpected ")"`},
		{"close paren first", `)`, 1, `unexpected ")"`},
		{"empty parens", `()`, 2, "empty parentheses"},
		{"near zero", `a NEAR/0 b`, 3, "between 1 and"},
		{"near letters", `a NEAR/x b`, 3, "not a whole number"},
		{"near no distance", `a NEAR b`, 3, "expected a distance"},
		{"near huge", `a NEAR/100000 b`, 3, "between 1 and"},
		{"near and side", `(a b) NEAR/3 c`, 7, "left side of NEAR"},
		{"near chained", `a NEAR/3 b NEAR/3 c`, 12, "cannot be chained"},
		{"empty phrase", `a ""`, 3, "empty phrase"},
		{"blank phrase", `" , "`, 1, "empty phrase"},
		{"unterminated phrase", `"biên giới`, 1, "unterminated phrase"},
		{"lone star in expr", `a AND *`, 7, `lone "*"`},
		{"star inside word", `b*n`, 2, `only at the end`},
		{"short prefix", `b*`, 1, "at least 2 letters"},
		{"unknown field", `summary:x`, 1, `unknown field "summary"`},
		{"unknown field later", `a url:x`, 3, `unknown field "url"`},
		{"field without term", `title: AND x`, 8, `right after "title:"`},
		{"field mismatch", `title:(a OR body:b)`, 13, "can never match"},
		{"trailing and", `a AND`, 6, `expected a term after "AND"`},
		{"leading or", `OR a`, 1, `expected a term before "OR"`},
		{"double or", `a OR OR b`, 6, `expected a term after "OR", found "OR"`},
		{"trailing not", `a NOT`, 6, `expected a term after "NOT"`},
		{"equal alone", `= a`, 1, `right after "="`},
		{"punctuation only", `a ...`, 3, "no letters or digits"},
		{"bad escape", `"a \q"`, 1, "bad escape"},
		{"too long", strings.Repeat("a ", MaxExprLen), 1, "the limit is"},
		{"too deep parens", strings.Repeat("(", 100) + "a" + strings.Repeat(")", 100), 33, "deeper than"},
		{"too deep not", strings.Repeat("NOT ", 100) + "a", 129, "deeper than"},
		{"invalid utf8", "ab\xffc", 3, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want error", tt.in, n)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is %T, want *ParseError", err, err)
			}
			if pe.Col != tt.wantCol || !strings.Contains(pe.Msg, tt.wantMsg) {
				t.Errorf("Parse(%q) error = %q, want col %d containing %q", shorten(tt.in), err, tt.wantCol, tt.wantMsg)
			}
		})
	}
}

func TestParseErrorFormat(t *testing.T) {
	_, err := Parse(`("biên giới" OR "cắm mốc") AND ("Kon Tum"`)
	want := `col 42: expected ")" after "Kon Tum"`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestParseRoundTrip checks that String renders an expression Parse reads
// back to the same tree.
func TestParseRoundTrip(t *testing.T) {
	for _, in := range parseSeeds {
		n, err := Parse(in)
		if err != nil {
			continue
		}
		checkRoundTrip(t, in, n)
	}
}

func checkRoundTrip(t *testing.T, in string, n Node) {
	t.Helper()
	s := n.String()
	n2, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q) ok, but its String %q does not parse: %v", in, s, err)
	}
	if s2 := n2.String(); s2 != s {
		t.Errorf("round trip of %q: %q then %q", in, s, s2)
	}
}

func shorten(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// parseSeeds are expressions, good and bad, for the round-trip test and
// the fuzzer's seed corpus.
var parseSeeds = []string{
	`"nhân quyền" OR "human rights"`,
	`("biên giới" OR "cắm mốc" OR "chủ quyền") AND ("Kon Tum" OR "Bờ Y" OR "Ngọc Hồi")`,
	`"tôn giáo" NEAR/10 ("đàn áp" OR "cấm đoán")`,
	`title:"Tây Nguyên" AND NOT "du lịch"`,
	`tự do*`,
	`"tự do"*`,
	`="Đăk"`,
	`title:(kon OR "măng đen") body:=Đăk*`,
	`NOT NOT (a OR b) c`,
	`(a`, `a)`, `NEAR/0`, `a NEAR/x b`, `""`, `a * b`, `foo:bar`,
	`"a \"b\""`, `“Kon Tum” OR ”x“`, `10:30 v.v.`,
}
