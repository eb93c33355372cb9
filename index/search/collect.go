package search

import (
	"cmp"
	"container/heap"
	"slices"
)

// entry is one hit while collecting. Fast-path hits (relevance order, no
// filters, no facets) carry their bleve internal id and get their
// external id only if they make the page.
type entry struct {
	id       string
	internal []byte
	score    float64
	row      *row
}

// collector keeps the best k hits in the request's order, the number of
// hits, and facet counts.
type collector struct {
	order  string
	k      int
	total  int
	heap   entryHeap
	counts *[numFacets][]int // nil: no facets
}

func newCollector(order string, k int, facets bool) *collector {
	c := &collector{order: order, k: k}
	c.heap.less = c.better
	if facets {
		c.counts = new([numFacets][]int)
	}
	return c
}

// better reports whether a sorts before b.
func (c *collector) better(a, b *entry) bool {
	return c.compare(a, b) < 0
}

func (c *collector) compare(a, b *entry) int {
	var pa, pb int64
	var sa, sb uint8
	if a.row != nil {
		pa, sa = a.row.published, a.row.sevRank
	}
	if b.row != nil {
		pb, sb = b.row.published, b.row.sevRank
	}
	switch c.order {
	case SortRelevance:
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(pb, pa), cmp.Compare(a.id, b.id))
	case SortSeverity:
		return cmp.Or(cmp.Compare(sb, sa), cmp.Compare(pb, pa), cmp.Compare(a.id, b.id))
	}
	return cmp.Or(cmp.Compare(pb, pa), cmp.Compare(a.id, b.id))
}

// couldKeep reports whether a hit scoring score could be among the best
// k in relevance order (ties included: they are broken by other fields).
func (c *collector) couldKeep(score float64) bool {
	if c.k == 0 {
		return false
	}
	return len(c.heap.items) < c.k || score >= c.heap.items[0].score
}

// add counts one hit and keeps it if it is among the best k.
func (c *collector) add(e entry) {
	c.total++
	if c.counts != nil && e.row != nil {
		c.count(e.row)
	}
	if c.k == 0 {
		return
	}
	if len(c.heap.items) < c.k {
		heap.Push(&c.heap, &e)
		return
	}
	if c.better(&e, c.heap.items[0]) {
		if e.internal != nil {
			e.internal = slices.Clone(e.internal)
		}
		*c.heap.items[0] = e
		heap.Fix(&c.heap, 0)
	}
}

func (c *collector) count(r *row) {
	for fi := range facetFields {
		switch fi {
		case colTopic:
			for _, o := range r.topics {
				c.bump(fi, o)
			}
		default:
			c.bump(fi, r.single[fi])
		}
	}
}

func (c *collector) bump(fi int, o uint32) {
	if o == 0 {
		return
	}
	col := c.counts[fi]
	if int(o) >= len(col) {
		col = append(col, make([]int, int(o)-len(col)+16)...)
		c.counts[fi] = col
	}
	col[o]++
}

// sorted returns the kept hits, best first.
func (c *collector) sorted() []*entry {
	out := slices.Clone(c.heap.items)
	slices.SortFunc(out, c.compare)
	return out
}

// facets turns the counts into FacetCounts, most frequent first.
func (c *collector) facets(t *metaTable) map[string][]FacetCount {
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := make(map[string][]FacetCount, len(facetFields))
	for fi, name := range facetFields {
		list := []FacetCount{}
		for o, n := range c.counts[fi] {
			if n > 0 {
				list = append(list, FacetCount{Term: t.dicts[fi].terms[o-1], Count: n})
			}
		}
		slices.SortFunc(list, func(a, b FacetCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Term, b.Term))
		})
		if len(list) > facetSize {
			list = list[:facetSize]
		}
		out[name] = list
	}
	return out
}

// entryHeap keeps the worst kept hit on top.
type entryHeap struct {
	items []*entry
	less  func(a, b *entry) bool
}

func (h *entryHeap) Len() int           { return len(h.items) }
func (h *entryHeap) Less(i, j int) bool { return h.less(h.items[j], h.items[i]) }
func (h *entryHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *entryHeap) Push(x any) {
	e := x.(*entry)
	if e.internal != nil {
		e.internal = slices.Clone(e.internal)
	}
	h.items = append(h.items, e)
}
func (h *entryHeap) Pop() any {
	e := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return e
}
