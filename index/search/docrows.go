package search

import (
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Turning a hit's bleve document number into the item id (ExternalID)
// costs a stored-field lookup per hit, the largest part of a faceted or
// filtered search over many hits. Segments of the index never change once
// written, so each segment's document numbers are resolved to ids and
// metadata rows once, the first time a search meets the segment, and
// cached until a merge retires it. Rows replaced since (a re-indexed
// item) are marked stale and looked up again.

// segRows holds one segment's ids and rows by local document number.
type segRows struct {
	ids  []string
	rows []*row // nil: not in the table when the segment was resolved
}

// docRowCache keeps segRows by segment id. Entries not used by the last
// keepFor searches are dropped (merged-away segments), so searches on an
// older and a newer snapshot at once do not evict each other.
type docRowCache struct {
	mu   sync.Mutex
	segs map[uint64]*segEntry
	tick uint64
}

// keepFor is how many resolutions an unused segment's entry survives.
const keepFor = 64

type segEntry struct {
	once sync.Once
	rows *segRows
	err  error
	used uint64 // tick of the last search that used it
}

func newDocRowCache() *docRowCache {
	return &docRowCache{segs: map[uint64]*segEntry{}}
}

// docRows resolves the hits of one reader.
type docRows struct {
	offsets []uint64
	segs    []*segRows
}

// forReader returns the resolver for r, or nil when r is not a scorch
// snapshot (the caller falls back to ExternalID). Call it holding the
// table's read lock. A segment seen for the first time is resolved
// outside the cache's lock, so other searches are not held up by it.
func (c *docRowCache) forReader(r bindex.IndexReader, t *metaTable) (*docRows, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, nil
	}
	segs := snap.Segments()
	entries := c.entries(segs)
	out := &docRows{offsets: make([]uint64, len(segs)), segs: make([]*segRows, len(segs))}
	var running uint64
	for i, ss := range segs {
		out.offsets[i] = running
		// The full count, deleted documents included, as scorch numbers
		// them (SegmentSnapshot.Count leaves the deleted out).
		running += ss.Segment().Count()
		e := entries[i]
		e.once.Do(func() { e.rows, e.err = resolveSegment(ss, t) })
		if e.err != nil {
			c.forget(ss.Id(), e) // try again next time
			return nil, e.err
		}
		out.segs[i] = e.rows
	}
	return out, nil
}

// entries returns the cache entries of segs, creating missing ones, and
// drops entries unused for keepFor calls.
func (c *docRowCache) entries(segs []*scorch.SegmentSnapshot) []*segEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tick++
	out := make([]*segEntry, len(segs))
	for i, ss := range segs {
		e := c.segs[ss.Id()]
		if e == nil {
			e = &segEntry{}
			c.segs[ss.Id()] = e
		}
		e.used = c.tick
		out[i] = e
	}
	for id, e := range c.segs {
		if c.tick-e.used > keepFor {
			delete(c.segs, id)
		}
	}
	return out
}

func (c *docRowCache) forget(id uint64, e *segEntry) {
	c.mu.Lock()
	if c.segs[id] == e {
		delete(c.segs, id)
	}
	c.mu.Unlock()
}

func resolveSegment(ss *scorch.SegmentSnapshot, t *metaTable) (*segRows, error) {
	n := ss.Segment().Count()
	sr := &segRows{ids: make([]string, n), rows: make([]*row, n)}
	for i := range n {
		v, err := ss.DocID(i)
		if err != nil {
			return nil, err
		}
		sr.ids[i] = string(v)
		sr.rows[i] = t.rows[sr.ids[i]]
	}
	return sr, nil
}

// lookup returns the id and current row of a hit; the row is nil when
// the table does not have it yet. Call it holding the table's read lock.
func (d *docRows) lookup(internal bindex.IndexInternalID, t *metaTable) (string, *row, bool) {
	num := internal.Value()
	seg := sort.Search(len(d.offsets), func(i int) bool { return d.offsets[i] > num }) - 1
	if seg < 0 {
		return "", nil, false
	}
	sr := d.segs[seg]
	local := num - d.offsets[seg]
	if local >= uint64(len(sr.ids)) {
		return "", nil, false
	}
	id, rw := sr.ids[local], sr.rows[local]
	if rw == nil || rw.stale {
		rw = t.rows[id]
	}
	return id, rw, true
}
