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
