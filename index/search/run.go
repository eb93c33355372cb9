package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// ctxCheckEvery is how many hits pass between checks for cancellation.
const ctxCheckEvery = 4096

func (ix *Index) reader() (bindex.IndexReader, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, fmt.Errorf("open index reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("open index reader: %w", err)
	}
	return r, nil
}

// collect runs q over r and feeds every hit passing filter to c. Scores
// are computed only for the relevance order; rows (and so external ids)
// are looked up only when filters, facets or a date order need them.
func (ix *Index) collect(ctx context.Context, r bindex.IndexReader, q query.Query, filter *rowFilter, c *collector) error {
	opts := search.SearcherOptions{}
	if c.order != SortRelevance {
		opts.Score = "none"
	}
	s, err := q.Searcher(ctx, r, ix.bleve.Mapping(), opts)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	needRow := !filter.empty() || c.counts != nil || c.order != SortRelevance
	ix.meta.mu.RLock()
	defer ix.meta.mu.RUnlock()
	for n := 0; ; n++ {
		if n%ctxCheckEvery == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		d, err := s.Next(sctx)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		if d == nil {
			return nil
		}
		e := entry{score: d.Score, internal: d.IndexInternalID}
		if needRow {
			if e.id, err = r.ExternalID(d.IndexInternalID); err != nil {
				return fmt.Errorf("search: %w", err)
			}
			e.internal = nil
			// A document the table lacks is being written by Put right
			// now; it is counted once the batch is done.
			if e.row = ix.meta.rows[e.id]; e.row == nil || !filter.match(e.row) {
				sctx.DocumentMatchPool.Put(d)
				continue
			}
		}
		c.add(e)
		sctx.DocumentMatchPool.Put(d)
	}
}

// scan feeds every row passing filter to c: the empty query.
func (t *metaTable) scan(filter *rowFilter, c *collector) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for id, r := range t.rows {
		if filter.match(r) {
			c.add(entry{id: id, row: r})
		}
	}
}

// hit resolves one kept entry to a Hit, with highlights when hl is set.
func (ix *Index) hit(r bindex.IndexReader, e *entry, hl *highlighter) (Hit, error) {
	id := e.id
	if id == "" {
		var err error
		if id, err = r.ExternalID(e.internal); err != nil {
			return Hit{}, fmt.Errorf("hit id: %w", err)
		}
	}
	h := Hit{ID: id, Score: e.score}
	if hl == nil {
		return h, nil
	}
	doc, err := r.Document(id)
	if err != nil {
		return Hit{}, fmt.Errorf("load %s: %w", id, err)
	}
	h.Title, h.Snippets = hl.highlight(storedFrom(doc))
	return h, nil
}
