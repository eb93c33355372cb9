package search

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/ttdn/monitor/rules"
)

// Sort orders of Request.Sort.
const (
	SortRelevance = "relevance" // best score first, newest first among equals
	SortNewest    = "newest"    // latest published first
	SortSeverity  = "severity"  // most severe first, then newest
)

// DefaultSize is the number of hits a Request with Size 0 gets.
const DefaultSize = 20

// facetSize caps the distinct values one facet reports.
const facetSize = 500

// Facet names of Result.Facets.
var facetFields = []string{fTopic, fSource, fOrigin, fLanguage, fStatus, fMonth}

// Request is one search. Zero fields do not filter.
type Request struct {
	Query rules.Node // nil or *rules.MatchAll: every item

	// From and To select by publication time, both inclusive and whole
	// days: From counts from 00:00 of its date, To through the end of its
	// date, each in its own location. Callers pass dates (the time of day
	// is ignored); a zero value leaves that end open.
	From, To time.Time

	// Each list selects items having any of its values.
	Topics, Sources, Origins, Languages, Statuses, Tags []string

	Month   string // "2006-01", in MonthZone
	Flagged *bool

	// Sort is SortRelevance (the default when Query is a real query),
	// SortNewest (the default for every item) or SortSeverity.
	Sort string

	Size      int  // hits to return; 0: DefaultSize
	Offset    int  // hits to skip
	Facets    bool // count topic, source, origin, language, status, month
	Highlight bool // fill Hit.Title and Hit.Snippets
}

// Result is one page of hits, the total number of matches, and facet
// counts over all matches when asked for.
type Result struct {
	Total  int
	Hits   []Hit
	Facets map[string][]FacetCount
}

// Hit is one matching item. With Request.Highlight, Title is the item's
// title and Snippets fragments of its summary and body, as HTML: the text
// escaped, matched words in <mark>…</mark>.
type Hit struct {
	ID       string
	Score    float64
	Title    string
	Snippets []string
}

// FacetCount is how many matches have one value of a facet.
type FacetCount struct {
	Term  string
	Count int
}

// Search runs req. It returns index.ErrInvalid (as *index.FieldError)
// for a bad sort, month, date range or size, and wraps bleve's errors
// otherwise. Filters, facets and the date and severity orders come from
// the metadata table (meta.go); bleve finds and scores the text matches.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	if req.Size < 0 || req.Offset < 0 {
		return nil, invalid("size", "size and offset must not be negative")
	}
	size := req.Size
	if size == 0 {
		size = DefaultSize
	}
	order, err := sortOrder(req)
	if err != nil {
		return nil, err
	}
	filter, err := ix.meta.compileFilter(req)
	if err != nil {
		return nil, err
	}
	q, boost, err := ix.q.translateRanked(req.Query)
	if err != nil {
		return nil, err
	}
	if order != SortRelevance {
		boost = nil // only relevance ranks by it
	}
	reader, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()

	c := newCollector(order, req.Offset+size, req.Facets)
	if isMatchAll(req.Query) {
		ix.meta.scan(filter, c)
	} else if err := ix.collect(ctx, reader, q, boost, filter, c); err != nil {
		return nil, err
	}
	out := &Result{Total: c.total, Hits: []Hit{}}
	if req.Facets {
		out.Facets = c.facets(ix.meta)
	}
	var hl *highlighter
	if req.Highlight {
		hl = ix.newHighlighter(req.Query)
	}
	page := c.sorted()
	hits, err := ix.hits(reader, page[min(req.Offset, len(page)):], hl)
	if err != nil {
		return nil, err
	}
	out.Hits = hits
	return out, nil
}

// hits resolves the kept entries of a page, highlighting on every core:
// reading and tokenising twenty stored articles is most of a broad
// query's time.
func (ix *Index) hits(r bindex.IndexReader, page []*entry, hl *highlighter) ([]Hit, error) {
	out := make([]Hit, len(page))
	errs := make([]error, len(page))
	workers := 1
	if hl != nil {
		workers = min(runtime.GOMAXPROCS(0), len(page))
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(page); i = int(next.Add(1) - 1) {
				out[i], errs[i] = ix.hit(r, page[i], hl)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func sortOrder(req Request) (string, error) {
	switch req.Sort {
	case "":
		if isMatchAll(req.Query) {
			return SortNewest, nil
		}
		return SortRelevance, nil
	case SortRelevance:
		if isMatchAll(req.Query) {
			return SortNewest, nil // every score is the same
		}
		return SortRelevance, nil
	case SortNewest, SortSeverity:
		return req.Sort, nil
	}
	return "", invalid("sort", "unknown sort %q (want relevance, newest or severity)", req.Sort)
}

func isMatchAll(n rules.Node) bool {
	switch n.(type) {
	case nil, *rules.MatchAll:
		return true
	}
	return false
}
