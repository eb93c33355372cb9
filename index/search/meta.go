package search

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2/numeric"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/ttdn/monitor/index"
)

// The index keeps, beside bleve, a compact in-memory table of every
// document's filter, facet and sort values (a few dozen bytes a
// document). Filters, facet counts and date or severity ordering are
// computed from it instead of bleve's doc values, which cost a
// decompression per hit and field and made a facet request over 40 % of
// 100k documents take a few hundred milliseconds. The table is loaded from
// the index's doc values at Open and updated by Put and Delete after each
// bleve batch succeeds, so it always describes what the index holds
// (momentarily trailing it while a batch is written).

// Facet and filter columns of the table, in facetFields order first.
const (
	colTopic = iota
	colSource
	colOrigin
	colLanguage
	colStatus
	colMonth
	colTags
	numCols
)

// numFacets is the number of faceted columns: colTopic..colMonth.
const numFacets = colMonth + 1

var colFields = [numCols]string{fTopic, fSource, fOrigin, fLanguage, fStatus, fMonth, fTags}

// row is one document's values: an ordinal per single-valued column,
// ordinals of the multi-valued ones.
type row struct {
	id        string
	published int64 // Unix nanoseconds; 0 when unknown
	sevRank   uint8
	flagged   bool
	stale     bool            // replaced or deleted since (see docRows)
	single    [numCols]uint32 // colSource..colMonth; 0 means none
	topics    []uint32
	tags      []uint32
}

// dict numbers the distinct values of one column from 1.
type dict struct {
	ord   map[string]uint32
	terms []string // terms[ord-1]
}

func (d *dict) id(term string) uint32 {
	if term == "" {
		return 0
	}
	if o, ok := d.ord[term]; ok {
		return o
	}
	d.terms = append(d.terms, term)
	o := uint32(len(d.terms))
	d.ord[term] = o
	return o
}

// lookup returns the ordinal of term, 0 when no document has it.
func (d *dict) lookup(term string) uint32 { return d.ord[term] }

// metaTable is the table; it is safe for concurrent use.
type metaTable struct {
	mu    sync.RWMutex
	rows  map[string]*row
	dicts [numCols]*dict

	// list holds the rows in the order they were added, stale ones
	// included until compacted: a scan over every row (the empty query)
	// walks memory in order instead of in map order, which cost a cache
	// miss per row.
	list  []*row
	stale int
}

func newMetaTable() *metaTable {
	t := &metaTable{rows: map[string]*row{}}
	for i := range t.dicts {
		t.dicts[i] = &dict{ord: map[string]uint32{}}
	}
	return t
}

// put records the values of items, replacing earlier ones.
func (t *metaTable) put(items []*index.Item) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, it := range items {
		r := &row{id: it.ID, sevRank: uint8(it.Severity.Rank()), flagged: it.Flagged}
		if !it.PublishedAt.IsZero() {
			r.published = it.PublishedAt.UnixNano()
			r.single[colMonth] = t.dicts[colMonth].id(it.PublishedAt.In(MonthZone).Format(monthLayout))
		}
		r.single[colSource] = t.dicts[colSource].id(it.Source)
		r.single[colOrigin] = t.dicts[colOrigin].id(string(it.Origin))
		r.single[colLanguage] = t.dicts[colLanguage].id(it.Language)
		r.single[colStatus] = t.dicts[colStatus].id(string(it.Status))
		r.topics = t.ids(colTopic, it.Topics)
		r.tags = t.ids(colTags, it.Tags)
		t.add(r)
	}
	t.compact()
}

// add records r, marking the row it replaces stale. Hold the write lock.
func (t *metaTable) add(r *row) {
	if old := t.rows[r.id]; old != nil {
		old.stale = true
		t.stale++
	}
	t.rows[r.id] = r
	t.list = append(t.list, r)
}

// compact drops stale rows from the list once they are a quarter of it.
// Hold the write lock.
func (t *metaTable) compact() {
	if t.stale < 1024 || t.stale*4 < len(t.list) {
		return
	}
	live := make([]*row, 0, len(t.rows))
	for _, r := range t.list {
		if !r.stale {
			live = append(live, r)
		}
	}
	t.list, t.stale = live, 0
}

func (t *metaTable) ids(col int, terms []string) []uint32 {
	if len(terms) == 0 {
		return nil
	}
	out := make([]uint32, 0, len(terms))
	for _, term := range terms {
		out = append(out, t.dicts[col].id(term))
	}
	return out
}

func (t *metaTable) delete(ids []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, id := range ids {
		if old := t.rows[id]; old != nil {
			old.stale = true
			t.stale++
		}
		delete(t.rows, id)
	}
	t.compact()
}

// load fills the table from the doc values of every document of r.
func (t *metaTable) load(r bindex.IndexReader) error {
	ids, err := r.DocIDReaderAll()
	if err != nil {
		return fmt.Errorf("list documents: %w", err)
	}
	defer ids.Close()
	dv, err := r.DocValueReader(append(colFields[:], fSevRank, fFlagged, fPublished))
	if err != nil {
		return fmt.Errorf("doc values: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for {
		internal, err := ids.Next()
		if err != nil {
			return fmt.Errorf("list documents: %w", err)
		}
		if internal == nil {
			return nil
		}
		ext, err := r.ExternalID(internal)
		if err != nil {
			return fmt.Errorf("document id: %w", err)
		}
		rw := &row{id: ext}
		if err := dv.VisitDocValues(internal, func(field string, term []byte) { t.visit(rw, field, term) }); err != nil {
			return fmt.Errorf("doc values of %s: %w", ext, err)
		}
		t.add(rw)
	}
}

// visit sets one doc value on rw.
func (t *metaTable) visit(rw *row, field string, term []byte) {
	switch field {
	case fPublished:
		pc := numeric.PrefixCoded(term)
		if shift, err := pc.Shift(); err == nil && shift == 0 {
			if v, err := pc.Int64(); err == nil {
				rw.published = v
			}
		}
	case fSevRank:
		n, _ := strconv.Atoi(string(term))
		rw.sevRank = uint8(n)
	case fFlagged:
		rw.flagged = string(term) == "true"
	case fTopic:
		rw.topics = append(rw.topics, t.dicts[colTopic].id(string(term)))
	case fTags:
		rw.tags = append(rw.tags, t.dicts[colTags].id(string(term)))
	default:
		for c := colSource; c <= colMonth; c++ {
			if colFields[c] == field {
				rw.single[c] = t.dicts[c].id(string(term))
			}
		}
	}
}
