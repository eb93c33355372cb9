// Package search is the archive's full-text index: a bleve (scorch) index
// derived from the store of record, with Vietnamese folding, syllable
// bigrams for fast phrases, English and French stemming, facets and
// highlighted snippets. It translates the rules query language (rules.Node)
// into index queries, so a search and a rule mean the same thing.
package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ttdn/monitor/index"
)

// versionKey is the bleve internal key holding the MappingVersion the
// index was built with.
var versionKey = []byte("ttdn_mapping_version")

// BatchSize is the number of documents Put writes in one bleve batch.
const BatchSize = 500

// Index is the search index. It is safe for concurrent use.
type Index struct {
	bleve   bleve.Index
	mapping *mapping.IndexMappingImpl
	q       *translator
	meta    *metaTable
	docRows *docRowCache // segment document numbers to ids and rows
	reason  string
}

// Open opens the index in dir, creating it when missing. needsRebuild is
// true when the index was just created (empty: the caller rebuilds it if
// the store holds items) or was built with another MappingVersion or could
// not be opened (the old index is removed and an empty one created);
// RebuildReason then says why, for the caller's log line. The error is
// non-nil only when no usable index could be made in dir.
func Open(dir string) (ix *Index, needsRebuild bool, err error) {
	m, err := Mapping()
	if err != nil {
		return nil, false, err
	}
	b, openErr := bleve.Open(dir)
	reason := ""
	switch {
	case errors.Is(openErr, bleve.ErrorIndexPathDoesNotExist):
		reason = "index missing"
	case openErr != nil:
		reason = fmt.Sprintf("index unreadable (%v)", openErr)
	default:
		if v := storedVersion(b); v != MappingVersion {
			reason = fmt.Sprintf("mapping version %d, want %d", v, MappingVersion)
			if err := b.Close(); err != nil {
				return nil, false, fmt.Errorf("close outdated index: %w", err)
			}
		}
	}
	if reason != "" {
		if b, err = create(dir, m); err != nil {
			return nil, false, err
		}
	}
	ix, err = newIndex(b, m)
	if err != nil {
		b.Close()
		return nil, false, err
	}
	ix.reason = reason
	return ix, reason != "", nil
}

// storedVersion returns the mapping version stored in b, 0 when none.
func storedVersion(b bleve.Index) int {
	raw, err := b.GetInternal(versionKey)
	if err != nil || raw == nil {
		return 0
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil {
		return 0
	}
	return v
}

// create removes whatever is in dir and makes an empty index there.
func create(dir string, m *mapping.IndexMappingImpl) (bleve.Index, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("remove old index: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("create index parent: %w", err)
	}
	b, err := bleve.New(dir, m)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	if err := b.SetInternal(versionKey, []byte(strconv.Itoa(MappingVersion))); err != nil {
		b.Close()
		return nil, fmt.Errorf("store mapping version: %w", err)
	}
	return b, nil
}

func newIndex(b bleve.Index, m *mapping.IndexMappingImpl) (*Index, error) {
	q, err := newTranslator(m)
	if err != nil {
		return nil, err
	}
	ix := &Index{bleve: b, mapping: m, q: q, meta: newMetaTable(), docRows: newDocRowCache()}
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if err := ix.meta.load(r); err != nil {
		return nil, fmt.Errorf("load document table: %w", err)
	}
	return ix, nil
}

// RebuildReason says why Open asked for a rebuild ("" when it did not).
func (ix *Index) RebuildReason() string { return ix.reason }

// Close closes the index.
func (ix *Index) Close() error {
	if err := ix.bleve.Close(); err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	return nil
}

// Count returns the number of documents in the index.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.bleve.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return n, nil
}

// Put adds or replaces items, in batches. An item without an ID is
// refused with index.ErrInvalid before anything is written.
func (ix *Index) Put(items []*index.Item) error {
	for _, it := range items {
		if it.ID == "" {
			return index.Invalid("id", "item %q has no id", it.URL)
		}
	}
	for start := 0; start < len(items); start += BatchSize {
		end := min(start+BatchSize, len(items))
		batch := ix.bleve.NewBatch()
		for _, it := range items[start:end] {
			if err := batch.Index(it.ID, Document(it)); err != nil {
				return fmt.Errorf("index item %s: %w", it.ID, err)
			}
		}
		if err := ix.bleve.Batch(batch); err != nil {
			return fmt.Errorf("write batch: %w", err)
		}
		ix.meta.put(items[start:end])
	}
	return nil
}

// Delete removes items by id; unknown ids are ignored.
func (ix *Index) Delete(ids []string) error {
	for start := 0; start < len(ids); start += BatchSize {
		end := min(start+BatchSize, len(ids))
		batch := ix.bleve.NewBatch()
		for _, id := range ids[start:end] {
			batch.Delete(id)
		}
		if err := ix.bleve.Batch(batch); err != nil {
			return fmt.Errorf("delete batch: %w", err)
		}
		ix.meta.delete(ids[start:end])
	}
	return nil
}
