package rules

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of one lexical token of the rule language.
type tokKind int

const (
	tokEOF    tokKind = iota
	tokLParen         // (
	tokRParen         // )
	tokAnd            // AND
	tokOr             // OR
	tokNot            // NOT
	tokNear           // NEAR/n
	tokWord           // a bare word, possibly ending in *
	tokPhrase         // "a quoted phrase", possibly followed by *
	tokStar           // a lone *
	tokField          // title: or body: (the colon included)
	tokEqual          // = (the exact escape), directly before a word or phrase
)

// lexToken is one token: its kind, its text (the word, the phrase's
// content, the field name), whether a * followed it, the NEAR distance,
// and its 1-based column counted in characters.
type lexToken struct {
	kind   tokKind
	text   string
	prefix bool
	dist   int
	col    int
}

// describe names the token for error messages.
func (t lexToken) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of expression"
	case tokPhrase:
		return strconv.Quote(t.text)
	case tokField:
		return strconv.Quote(t.text + ":")
	case tokEqual:
		return `"="`
	case tokNear:
		return strconv.Quote("NEAR/" + strconv.Itoa(t.dist))
	}
	s := t.text
	if t.prefix {
		s += "*"
	}
	return strconv.Quote(s)
}

// lexer splits an expression into tokens. It works on the whole string at
// once, so the parser can look ahead freely.
type lexer struct {
	src string
	pos int // byte offset
	col int // 1-based character column of pos
}

// lex returns the tokens of src, ending with tokEOF, or a *ParseError.
func lex(src string) ([]lexToken, error) {
	lx := &lexer{src: src, col: 1}
	var toks []lexToken
	for {
		t, err := lx.next()
		if err != nil {
			return nil, err
		}
		toks = append(toks, t)
		if t.kind == tokEOF {
			return toks, nil
		}
	}
}

func (lx *lexer) peekRune() (rune, int) {
	if lx.pos >= len(lx.src) {
		return utf8.RuneError, 0
	}
	return utf8.DecodeRuneInString(lx.src[lx.pos:])
}

func (lx *lexer) advance(size int) {
	lx.pos += size
	lx.col++
}

func (lx *lexer) skipSpace() {
	for {
		r, size := lx.peekRune()
		if size == 0 || !unicode.IsSpace(r) {
			return
		}
		lx.advance(size)
	}
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' }

// isDelim reports whether r ends a bare word.
func isDelim(r rune) bool {
	return unicode.IsSpace(r) || r == '(' || r == ')' || isQuote(r)
}

func (lx *lexer) next() (lexToken, error) {
	lx.skipSpace()
	col := lx.col
	r, size := lx.peekRune()
	switch {
	case size == 0:
		return lexToken{kind: tokEOF, col: col}, nil
	case r == '(':
		lx.advance(size)
		return lexToken{kind: tokLParen, text: "(", col: col}, nil
	case r == ')':
		lx.advance(size)
		return lexToken{kind: tokRParen, text: ")", col: col}, nil
	case isQuote(r):
		return lx.phrase()
	case r == '=':
		lx.advance(size)
		next, nsize := lx.peekRune()
		if nsize == 0 || isDelim(next) && !isQuote(next) {
			return lexToken{}, &ParseError{Col: col, Msg: `expected a word or "phrase" right after "="`, Code: ErrExactNeedsTerm}
		}
		return lexToken{kind: tokEqual, text: "=", col: col}, nil
	}
	return lx.word()
}

// phrase lexes a quoted phrase. Straight and curly quotes both delimit;
// a backslash escapes as in a Go string literal.
func (lx *lexer) phrase() (lexToken, error) {
	col := lx.col
	_, size := lx.peekRune()
	lx.advance(size)
	var b strings.Builder
	escaped := false
	for {
		r, size := lx.peekRune()
		if size == 0 {
			return lexToken{}, &ParseError{Col: col, Msg: "unterminated phrase: missing closing quote", Code: ErrUnterminated}
		}
		lx.advance(size)
		if !escaped && isQuote(r) {
			break
		}
		escaped = !escaped && r == '\\'
		b.WriteRune(r)
	}
	text := b.String()
	if strings.ContainsRune(text, '\\') {
		u, err := strconv.Unquote(`"` + strings.ReplaceAll(text, "\n", `\n`) + `"`)
		if err != nil {
			return lexToken{}, &ParseError{Col: col, Msg: `bad escape in phrase (use \" for a quote and \\ for a backslash)`, Code: ErrBadEscape}
		}
		text = u
	}
	t := lexToken{kind: tokPhrase, text: text, col: col}
	if r, size := lx.peekRune(); r == '*' && size > 0 {
		lx.advance(size)
		t.prefix = true
	}
	return t, nil
}

// word lexes a bare word, an operator keyword, NEAR/n, a field prefix or
// a lone *.
func (lx *lexer) word() (lexToken, error) {
	col := lx.col
	start := lx.pos
	for {
		r, size := lx.peekRune()
		if size == 0 || isDelim(r) {
			break
		}
		if r == ':' && isFieldName(lx.src[start:lx.pos]) {
			name := lx.src[start:lx.pos]
			lx.advance(size)
			return lexToken{kind: tokField, text: name, col: col}, nil
		}
		lx.advance(size)
	}
	w := lx.src[start:lx.pos]
	switch {
	case w == "AND":
		return lexToken{kind: tokAnd, text: w, col: col}, nil
	case w == "OR":
		return lexToken{kind: tokOr, text: w, col: col}, nil
	case w == "NOT":
		return lexToken{kind: tokNot, text: w, col: col}, nil
	case w == "*":
		return lexToken{kind: tokStar, text: w, col: col}, nil
	case w == "NEAR" || strings.HasPrefix(w, "NEAR/"):
		return nearToken(w, col)
	}
	t := lexToken{kind: tokWord, text: w, col: col}
	if strings.HasSuffix(w, "*") {
		t.text, t.prefix = strings.TrimSuffix(w, "*"), true
	}
	if i := strings.IndexByte(t.text, '*'); i >= 0 {
		c := col + utf8.RuneCountInString(t.text[:i])
		return lexToken{}, &ParseError{Col: c, Msg: `"*" is allowed only at the end of a word`, Code: ErrStarInWord}
	}
	return t, nil
}

// isFieldName reports whether s, seen before a colon, is meant as a field
// name: ASCII letters only. Whether the field exists is the parser's
// check, so "summary:" gets "unknown field" rather than a silent term.
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// maxNearDist caps NEAR/n so a typo cannot ask for a million-word window.
const maxNearDist = 1000

func nearToken(w string, col int) (lexToken, error) {
	ds, ok := strings.CutPrefix(w, "NEAR/")
	if !ok || ds == "" {
		return lexToken{}, &ParseError{Col: col, Msg: `expected a distance after "NEAR/", as in NEAR/10`, Code: ErrNearDistance}
	}
	n, err := strconv.Atoi(ds)
	if err != nil || strings.ContainsAny(ds, "+-") {
		return lexToken{}, &ParseError{Col: col, Msg: "NEAR distance " + strconv.Quote(ds) + " is not a whole number, as in NEAR/10",
			Code: ErrNearNotNumber, Args: []string{strconv.Quote(ds)}}
	}
	if n < 1 || n > maxNearDist {
		return lexToken{}, &ParseError{Col: col, Msg: "NEAR distance must be between 1 and " + strconv.Itoa(maxNearDist) + ", got " + ds,
			Code: ErrNearRange, Args: []string{strconv.Itoa(maxNearDist), ds}}
	}
	return lexToken{kind: tokNear, text: w, dist: n, col: col}, nil
}
