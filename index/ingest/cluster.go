package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/ttdn/monitor/index/store"
)

// Clustering: copies of one story (a wire story in three papers, lightly
// edited) share a cluster id, the id of the first copy. Fingerprints are
// 64-bit simhashes compared against every item published within
// clusterWindow, kept in memory: a scan of 100k fingerprints is far
// cheaper than the SQLite write it accompanies.
const (
	// clusterDistance is the largest simhash distance of two copies. On
	// the labelled articles, a copy with a prefix, a dropped tail and a
	// credit line stays within 12 bits at worst, unrelated stories 17 or
	// more apart; most copies are within 4.
	clusterDistance = 10
	// clusterWindow: syndicated copies appear within days of each other.
	clusterWindow = 30 * 24 * time.Hour
	// clusterMinWords: shorter texts give unstable fingerprints.
	clusterMinWords = 40
)

// fingerprints is the in-memory list; it is guarded by Ingester.writeMu.
type fingerprints struct {
	loaded  bool
	entries []store.SimhashEntry
	pos     map[string]int
}

func (f *fingerprints) load(ctx context.Context, st *store.Store) error {
	if f.loaded {
		return nil
	}
	es, err := st.Simhashes(ctx)
	if err != nil {
		return fmt.Errorf("load fingerprints: %w", err)
	}
	f.entries, f.pos, f.loaded = es, make(map[string]int, len(es)), true
	for i, e := range es {
		f.pos[e.ID] = i
	}
	return nil
}

// nearest returns the closest fingerprint within clusterDistance and
// clusterWindow of (sim, published), other than id itself.
func (f *fingerprints) nearest(id string, sim uint64, published time.Time) (store.SimhashEntry, bool) {
	best, bestD := -1, clusterDistance+1
	for i, e := range f.entries {
		if e.ID == id {
			continue
		}
		d := Distance(e.Simhash, sim)
		if d >= bestD {
			continue
		}
		if gap := e.PublishedAt.Sub(published); gap > clusterWindow || gap < -clusterWindow {
			continue
		}
		best, bestD = i, d
	}
	if best < 0 {
		return store.SimhashEntry{}, false
	}
	return f.entries[best], true
}

func (f *fingerprints) put(e store.SimhashEntry) {
	if i, ok := f.pos[e.ID]; ok {
		f.entries[i] = e
		return
	}
	f.pos[e.ID] = len(f.entries)
	f.entries = append(f.entries, e)
}

func (f *fingerprints) setCluster(id, cluster string) {
	if i, ok := f.pos[id]; ok {
		f.entries[i].Cluster = cluster
	}
}
