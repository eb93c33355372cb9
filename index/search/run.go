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
// are looked up only when filters, facets or a date order need them. A
// hit that boost also matches scores exactScore more; boost is asked
// only about hits that could enter the page with it (see exactTiers).
func (ix *Index) collect(ctx context.Context, r bindex.IndexReader, q, boost query.Query, filter *rowFilter, c *collector) error {
	opts := search.SearcherOptions{}
	if c.order != SortRelevance {
		opts.Score = "none"
	}
	s, err := q.Searcher(ctx, r, ix.bleve.Mapping(), opts)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	defer s.Close()
	poolSize := s.DocumentMatchPoolSize() + 1
	var tiers *exactTiers
	if boost != nil && c.k > 0 {
		bs, err := boost.Searcher(ctx, r, ix.bleve.Mapping(), search.SearcherOptions{Score: "none"})
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		defer bs.Close()
		tiers = &exactTiers{s: bs}
		poolSize += bs.DocumentMatchPoolSize() + 1
	}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(poolSize, 0), IndexReader: r}
	needRow := !filter.empty() || c.counts != nil || c.order != SortRelevance
	ix.meta.mu.RLock()
	defer ix.meta.mu.RUnlock()
	var rows *docRows
	if needRow {
		if rows, err = ix.docRows.forReader(r, ix.meta); err != nil {
			return fmt.Errorf("search: %w", err)
		}
	}
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
			if e.id, e.row, err = ix.resolve(r, rows, d.IndexInternalID); err != nil {
				return fmt.Errorf("search: %w", err)
			}
			e.internal = nil
			// A document the table lacks is being written by Put right
			// now; it is counted once the batch is done.
			if e.row == nil || !filter.match(e.row) {
				sctx.DocumentMatchPool.Put(d)
				continue
			}
		}
		if tiers != nil && c.couldKeep(e.score+exactScore) {
			exact, err := tiers.has(sctx, d.IndexInternalID)
			if err != nil {
				return fmt.Errorf("search: %w", err)
			}
			if exact {
				e.score += exactScore
			}
		}
		c.add(e)
		sctx.DocumentMatchPool.Put(d)
	}
}

// exactTiers answers, for hits coming in document order, whether the
// exact tier matches them, advancing its searcher only as far as asked.
// Most hits of a broad query never ask: they could not make the page
// even with the bonus.
type exactTiers struct {
	s   search.Searcher
	cur *search.DocumentMatch
	end bool
}

func (t *exactTiers) has(sctx *search.SearchContext, id bindex.IndexInternalID) (bool, error) {
	if t.end {
		return false, nil
	}
	if t.cur != nil && t.cur.IndexInternalID.Compare(id) >= 0 {
		return t.cur.IndexInternalID.Equals(id), nil
	}
	if t.cur != nil {
		sctx.DocumentMatchPool.Put(t.cur)
	}
	d, err := t.s.Advance(sctx, id)
	if err != nil {
		return false, err
	}
	t.cur, t.end = d, d == nil
	return d != nil && d.IndexInternalID.Equals(id), nil
}

// resolve returns a hit's id and row, through rows when there is one.
// Call it holding the table's read lock.
func (ix *Index) resolve(r bindex.IndexReader, rows *docRows, internal bindex.IndexInternalID) (string, *row, error) {
	if rows != nil {
		if id, rw, ok := rows.lookup(internal, ix.meta); ok {
			return id, rw, nil
		}
	}
	id, err := r.ExternalID(internal)
	if err != nil {
		return "", nil, err
	}
	return id, ix.meta.rows[id], nil
}

// scan feeds every row passing filter to c: the empty query.
func (t *metaTable) scan(filter *rowFilter, c *collector) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for _, r := range t.list {
		if !r.stale && filter.match(r) {
			c.add(entry{id: r.id, row: r})
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
