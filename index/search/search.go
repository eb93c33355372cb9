package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

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

// Search runs req. It returns index.ErrInvalid (as *index.FieldError) for
// a bad sort, month or size, and wraps bleve's errors otherwise.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	sreq, err := ix.request(req)
	if err != nil {
		return nil, err
	}
	res, err := ix.bleve.SearchInContext(ctx, sreq)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Result{Total: int(res.Total), Hits: make([]Hit, 0, len(res.Hits))}
	var hl *highlighter
	if req.Highlight {
		hl = ix.newHighlighter(req.Query)
	}
	for _, h := range res.Hits {
		hit := Hit{ID: h.ID, Score: h.Score}
		if hl != nil {
			hit.Title, hit.Snippets = hl.highlight(storedFromFields(h.Fields))
		}
		out.Hits = append(out.Hits, hit)
	}
	if req.Facets {
		out.Facets = facetCounts(res.Facets)
	}
	return out, nil
}

func (ix *Index) request(req Request) (*bleve.SearchRequest, error) {
	q, err := ix.q.translate(req.Query)
	if err != nil {
		return nil, err
	}
	filters, err := filterQueries(req)
	if err != nil {
		return nil, err
	}
	if len(filters) > 0 {
		b := query.NewBooleanQuery([]query.Query{query.NewConjunctionQuery([]query.Query{q})}, nil, nil)
		b.AddFilter(query.NewConjunctionQuery(filters))
		q = b
	}
	size := req.Size
	if size < 0 || req.Offset < 0 {
		return nil, invalid("size", "size and offset must not be negative")
	}
	if size == 0 {
		size = DefaultSize
	}
	sreq := bleve.NewSearchRequestOptions(q, size, req.Offset, false)
	order, err := sortOrder(req)
	if err != nil {
		return nil, err
	}
	sreq.SortBy(order)
	if req.Facets {
		for _, f := range facetFields {
			sreq.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
		}
	}
	if req.Highlight {
		sreq.Fields = []string{fTitle, fBody, fLanguage}
	}
	return sreq, nil
}

func sortOrder(req Request) ([]string, error) {
	s := req.Sort
	if s == "" {
		s = SortNewest
		if !isMatchAll(req.Query) {
			s = SortRelevance
		}
	}
	switch s {
	case SortRelevance:
		return []string{"-_score", "-" + fPublished, "_id"}, nil
	case SortNewest:
		return []string{"-" + fPublished, "_id"}, nil
	case SortSeverity:
		return []string{"-" + fSevRank, "-" + fPublished, "_id"}, nil
	}
	return nil, invalid("sort", "unknown sort %q (want relevance, newest or severity)", req.Sort)
}

func isMatchAll(n rules.Node) bool {
	switch n.(type) {
	case nil, *rules.MatchAll:
		return true
	}
	return false
}

func facetCounts(fr search.FacetResults) map[string][]FacetCount {
	out := make(map[string][]FacetCount, len(facetFields))
	for _, name := range facetFields {
		counts := []FacetCount{}
		if f := fr[name]; f != nil && f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				counts = append(counts, FacetCount{Term: t.Term, Count: t.Count})
			}
		}
		slices.SortFunc(counts, func(a, b FacetCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Term, b.Term))
		})
		out[name] = counts
	}
	return out
}
