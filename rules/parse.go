package rules

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits on one expression, so a pasted megabyte or a runaway generator
// gets a clear error instead of a slow parse or a deep recursion.
const (
	// MaxExprLen is the longest expression Parse accepts, in bytes.
	MaxExprLen = 64 << 10
	// MaxDepth is the deepest nesting of parentheses and NOTs Parse accepts.
	MaxDepth = 32
	// minPrefixRunes is the shortest word a trailing * may extend.
	minPrefixRunes = 2
)

// ParseError is a syntax error in an expression: the 1-based column
// (counted in characters) and what was wrong or expected there.
type ParseError struct {
	Col int
	Msg string
	// Code names the kind of error (the Err* constants) and Args its
	// variable parts as Msg writes them (tokens quoted, numbers), so that
	// a user interface can word the error in its own language; Msg stays
	// English. For ErrExpectedTerm and ErrExpectedRParen, Args are the
	// token before and the token found, each "" when there is none (at
	// the start; at the end of the expression).
	Code string
	Args []string
}

// Kinds of ParseError (ParseError.Code), with the Args each carries.
const (
	ErrTooLong           = "too_long"            // length in bytes, limit
	ErrBadUTF8           = "bad_utf8"            //
	ErrTooDeep           = "too_deep"            // limit
	ErrNearLeft          = "near_left"           //
	ErrNearRight         = "near_right"          //
	ErrNearChained       = "near_chained"        //
	ErrNearDistance      = "near_distance"       //
	ErrNearNotNumber     = "near_not_number"     // distance as written, quoted
	ErrNearRange         = "near_range"          // limit, distance as written
	ErrExactNeedsTerm    = "exact_needs_term"    //
	ErrLoneStar          = "lone_star"           //
	ErrStarInWord        = "star_in_word"        //
	ErrEmptyParens       = "empty_parens"        //
	ErrUnknownField      = "unknown_field"       // field, quoted
	ErrFieldNeverMatches = "field_never_matches" // inner field, outer field
	ErrFieldNeedsTerm    = "field_needs_term"    // field with its colon, quoted
	ErrEmptyPhrase       = "empty_phrase"        //
	ErrNoLetters         = "no_letters"          // token, quoted
	ErrShortPrefix       = "short_prefix"        // minimum letters
	ErrUnterminated      = "unterminated_phrase" //
	ErrBadEscape         = "bad_escape"          //
	ErrUnmatchedRParen   = "unmatched_rparen"    //
	ErrTermBefore        = "term_before"         // operator, quoted
	ErrExpectedTerm      = "expected_term"       // token before, token found
	ErrExpectedRParen    = "expected_rparen"     // token before, token found
	ErrUnexpected        = "unexpected"          // token, quoted
)

// Error renders the error as "col 14: expected ...".
func (e *ParseError) Error() string { return fmt.Sprintf("col %d: %s", e.Col, e.Msg) }

// Parse parses expr in the rule language (see the package documentation)
// and returns its syntax tree. The empty or all-blank expression and "*"
// give *MatchAll. Errors are *ParseError.
func Parse(expr string) (Node, error) {
	if len(expr) > MaxExprLen {
		return nil, &ParseError{Col: 1, Msg: fmt.Sprintf("expression is %d bytes long; the limit is %d", len(expr), MaxExprLen),
			Code: ErrTooLong, Args: []string{strconv.Itoa(len(expr)), strconv.Itoa(MaxExprLen)}}
	}
	if !utf8.ValidString(expr) {
		return nil, &ParseError{Col: 1 + utf8.RuneCountInString(expr[:firstInvalid(expr)]), Msg: "expression is not valid UTF-8", Code: ErrBadUTF8}
	}
	if t := strings.TrimSpace(expr); t == "" || t == "*" {
		return &MatchAll{}, nil
	}
	toks, err := lex(expr)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.unexpected(t)
	}
	return n, nil
}

func firstInvalid(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return len(s)
}

// parser is a recursive-descent parser over the tokens of one expression.
type parser struct {
	toks  []lexToken
	i     int
	depth int
}

func (p *parser) peek() lexToken { return p.toks[p.i] }

