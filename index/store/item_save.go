package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"time"

	"github.com/ttdn/monitor/index"
)

// validateItem checks what the ingest path must have filled.
func validateItem(it *index.Item) error {
	switch {
	case it.ID == "":
		return index.Invalid("id", "required")
	case it.CanonicalURL == "":
		return index.Invalid("canonical_url", "required")
	case it.URL == "":
		return index.Invalid("url", "required")
	case it.Title == "":
		return index.Invalid("title", "required")
	case it.Status != "" && !it.Status.Valid():
		return index.Invalid("status", "unknown status %q", it.Status)
	case it.Origin != "" && !it.Origin.Valid():
		return index.Invalid("origin", "unknown origin %q", it.Origin)
	}
	for _, h := range it.Hits {
		if h.RuleID == "" || h.Topic == "" {
			return index.Invalid("hits", "a hit needs a rule id and a topic")
		}
	}
	return nil
}

// simhashArgs are the simhash column and its four 16-bit bands; a zero
// simhash (no text) is stored as NULL and never matches.
func simhashArgs(h uint64) []any {
	if h == 0 {
		return []any{nil, nil, nil, nil, nil}
	}
	return []any{int64(h), int64(h & 0xffff), int64(h >> 16 & 0xffff), int64(h >> 32 & 0xffff), int64(h >> 48 & 0xffff)}
}

// SaveItem inserts the item, or updates the stored item with the same ID.
// An update replaces the article's fields, hits, topics, severity,
// flagged, cluster and simhash, and keeps what people made: status, tags,
// notes and assignee. Aliases and it.URL (when it differs from the
// canonical URL) are added as aliases. Topics, Severity and Flagged are
// recomputed from Hits. On return it holds the stored status, tags,
// assignee, notes, aliases and UpdatedAt. Every save bumps the item's
// index_seq. It returns an index.FieldError for a missing id, URL or
// title, and index.ErrConflict when another item has the canonical URL.
func (s *Store) SaveItem(ctx context.Context, it *index.Item, simhash uint64) error {
	if err := validateItem(it); err != nil {
		return fmt.Errorf("save item: %w", err)
	}
	it.Summarise()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		q := cachedTx{tx, s.wc}
		seq, err := nextSeq(ctx, q)
		if err != nil {
			return err
		}
		t := now()
		var status, assignee string
		err = q.QueryRowContext(ctx, `SELECT status, assignee FROM items WHERE id = ?`, it.ID).Scan(&status, &assignee)
		inserted := errors.Is(err, sql.ErrNoRows)
		switch {
		case inserted:
			if it.Status == "" {
				it.Status = index.StatusNew
			}
			err = insertItem(ctx, q, it, simhash, seq, t)
		case err == nil:
			it.Status, it.Assignee = index.Status(status), assignee
			err = updateItem(ctx, q, it, simhash, seq, t)
		}
		if err != nil {
			return err
		}
		it.UpdatedAt = t
		if err := writeHits(ctx, q, it.ID, it.Hits, !inserted, it.Topics); err != nil {
			return err
		}
		added, err := saveAliases(ctx, q, it)
		if err != nil {
			return err
		}
		if inserted {
			// A new item has no tags or notes, and its aliases are the
			// URLs just recorded for it: nothing to read back.
			it.Tags, it.Notes, it.Aliases = []string{}, nil, added
			return nil
		}
		stored, err := getItem(ctx, q, true, `items.id = ?`, it.ID)
		if err != nil {
			return err
		}
		it.Tags, it.Notes, it.Aliases = stored.Tags, stored.Notes, stored.Aliases
		return nil
	})
	return wrap("save item "+it.ID, err)
}

