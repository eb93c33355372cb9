package rules

import (
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

// Exact returns s in the form exact matches (="Đăk") compare words in:
// NFC-normalised and lower-cased, diacritics kept.
func Exact(s string) string {
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
func Tokenize(text string) []Token {
	var toks []Token
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := text[start:end]
		toks = append(toks, Token{Folded: Fold(w), Exact: Exact(w), Pos: len(toks), Start: start, End: end})
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