func (p *parser) take() lexToken {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// prev is the token before the current one, for "after X" in messages.
func (p *parser) prev() (lexToken, bool) {
	if p.i == 0 {
		return lexToken{}, false
	}
	return p.toks[p.i-1], true
}

func (p *parser) enter(col int) error {
	p.depth++
	if p.depth > MaxDepth {
		return &ParseError{Col: col, Msg: fmt.Sprintf("expression nests deeper than %d levels", MaxDepth), Code: ErrTooDeep, Args: []string{strconv.Itoa(MaxDepth)}}
	}
	return nil
}

// parseOr: and ( OR and )*
func (p *parser) parseOr() (Node, error) {
	first, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	children := []Node{first}
	for p.peek().kind == tokOr {
		p.take()
		n, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		children = appendFlat[*Or](children, n)
	}
	if len(children) == 1 {
		return first, nil
	}
	return &Or{Children: flatFirst[*Or](children)}, nil
}

// parseAnd: near ( [AND] near )* — adjacent operands are ANDed.
func (p *parser) parseAnd() (Node, error) {
	first, err := p.parseNear()
	if err != nil {
		return nil, err
	}
	children := []Node{first}
	for {
		switch p.peek().kind {
		case tokAnd:
			p.take()
		case tokEOF, tokRParen, tokOr:
			if len(children) == 1 {
				return first, nil
			}
			return &And{Children: flatFirst[*And](children)}, nil
		}
		n, err := p.parseNear()
		if err != nil {
			return nil, err
		}
		children = appendFlat[*And](children, n)
	}
}

// parseNear: unary [ NEAR/n unary ]. Both sides must be terms or ORs of
// terms, the shapes whose word positions are well defined.
func (p *parser) parseNear() (Node, error) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tokNear {
		return left, nil
	}
	op := p.take()
	if !nearOperand(left) {
		return nil, &ParseError{Col: op.col, Msg: "the left side of NEAR must be a term, a phrase or terms joined by OR", Code: ErrNearLeft}
	}
	rcol := p.peek().col
	right, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	if !nearOperand(right) {
		return nil, &ParseError{Col: rcol, Msg: "the right side of NEAR must be a term, a phrase or terms joined by OR", Code: ErrNearRight}
	}
	if t := p.peek(); t.kind == tokNear {
		return nil, &ParseError{Col: t.col, Msg: "NEAR cannot be chained; group with parentheses and AND instead", Code: ErrNearChained}
	}
	return &Near{Left: left, Right: right, Dist: op.dist}, nil
}

func nearOperand(n Node) bool {
	switch n := n.(type) {
	case *Term:
		return true
	case *Or:
		for _, c := range n.Children {
			if _, ok := c.(*Term); !ok {
				return false
			}
		}
		return true
	}
	return false
}

// parseUnary: NOT unary | primary
func (p *parser) parseUnary() (Node, error) {
	t := p.peek()
	if t.kind != tokNot {
		return p.parsePrimary(FieldAny)
	}
	p.take()
	if err := p.enter(t.col); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	child, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	return &Not{Child: child}, nil
}

// parsePrimary: ( or ) | field: primary | = word-or-phrase | word | phrase
func (p *parser) parsePrimary(scope Field) (Node, error) {
	t := p.peek()
	switch t.kind {
	case tokLParen:
		return p.parseGroup(scope)
	case tokField:
		return p.parseScoped(scope)
	case tokEqual:
		p.take()
		w := p.take()
		if w.kind != tokWord && w.kind != tokPhrase {
			return nil, &ParseError{Col: w.col, Msg: `expected a word or "phrase" right after "="`, Code: ErrExactNeedsTerm}
		}
		return newTerm(w, scope, true, t.col)
	case tokWord, tokPhrase:
		p.take()
		return newTerm(t, scope, false, t.col)
	case tokStar:
		return nil, &ParseError{Col: t.col, Msg: `a lone "*" matches everything and cannot be part of an expression; put * after a word (biên*) or use * alone`, Code: ErrLoneStar}
	}
	return nil, p.expectedTerm(t)
}

func (p *parser) parseGroup(scope Field) (Node, error) {
	open := p.take()
	if err := p.enter(open.col); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	if t := p.peek(); t.kind == tokRParen {
		return nil, &ParseError{Col: t.col, Msg: `empty parentheses: expected a term after "("`, Code: ErrEmptyParens}
	}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokRParen {
		return nil, p.expected(`")"`, t)
	}
	p.take()
	if scope != FieldAny {
		if err := applyScope(n, scope, open.col); err != nil {
			return nil, err
		}
	}
	return n, nil
}

func (p *parser) parseScoped(outer Field) (Node, error) {
	t := p.take()
	f, ok := fieldNamed(t.text)
	if !ok {
		return nil, &ParseError{Col: t.col, Msg: fmt.Sprintf("unknown field %q: use title: or body:", t.text), Code: ErrUnknownField, Args: []string{strconv.Quote(t.text)}}
	}
	if outer != FieldAny && outer != f {
		return nil, &ParseError{Col: t.col, Msg: fmt.Sprintf("%s: inside %s: can never match", f, outer), Code: ErrFieldNeverMatches, Args: []string{fmt.Sprint(f), fmt.Sprint(outer)}}
	}
	switch next := p.peek(); next.kind {
	case tokLParen, tokWord, tokPhrase, tokEqual:
		n, err := p.parsePrimary(f)
		if term, ok := n.(*Term); ok {
			term.Col = t.col
		}
		return n, err
	default:
		return nil, &ParseError{Col: next.col, Msg: fmt.Sprintf(`expected a word, a "phrase" or "(" right after %q`, t.text+":"), Code: ErrFieldNeedsTerm, Args: []string{strconv.Quote(t.text + ":")}}
	}
}

func fieldNamed(name string) (Field, bool) {
	switch strings.ToLower(name) {
	case "title":
		return FieldTitle, true
	case "body":
		return FieldBody, true
	}
	return FieldAny, false
}