func insertItem(ctx context.Context, tx querier, it *index.Item, simhash uint64, seq int64, t time.Time) error {
	at := tsNow(t)
	args := []any{it.ID, it.URL, it.CanonicalURL, it.Source, string(it.Origin), it.Country, it.Title, it.Summary, it.Body,
		it.Author, ts(it.PublishedAt), ts(it.FetchedAt), it.Language, it.ContentHash, string(it.Severity),
		it.Severity.Rank(), boolInt(it.Flagged), string(it.Status), it.Assignee, it.Cluster}
	args = append(args, simhashArgs(simhash)...)
	args = append(args, seq, at, at)
	_, err := tx.ExecContext(ctx, `INSERT INTO items (id, url, canonical_url, source, origin, country, title, summary, body,
		author, published_at, fetched_at, language, content_hash, severity, severity_rank, flagged, status, assignee, cluster,
		simhash, simhash_b0, simhash_b1, simhash_b2, simhash_b3, index_seq, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, args...)
	return err
}

func updateItem(ctx context.Context, tx querier, it *index.Item, simhash uint64, seq int64, t time.Time) error {
	args := []any{it.URL, it.CanonicalURL, it.Source, string(it.Origin), it.Country, it.Title, it.Summary, it.Body,
		it.Author, ts(it.PublishedAt), ts(it.FetchedAt), it.Language, it.ContentHash, string(it.Severity),
		it.Severity.Rank(), boolInt(it.Flagged), it.Cluster}
	args = append(args, simhashArgs(simhash)...)
	args = append(args, seq, tsNow(t), it.ID)
	_, err := tx.ExecContext(ctx, `UPDATE items SET url = ?, canonical_url = ?, source = ?, origin = ?, country = ?, title = ?,
		summary = ?, body = ?, author = ?, published_at = ?, fetched_at = ?, language = ?, content_hash = ?, severity = ?,
		severity_rank = ?, flagged = ?, cluster = ?, simhash = ?, simhash_b0 = ?, simhash_b1 = ?, simhash_b2 = ?,
		simhash_b3 = ?, index_seq = ?, updated_at = ? WHERE id = ?`, args...)
	return err
}

// writeHits replaces an item's hits and topics (replace false: a new
// item, with none to delete).
func writeHits(ctx context.Context, tx querier, id string, hits []index.Hit, replace bool, topics []string) error {
	if replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM rule_hits WHERE item_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM item_topics WHERE item_id = ?`, id); err != nil {
			return err
		}
	}
	for i, h := range hits {
		m := h.Matches
		if m == nil {
			m = []index.Match{}
		}
		js, err := json.Marshal(m)
		if err != nil {
			return fmt.Errorf("hit %s: %w", h.RuleID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rule_hits (item_id, position, rule_id, rule_version, topic, severity, matches)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, i, h.RuleID, h.RuleVersion, h.Topic, string(h.Severity), string(js)); err != nil {
			return err
		}
	}
	for _, t := range topics {
		if _, err := tx.ExecContext(ctx, `INSERT INTO item_topics (item_id, topic) VALUES (?, ?)`, id, t); err != nil {
			return err
		}
	}
	return nil
}

// saveAliases records it.Aliases and it.URL as URLs of the item and
// returns those it recorded now. A URL already recorded (for this item
// or another) is left as it is.
func saveAliases(ctx context.Context, tx querier, it *index.Item) ([]string, error) {
	urls := append([]string{}, it.Aliases...)
	if it.URL != it.CanonicalURL {
		urls = append(urls, it.URL)
	}
	added := []string{}
	for _, u := range urls {
		if u == "" || u == it.CanonicalURL || containsString(added, u) {
			continue
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO item_urls (url, item_id, added_at) VALUES (?, ?, ?)
			ON CONFLICT (url) DO NOTHING`, u, it.ID, tsNow(now()))
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			added = append(added, u)
		}
	}
	return added, nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// AddAlias records url as another URL of the item. Adding an alias the
// item already has is not an error; a URL that belongs to another item
// (as its canonical URL or alias) is index.ErrConflict, and an unknown
// item index.ErrNotFound.
func (s *Store) AddAlias(ctx context.Context, itemID, url string) error {
	if url == "" {
		return fmt.Errorf("add alias: %w", index.Invalid("url", "required"))
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var canonical string
		if err := tx.QueryRowContext(ctx, `SELECT canonical_url FROM items WHERE id = ?`, itemID).Scan(&canonical); err != nil {
			return err
		}
		if canonical == url {
			return nil
		}
		var owner string
		err := tx.QueryRowContext(ctx, `SELECT id FROM items WHERE canonical_url = ?
			UNION SELECT item_id FROM item_urls WHERE url = ?`, url, url).Scan(&owner)
		switch {
		case err == nil && owner == itemID:
			return nil
		case err == nil:
			return fmt.Errorf("%w: url %s belongs to item %s", index.ErrConflict, url, owner)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO item_urls (url, item_id, added_at) VALUES (?, ?, ?)`, url, itemID, tsNow(now())); err != nil {
			return err
		}
		return bumpSeq(ctx, tx, itemID, false)
	})
	return wrap("add alias to item "+itemID, err)
}

