package search

import (
	"context"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/ttdn/monitor/rules"
)

// verifyQuery narrows the candidates of an inner query to the documents
// whose stored text passes accept. It answers what positions in the index
// cannot (NEAR, exact phrases, phrases ending in a prefix) by reading the
// text of each candidate, so its cost grows with the number of candidates
// the inner query lets through.
type verifyQuery struct {
	inner  query.Query
	accept func(*storedDoc) bool
}

// Searcher implements bleve's query.Query. A candidate whose stored
// fields cannot be read counts as not matching.
func (v *verifyQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	s, err := v.inner.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	return searcher.NewFilteringSearcher(ctx, s, func(_ *search.SearchContext, d *search.DocumentMatch) bool {
		doc, err := loadStored(r, d.IndexInternalID)
		return err == nil && v.accept(doc)
	}), nil
}

// storedDoc is the stored text of one document: the title and the values
// of the body field (summary and body text).
type storedDoc struct {
	title    string
	body     []string
	language string
}

func loadStored(r bindex.IndexReader, id bindex.IndexInternalID) (*storedDoc, error) {
	ext, err := r.ExternalID(id)
	if err != nil {
		return nil, err
	}
	doc, err := r.Document(ext)
	if err != nil {
		return nil, err
	}
	return storedFrom(doc), nil
}

// storedFrom reads the stored fields of doc (nil: an empty document).
func storedFrom(doc bindex.Document) *storedDoc {
	d := &storedDoc{}
	if doc == nil {
		return d
	}
	doc.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case fTitle:
			d.title = string(f.Value())
		case fBody:
			d.body = append(d.body, string(f.Value()))
		case fLanguage:
			d.language = string(f.Value())
		}
	})
	return d
}

// text is one stored value and the field it belongs to.
type text struct {
	field rules.Field // FieldTitle or FieldBody
	s     string
	toks  []rules.Token
}

// texts tokenizes the document's values once.
func (d *storedDoc) texts() []text {
	out := make([]text, 0, 1+len(d.body))
	if d.title != "" {
		out = append(out, text{field: rules.FieldTitle, s: d.title, toks: rules.Tokenize(d.title)})
	}
	for _, b := range d.body {
		out = append(out, text{field: rules.FieldBody, s: b, toks: rules.Tokenize(b)})
	}
	return out
}

// has reports whether t occurs in a value of the document it is scoped to.
func (d *storedDoc) has(t *rules.Term) bool {
	for _, tx := range d.texts() {
		if applies(t, tx.field) && len(spans(tx.toks, t)) > 0 {
			return true
		}
	}
	return false
}

func applies(t *rules.Term, f rules.Field) bool {
	return t.Field == rules.FieldAny || t.Field == f
}

// span is a match: the positions of its first and last word.
type span struct{ first, last int }

// spans returns every match of t in toks, in order. Words compare in
// folded form, or exact form for an exact term; a prefix term's last word
// matches any word it begins.
func spans(toks []rules.Token, t *rules.Term) []span {
	n := len(t.Words)
	if n == 0 {
		return nil
	}
	var out []span
	for i := 0; i+n <= len(toks); i++ {
		if matchAt(toks[i:i+n], t) {
			out = append(out, span{i, i + n - 1})
		}
	}
	return out
}

func matchAt(toks []rules.Token, t *rules.Term) bool {
	last := len(t.Words) - 1
	for j, w := range t.Words {
		form := toks[j].Folded
		if t.Exact {
			form = toks[j].Exact
		}
		if j == last && t.Prefix {
			if !strings.HasPrefix(form, w) {
				return false
			}
		} else if form != w {
			return false
		}
	}
	return true
}

// nearMatch reports whether a match of a left term and one of a right term
// lie in the same value with at most dist words between them, in either
// order, without overlapping.
func nearMatch(d *storedDoc, left, right []*rules.Term, dist int) bool {
	for _, tx := range d.texts() {
		ls := termSpans(tx, left)
		if len(ls) == 0 {
			continue
		}
		rs := termSpans(tx, right)
		for _, a := range ls {
			for _, b := range rs {
				if within(a, b, dist) || within(b, a, dist) {
					return true
				}
			}
		}
	}
	return false
}

func termSpans(tx text, terms []*rules.Term) []span {
	var out []span
	for _, t := range terms {
		if applies(t, tx.field) {
			out = append(out, spans(tx.toks, t)...)
		}
	}
	return out
}

// within reports whether b starts after a ends with at most dist words
// between them.
func within(a, b span, dist int) bool {
	return b.first > a.last && b.first-a.last-1 <= dist
}