// applyScope gives every unscoped term under n the field f; a term already
// scoped to another field is an error, since it could never match.
func applyScope(n Node, f Field, col int) error {
	switch n := n.(type) {
	case *Term:
		if n.Field != FieldAny && n.Field != f {
			return &ParseError{Col: n.Col, Msg: fmt.Sprintf("%s: inside %s:(...) can never match", n.Field, f), Code: ErrFieldNeverMatches, Args: []string{fmt.Sprint(n.Field), fmt.Sprint(f)}}
		}
		n.Field = f
	case *And:
		for _, c := range n.Children {
			if err := applyScope(c, f, col); err != nil {
				return err
			}
		}
	case *Or:
		for _, c := range n.Children {
			if err := applyScope(c, f, col); err != nil {
				return err
			}
		}
	case *Not:
		return applyScope(n.Child, f, col)
	case *Near:
		if err := applyScope(n.Left, f, col); err != nil {
			return err
		}
		return applyScope(n.Right, f, col)
	}
	return nil
}

// newTerm builds a Term from a word or phrase token, folding its words
// (or keeping their diacritics when exact).
func newTerm(t lexToken, f Field, exact bool, col int) (*Term, error) {
	toks := Tokenize(t.text)
	if len(toks) == 0 {
		if t.kind == tokPhrase {
			return nil, &ParseError{Col: t.col, Msg: "empty phrase: a phrase needs at least one letter or digit", Code: ErrEmptyPhrase}
		}
		return nil, &ParseError{Col: t.col, Msg: fmt.Sprintf("%s has no letters or digits to match", t.describe()), Code: ErrNoLetters, Args: []string{t.describe()}}
	}
	words := make([]string, len(toks))
	for i, tok := range toks {
		if exact {
			words[i] = tok.Exact
		} else {
			words[i] = tok.Folded
		}
	}
	if t.prefix && utf8.RuneCountInString(words[len(words)-1]) < minPrefixRunes {
		return nil, &ParseError{Col: t.col, Msg: fmt.Sprintf("a prefix needs at least %d letters before \"*\"", minPrefixRunes), Code: ErrShortPrefix, Args: []string{strconv.Itoa(minPrefixRunes)}}
	}
	return &Term{
		Field:  f,
		Words:  words,
		Raw:    t.text,
		Phrase: t.kind == tokPhrase,
		Exact:  exact,
		Prefix: t.prefix,
		Col:    col,
	}, nil
}

// expectedTerm is the error for a token where a term should start.
func (p *parser) expectedTerm(t lexToken) error {
	switch t.kind {
	case tokRParen:
		if _, ok := p.prev(); !ok {
			return &ParseError{Col: t.col, Msg: `unexpected ")" with no matching "("`, Code: ErrUnmatchedRParen}
		}
	case tokAnd, tokOr, tokNear:
		if _, ok := p.prev(); !ok {
			return &ParseError{Col: t.col, Msg: fmt.Sprintf("expected a term before %s", t.describe()), Code: ErrTermBefore, Args: []string{t.describe()}}
		}
	}
	return p.expected("a term", t)
}

// expectedCodes are the Codes of expected's errors, by what was expected.
var expectedCodes = map[string]string{"a term": ErrExpectedTerm, `")"`: ErrExpectedRParen}

// expected is the error "expected WHAT after PREV" at token t.
func (p *parser) expected(what string, t lexToken) error {
	msg := "expected " + what
	var before, found string
	if prev, ok := p.prev(); ok {
		before = prev.describe()
		msg += " after " + before
	}
	if t.kind != tokEOF {
		found = t.describe()
		msg += ", found " + found
	}
	return &ParseError{Col: t.col, Msg: msg, Code: expectedCodes[what], Args: []string{before, found}}
}

// unexpected is the error for a token left over after a whole expression.
func (p *parser) unexpected(t lexToken) error {
	if t.kind == tokRParen {
		return &ParseError{Col: t.col, Msg: `unexpected ")" with no matching "("`, Code: ErrUnmatchedRParen}
	}
	return &ParseError{Col: t.col, Msg: "unexpected " + t.describe(), Code: ErrUnexpected, Args: []string{t.describe()}}
}

// appendFlat appends n to children, splicing in n's children when n is of
// the same operator type T (a AND (b AND c) is a AND b AND c).
func appendFlat[T interface{ *And | *Or }](children []Node, n Node) []Node {
	switch v := n.(type) {
	case *And:
		if _, ok := any(T(nil)).(*And); ok {
			return append(children, v.Children...)
		}
	case *Or:
		if _, ok := any(T(nil)).(*Or); ok {
			return append(children, v.Children...)
		}
	}
	return append(children, n)
}

// flatFirst flattens the first child the same way appendFlat does the rest.
func flatFirst[T interface{ *And | *Or }](children []Node) []Node {
	rest := children[1:]
	out := appendFlat[T](nil, children[0])
	return append(out, rest...)
}
