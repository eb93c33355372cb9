package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// bigramPhraseQuery matches the documents whose field holds terms at
// consecutive positions ("" in terms is a gap: any term). bleve's phrase
// searcher does the same, but builds a map of every term location of every
// candidate on the way, which made a long phrase over a common pair cost
// tens of milliseconds. Here a conjunction of the terms finds and scores
// the candidates, and each candidate's positions are read straight from
// one term reader per term, advancing in step with the candidates.
type bigramPhraseQuery struct {
	field string
	terms []string
}

// Searcher implements bleve's query.Query.
func (q *bigramPhraseQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	var conj []query.Query
	var pt []posTerm
	for i, t := range q.terms {
		if t == "" {
			continue
		}
		conj = append(conj, termQuery(q.field, t))
		tfr, err := r.TermFieldReader(ctx, []byte(t), q.field, false, false, true)
		if err != nil {
			closeAll(pt)
			return nil, fmt.Errorf("phrase term %q: %w", t, err)
		}
		pt = append(pt, posTerm{offset: uint64(i), r: tfr})
	}
	if len(pt) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	inner, err := query.NewConjunctionQuery(conj).Searcher(ctx, r, m, o)
	if err != nil {
		closeAll(pt)
		return nil, err
	}
	if len(pt) == 1 {
		closeAll(pt)
		return inner, nil
	}
	f := searcher.NewFilteringSearcher(ctx, inner, func(_ *search.SearchContext, d *search.DocumentMatch) bool {
		return consecutive(pt, d.IndexInternalID)
	})
	return &closingSearcher{FilteringSearcher: f, terms: pt}, nil
}

// posTerm is one term of the phrase: its offset in the phrase, its
// reader, and the positions of the current candidate.
type posTerm struct {
	offset uint64
	r      bindex.TermFieldReader
	doc    bindex.TermFieldDoc
	pos    []uint64 // array position << 32 | position, sorted
}

// consecutive reports whether document id has the terms at consecutive
// positions within one value of the field.
func consecutive(pt []posTerm, id bindex.IndexInternalID) bool {
	for i := range pt {
		t := &pt[i]
		d, err := t.r.Advance(id, &t.doc)
		if err != nil || d == nil || !d.ID.Equals(id) {
			return false
		}
		t.pos = t.pos[:0]
		for _, v := range d.Vectors {
			var arr uint64
			if len(v.ArrayPositions) > 0 {
				arr = v.ArrayPositions[0]
			}
			t.pos = append(t.pos, arr<<32|v.Pos)
		}
		slices.Sort(t.pos)
	}
	first := pt[0]
	for _, p := range first.pos {
		start := p - first.offset
		ok := true
		for _, t := range pt[1:] {
			if _, found := slices.BinarySearch(t.pos, start+t.offset); !found {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func closeAll(pt []posTerm) {
	for _, t := range pt {
		t.r.Close()
	}
}

// closingSearcher closes the term readers with the searcher.
type closingSearcher struct {
	*searcher.FilteringSearcher
	terms []posTerm
}

func (c *closingSearcher) Close() error {
	err := c.FilteringSearcher.Close()
	closeAll(c.terms)
	return err
}
