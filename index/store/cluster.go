package store

import (
	"context"
	"database/sql"
	"time"
)

// SimhashEntry is one item's story fingerprint, for clustering.
type SimhashEntry struct {
	ID          string
	Cluster     string
	Simhash     uint64
	PublishedAt time.Time
}

// Simhashes returns the fingerprint of every item that has one, so the
// ingest path can keep them in memory and compare a new item against all
// of them (a linear scan of 100k fingerprints takes well under 1 ms).
func (s *Store) Simhashes(ctx context.Context) ([]SimhashEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, cluster, simhash, published_at FROM items
		WHERE simhash IS NOT NULL AND simhash <> 0`)
	if err != nil {
		return nil, wrap("list simhashes", err)
	}
	defer rows.Close()
	var out []SimhashEntry
	for rows.Next() {
		var e SimhashEntry
		var h int64
		var pub sql.NullString
		if err := rows.Scan(&e.ID, &e.Cluster, &h, &pub); err != nil {
			return nil, wrap("list simhashes", err)
		}
		e.Simhash = uint64(h)
		if e.PublishedAt, err = parseTS(pub); err != nil {
			return nil, wrap("list simhashes", err)
		}
		out = append(out, e)
	}
	return out, wrap("list simhashes", rows.Err())
}
