package search

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ttdn/monitor/rules"
)

// translator turns a rules AST into a bleve query.
type translator struct {
	en, fr analysis.Analyzer

	// tiers, when set, collects the exact tiers of the terms instead of
	// building them into the query (translateRanked); noTiers leaves
	// them out (under NOT, where nothing is scored).
	tiers   *[]query.Query
	noTiers bool
}

func newTranslator(m mapping.IndexMapping) (*translator, error) {
	en := m.AnalyzerNamed(AnalyzerEN)
	fr := m.AnalyzerNamed(AnalyzerFR)
	if en == nil || fr == nil {
		return nil, fmt.Errorf("mapping lacks the %s or %s analyzer", AnalyzerEN, AnalyzerFR)
	}
	return &translator{en: en, fr: fr}, nil
}

// fieldSet is the index fields one scope (title, body or both) searches.
type fieldSet struct {
	fold, bigram, exact, en, fr []string
}

func fieldsFor(scope rules.Field) fieldSet {
	switch scope {
	case rules.FieldTitle:
		return fieldSet{[]string{fTitle}, []string{fTitleBigram}, []string{fTitleExact}, []string{fTitleEN}, []string{fTitleFR}}
	case rules.FieldBody:
		return fieldSet{[]string{fBody}, []string{fBodyBigram}, []string{fBodyExact}, []string{fBodyEN}, []string{fBodyFR}}
	}
	return fieldSet{
		[]string{fTitle, fBody}, []string{fTitleBigram, fBodyBigram}, []string{fTitleExact, fBodyExact},
		[]string{fTitleEN, fBodyEN}, []string{fTitleFR, fBodyFR},
	}
}

// translateRanked is translate for a whole query: the exact tiers come
// back apart, as one boost, for the collector to apply only to the hits
// that could make the page (see collect). For a single word or phrase the
// tier is its own; in a compound query the tiers of its single words
// (outside NOT) are pooled — a document spelling one of them as written
// ranks above folded-only matches — while a phrase keeps its tier tied to
// it, since a phrase's tier checks the words and not their order, and
// pooled it would lift documents that matched another branch.
func (t *translator) translateRanked(n rules.Node) (q, boost query.Query, err error) {
	if tm, ok := n.(*rules.Term); ok {
		q, boost = t.termParts(tm)
		return q, boost, nil
	}
	var tiers []query.Query
	cp := *t
	cp.tiers = &tiers
	if q, err = cp.translate(n); err != nil {
		return nil, nil, err
	}
	if len(tiers) > 0 {
		boost = disjunction(tiers)
	}
	return q, boost, nil
}

// negated returns the translator for a NOT branch.
func (t *translator) negated() *translator {
	cp := *t
	cp.tiers, cp.noTiers = nil, true
	return &cp
}

// translate returns the bleve query for n; nil means every document.
func (t *translator) translate(n rules.Node) (query.Query, error) {
	switch n := n.(type) {
	case nil, *rules.MatchAll:
		return query.NewMatchAllQuery(), nil
	case *rules.Term:
		return t.term(n), nil
	case *rules.And:
		return t.and(n.Children)
	case *rules.Or:
		qs, err := t.all(n.Children)
		if err != nil {
			return nil, err
		}
		return query.NewDisjunctionQuery(qs), nil
	case *rules.Not:
		child, err := t.negated().translate(n.Child)
		if err != nil {
			return nil, err
		}
		return query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{child}), nil
	case *rules.Near:
		return t.near(n)
	}
	return nil, fmt.Errorf("query node %T not supported", n)
}

func (t *translator) all(nodes []rules.Node) ([]query.Query, error) {
	qs := make([]query.Query, 0, len(nodes))
	for _, c := range nodes {
		q, err := t.translate(c)
		if err != nil {
			return nil, err
		}
		qs = append(qs, q)
	}
	return qs, nil
}

// and keeps NOT children apart as must-not clauses, so "a AND NOT b"
// subtracts b from a instead of intersecting a with everything-but-b. The
// must clauses always go inside a conjunction: bleve drops a must clause
// that matches nothing, which would turn "x AND NOT b" into "NOT b".
func (t *translator) and(children []rules.Node) (query.Query, error) {
	var must, mustNot []query.Query
	for _, c := range children {
		target, tr := &must, t
		if not, ok := c.(*rules.Not); ok {
			c, target, tr = not.Child, &mustNot, t.negated()
		}
		q, err := tr.translate(c)
		if err != nil {
			return nil, err
		}
		*target = append(*target, q)
	}
	if len(must) == 0 {
		must = append(must, query.NewMatchAllQuery())
	}
	conj := query.NewConjunctionQuery(must)
	if len(mustNot) == 0 {
		return conj, nil
	}
	return query.NewBooleanQuery([]query.Query{conj}, nil, []query.Query{query.NewDisjunctionQuery(mustNot)}), nil
}

// near finds candidates that match both sides and keeps those whose
// stored text has the two within Dist words (see nearMatch).
func (t *translator) near(n *rules.Near) (query.Query, error) {
	left, err := t.translate(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := t.translate(n.Right)
	if err != nil {
		return nil, err
	}
	lt, rt := nearTerms(n.Left), nearTerms(n.Right)
	if lt == nil || rt == nil {
		return nil, fmt.Errorf("NEAR takes terms, phrases or ORs of them, not %s", n)
	}
	inner := query.NewConjunctionQuery([]query.Query{left, right})
	return &verifyQuery{inner: inner, accept: func(d *storedDoc) bool {
		return nearMatch(d, lt, rt, n.Dist)
	}}, nil
}

// nearTerms returns the terms of one side of NEAR: a term, or an OR of
// terms (nested ORs flattened); nil for anything else.
func nearTerms(n rules.Node) []*rules.Term {
	switch n := n.(type) {
	case *rules.Term:
		return []*rules.Term{n}
	case *rules.Or:
		var out []*rules.Term
		for _, c := range n.Children {
			ts := nearTerms(c)
			if ts == nil {
				return nil
			}
			out = append(out, ts...)
		}
		return out
	}
	return nil
}

// exactWords returns the exact (NFC, lower-case) forms of the term's words
// as written, or nil when they are no different from the folded words (no
// diacritics written), so there is nothing to boost.
func exactWords(t *rules.Term) []string {
	toks := rules.Tokenize(t.Raw)
	if len(toks) != len(t.Words) {
		return nil
	}
	out := make([]string, len(toks))
	differs := false
	for i, tok := range toks {
		out[i] = tok.Exact
		differs = differs || tok.Exact != t.Words[i]
	}
	if !differs {
		return nil
	}
	return out
}

// stem returns the analyzer's single output for a word, "" when it makes
// none or several.
func stem(a analysis.Analyzer, word string) string {
	toks := a.Analyze([]byte(word))
	if len(toks) != 1 {
		return ""
	}
	return string(toks[0].Term)
}

func bigrams(words []string) []string {
	out := make([]string, 0, len(words)-1)
	for i := 0; i+1 < len(words); i++ {
		out = append(out, words[i]+" "+words[i+1])
	}
	return out
}

func termQuery(field, term string) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	return q
}

func prefixQuery(field, prefix string) query.Query {
	q := query.NewPrefixQuery(prefix)
	q.SetField(field)
	return q
}

func phraseQuery(field string, terms []string) query.Query {
	if len(terms) == 1 {
		return termQuery(field, terms[0])
	}
	return query.NewPhraseQuery(terms, field)
}

func disjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

func joinWords(words []string) string { return strings.Join(words, " ") }