// SetHits replaces an item's rule hits (rules apply) and recomputes its
// topics, severity and flagged; the item is queued for indexing. It does
// not count as a person's edit (UpdatedAt stays). It returns
// index.ErrNotFound for an unknown item.
func (s *Store) SetHits(ctx context.Context, id string, hits []index.Hit) error {
	it := index.Item{Hits: hits}
	it.Summarise()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE items SET severity = ?, severity_rank = ?, flagged = ? WHERE id = ?`,
			string(it.Severity), it.Severity.Rank(), boolInt(it.Flagged), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return index.ErrNotFound
		}
		if err := writeHits(ctx, tx, id, hits, true, it.Topics); err != nil {
			return err
		}
		return bumpSeq(ctx, tx, id, false)
	})
	return wrap("set hits of item "+id, err)
}

// Unindexed returns up to limit items changed since the last MarkIndexed,
// in change order, with the highest change sequence among them; with
// nothing to index it returns no items and the indexed sequence.
func (s *Store) Unindexed(ctx context.Context, limit int) ([]*index.Item, int64, error) {
	if limit <= 0 {
		limit = 500
	}
	done, err := s.IndexedSeq(ctx)
	if err != nil {
		return nil, 0, err
	}
	items, seq, err := queryItems(ctx, s.r, false,
		`SELECT `+itemCols+` FROM items WHERE index_seq > ? ORDER BY index_seq LIMIT ?`, done, limit)
	if err != nil {
		return nil, 0, wrap("unindexed items", err)
	}
	if len(items) == 0 {
		return nil, done, nil
	}
	return items, seq, nil
}

// IndexedSeq returns the change sequence the index has caught up to.
func (s *Store) IndexedSeq(ctx context.Context) (int64, error) {
	var v string
	if err := s.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'indexed_seq'`).Scan(&v); err != nil {
		return 0, wrap("indexed seq", err)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("indexed seq %q: %w", v, err)
	}
	return n, nil
}

// ItemSeq returns the latest item change sequence (take it before a
// reindex, and MarkIndexed it after).
func (s *Store) ItemSeq(ctx context.Context) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'item_seq'`).Scan(&n)
	return n, wrap("item seq", err)
}

// MarkIndexed records that the index holds every change up to seq. The
// mark only moves forward; use ResetIndexed before rebuilding the index.
func (s *Store) MarkIndexed(ctx context.Context, seq int64) error {
	_, err := s.w.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'indexed_seq' AND CAST(value AS INTEGER) < ?`,
		strconv.FormatInt(seq, 10), seq)
	return wrap("mark indexed", err)
}

// ResetIndexed sets the indexed mark back to zero, so that every item
// counts as unindexed (for a rebuilt index).
func (s *Store) ResetIndexed(ctx context.Context) error {
	_, err := s.w.ExecContext(ctx, `UPDATE meta SET value = '0' WHERE key = 'indexed_seq'`)
	return wrap("reset indexed", err)
}

// FindSimilar returns the items whose simhash is within maxDistance bits
// of simhash. Candidates come from the four 16-bit bands (an exact band
// match), so every item within 3 bits is found; farther ones only when a
// band happens to match. A zero simhash finds nothing.
func (s *Store) FindSimilar(ctx context.Context, simhash uint64, maxDistance int) ([]index.ClusterCandidate, error) {
	if simhash == 0 {
		return nil, nil
	}
	b := simhashArgs(simhash)
	rows, err := s.r.QueryContext(ctx, `SELECT id, cluster, simhash FROM items
		WHERE simhash_b0 = ? OR simhash_b1 = ? OR simhash_b2 = ? OR simhash_b3 = ?`, b[1], b[2], b[3], b[4])
	if err != nil {
		return nil, wrap("find similar", err)
	}
	defer rows.Close()
	var out []index.ClusterCandidate
	for rows.Next() {
		var c index.ClusterCandidate
		var h int64
		if err := rows.Scan(&c.ID, &c.Cluster, &h); err != nil {
			return nil, wrap("find similar", err)
		}
		c.Simhash = uint64(h)
		if bits.OnesCount64(c.Simhash^simhash) <= maxDistance {
			out = append(out, c)
		}
	}
	return out, wrap("find similar", rows.Err())
}

// SetCluster puts an item into a story cluster (the empty cluster takes
// it out) and queues it for indexing; not a person's edit. It returns
// index.ErrNotFound for an unknown item.
func (s *Store) SetCluster(ctx context.Context, id, cluster string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE items SET cluster = ? WHERE id = ?`, cluster, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return index.ErrNotFound
		}
		return bumpSeq(ctx, tx, id, false)
	})
	return wrap("set cluster of item "+id, err)
}
