package rules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form the matcher and the search index compare words
// in: NFC-normalised, lower-cased, with combining marks removed (after NFD)
// and đ folded to d. "NHÂN QUYỀN", "nhân quyền" (NFC or NFD) and
// "nhan quyen" all fold to "nhan quyen"; "hoà" and "hòa" both to "hoa".
func Fold(s string) string {
	if isFoldedASCII(s) {
		return s
	}
	if f, ok := foldFast(s); ok {
		return f
	}
	return foldSlow(s)
}

// foldSlow is the definition of Fold: NFD, drop the marks, đ→d, lower.
func foldSlow(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// dropped: tone and vowel marks
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// foldFast folds text made of ASCII, Latin letters with diacritics
// (U+00C0–U+024F, U+1E00–U+1EFF: all of Vietnamese and French) and
// combining marks by table, with the same result as foldSlow. It reports
// false for any other rune, and the caller takes the slow path.
func foldFast(s string) (string, bool) {
	buf := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			buf = append(buf, byte(r))
		case r >= 0x0300 && r <= 0x036F:
			// a combining mark (all are Mn): dropped
		case r >= 0x00C0 && r <= 0x024F:
			buf = utf8.AppendRune(buf, foldLatin[r-0x00C0])
		case r >= 0x1E00 && r <= 0x1EFF:
			buf = utf8.AppendRune(buf, foldLatinExt[r-0x1E00])
		default:
			return "", false
		}
	}
	return string(buf), true
}

// foldLatin and foldLatinExt hold Fold of each letter of their blocks,
// computed once from foldSlow so the two paths cannot disagree.
var foldLatin, foldLatinExt = foldTable(0x00C0, 0x024F), foldTable(0x1E00, 0x1EFF)

func foldTable(lo, hi rune) []rune {
	t := make([]rune, hi-lo+1)
	for r := lo; r <= hi; r++ {
		f := []rune(foldSlow(string(r)))
		if len(f) != 1 {
			panic(fmt.Sprintf("rules: fold of %U is %d runes", r, len(f)))
		}
		t[r-lo] = f[0]
	}
	return t
}

// Exact returns s in the form exact matches (="Đăk") compare words in:
// NFC-normalised and lower-cased, diacritics kept.
func Exact(s string) string {
	if isFoldedASCII(s) {
		return s
	}
	if norm.NFC.IsNormalString(s) {
		return strings.ToLower(s)
	}
	return strings.ToLower(norm.NFC.String(s))
}

// isFoldedASCII reports whether s is lower-case ASCII already, the common
// case for folded query words and English text, so Fold can skip the work.
func isFoldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// Token is one word of a text: its folded form, its exact form, its
// position among the words, and its byte offsets in the original text.
type Token struct {
	Folded string
	Exact  string
	Pos    int
	Start  int
	End    int
}

// Tokenize splits text into words (runs of letters, digits and combining
// marks) and folds each one. Offsets refer to text as given, so matched
// terms can be highlighted in the original.
func Tokenize(text string) []Token { return tokenize(text, true) }

// tokenize is Tokenize; without exact, Token.Exact is left empty (the
// matcher computes it only for the rare exact terms).
func tokenize(text string, exact bool) []Token {
	toks := make([]Token, 0, len(text)/6)
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := text[start:end]
		t := Token{Folded: Fold(w), Pos: len(toks), Start: start, End: end}
		if exact {
			t.Exact = Exact(w)
		}
		toks = append(toks, t)
		start = -1
	}
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}
