package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// exactScore is the score a document gets for spelling a term exactly as
// the query wrote it (diacritics included). It is far above what tf-idf
// gives one term, so exact spellings rank as a tier above folded-only
// matches, and tf-idf orders the documents within each tier.
const exactScore = 50.0

// constScoreQuery matches what inner matches, every document with the
// same score.
type constScoreQuery struct {
	inner query.Query
	score float64
}

// Searcher implements bleve's query.Query.
func (c *constScoreQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	s, err := c.inner.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	return searcher.NewFilteringSearcher(ctx, s, func(_ *search.SearchContext, d *search.DocumentMatch) bool {
		d.Score = c.score
		return true
	}), nil
}

// exactTier returns the query giving exactScore to documents that contain
// every one of words (exact forms) in one of fields.
func exactTier(fields, words []string) query.Query {
	conj := make([]query.Query, 0, len(words))
	for _, w := range words {
		any := make([]query.Query, 0, len(fields))
		for _, f := range fields {
			any = append(any, termQuery(f, w))
		}
		conj = append(conj, disjunction(any))
	}
	var q query.Query = query.NewConjunctionQuery(conj)
	if len(conj) == 1 {
		q = conj[0]
	}
	return &constScoreQuery{inner: q, score: exactScore}
}
