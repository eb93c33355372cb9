package searchtest

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
)

// BareIndex creates a bleve index in dir with mapping m and indexes docs
// (keyed by ids) in batches of batch, calling bleve and nothing else: the
// baseline that benchmarks of Index.Put and of the ingest path compare
// against. Build docs with search.Document beforehand so the timing holds
// bleve's work only. It returns the open index; the caller closes it.
func BareIndex(dir string, m mapping.IndexMapping, ids []string, docs []any, batch int) (bleve.Index, error) {
	b, err := bleve.New(dir, m)
	if err != nil {
		return nil, fmt.Errorf("create bare index: %w", err)
	}
	for start := 0; start < len(docs); start += batch {
		end := min(start+batch, len(docs))
		bt := b.NewBatch()
		for i := start; i < end; i++ {
			if err := bt.Index(ids[i], docs[i]); err != nil {
				b.Close()
				return nil, fmt.Errorf("index %s: %w", ids[i], err)
			}
		}
		if err := b.Batch(bt); err != nil {
			b.Close()
			return nil, fmt.Errorf("write batch: %w", err)
		}
	}
	return b, nil
}
