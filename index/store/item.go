package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/ttdn/monitor/index"
)

// itemCols are the columns scanItem reads, in order; itemColsLight
// leaves the body out.
const (
	itemColsHead  = `items.id, items.url, items.canonical_url, items.source, items.origin, items.country, items.title, items.summary, `
	itemColsTail  = `, items.author, items.published_at, items.fetched_at, items.language, items.content_hash, items.severity, items.flagged, items.status, items.assignee, items.cluster, items.updated_at, items.index_seq`
	itemCols      = itemColsHead + `items.body` + itemColsTail
	itemColsLight = itemColsHead + `''` + itemColsTail
)

type scanner interface{ Scan(dest ...any) error }

// scanItem reads one row of itemCols.
func scanItem(sc scanner) (*index.Item, int64, error) {
	var it index.Item
	var flagged int
	var seq int64
	err := sc.Scan(&it.ID, &it.URL, &it.CanonicalURL, &it.Source, &it.Origin, &it.Country, &it.Title, &it.Summary,
		&it.Body, &it.Author, tsc(&it.PublishedAt), tsc(&it.FetchedAt), &it.Language, &it.ContentHash,
		&it.Severity, &flagged, &it.Status, &it.Assignee, &it.Cluster, tsc(&it.UpdatedAt), &seq)
	if err != nil {
		return nil, 0, err
	}
	it.Flagged = flagged != 0
	it.Topics = []string{}
	it.Tags = []string{}
	return &it, seq, nil
}

// queryItems runs a query selecting itemCols (or itemColsLight) and fills
// each item's hits, topics, tags and aliases (and notes when notes is set).
func queryItems(ctx context.Context, q querier, notes bool, query string, args ...any) ([]*index.Item, int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, err
	}
	var items []*index.Item
	var maxSeq int64
	for rows.Next() {
		it, seq, err := scanItem(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		maxSeq = max(maxSeq, seq)
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if err := fillRelated(ctx, q, items, notes); err != nil {
		return nil, 0, err
	}
	return items, maxSeq, nil
}

// getItem reads one item by a WHERE clause; index.ErrNotFound when none.
func getItem(ctx context.Context, q querier, notes bool, where string, args ...any) (*index.Item, error) {
	items, _, err := queryItems(ctx, q, notes, `SELECT `+itemCols+` FROM items WHERE `+where+` LIMIT 1`, args...)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, index.ErrNotFound
	}
	return items[0], nil
}

// GetItem returns the whole item: body, aliases, hits, tags and notes.
// It returns index.ErrNotFound when there is no item with that id.
func (s *Store) GetItem(ctx context.Context, id string) (*index.Item, error) {
	it, err := getItem(ctx, s.r, true, `items.id = ?`, id)
	return it, wrap("get item "+id, err)
}

// FindByURL returns the item whose canonical URL or one of whose aliases
// is url (hits, tags and aliases filled, no notes). It returns
// index.ErrNotFound when no item has that URL.
func (s *Store) FindByURL(ctx context.Context, url string) (*index.Item, error) {
	it, err := getItem(ctx, s.r, false, `items.canonical_url = ?`, url)
	if errors.Is(err, index.ErrNotFound) {
		it, err = getItem(ctx, s.r, false, `items.id = (SELECT item_id FROM item_urls WHERE url = ?)`, url)
	}
	return it, wrap("find item by url", err)
}

// FindByContentHash returns the oldest item with that content hash. It
// returns index.ErrNotFound when none has it (and for the empty hash).
func (s *Store) FindByContentHash(ctx context.Context, hash string) (*index.Item, error) {
	if hash == "" {
		return nil, fmt.Errorf("find item by content hash: %w", index.ErrNotFound)
	}
	items, _, err := queryItems(ctx, s.r, false,
		`SELECT `+itemCols+` FROM items WHERE content_hash = ? ORDER BY created_at, id LIMIT 1`, hash)
	if err == nil && len(items) == 0 {
		err = index.ErrNotFound
	}
	if err != nil {
		return nil, wrap("find item by content hash", err)
	}
	return items[0], nil
}

// GetItems returns the items with the given ids, in the order of ids,
// skipping ids that are not stored. Bodies and notes are included.
func (s *Store) GetItems(ctx context.Context, ids []string) ([]*index.Item, error) {
	return s.getItems(ctx, ids, itemCols, true)
}

// GetItemsLight is GetItems without bodies and notes, for listings.
func (s *Store) GetItemsLight(ctx context.Context, ids []string) ([]*index.Item, error) {
	return s.getItems(ctx, ids, itemColsLight, false)
}

func (s *Store) getItems(ctx context.Context, ids []string, cols string, notes bool) ([]*index.Item, error) {
	byID := make(map[string]*index.Item, len(ids))
	for _, chunk := range chunks(ids, 500) {
		items, _, err := queryItems(ctx, s.r, notes,
			`SELECT `+cols+` FROM items WHERE id IN (`+placeholders(len(chunk))+`)`, anys(chunk)...)
		if err != nil {
			return nil, wrap("get items", err)
		}
		for _, it := range items {
			byID[it.ID] = it
		}
	}
	out := make([]*index.Item, 0, len(byID))
	for _, id := range ids {
		if it, ok := byID[id]; ok {
			out = append(out, it)
			delete(byID, id) // an id asked twice comes once
		}
	}
	return out, nil
}

// CountItems returns how many items the archive holds.
func (s *Store) CountItems(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM items`).Scan(&n)
	return n, wrap("count items", err)
}

// EachItem streams the archive in id order, batch items at a time (with
// hits, topics, tags and aliases; no notes), calling fn for each batch.
// Each page is its own query, so no transaction stays open while fn runs.
// It stops at the first error fn returns and returns it.
func (s *Store) EachItem(ctx context.Context, batch int, fn func([]*index.Item) error) error {
	if batch <= 0 {
		batch = 500
	}
	last := ""
	for {
		items, _, err := queryItems(ctx, s.r, false,
			`SELECT `+itemCols+` FROM items WHERE id > ? ORDER BY id LIMIT ?`, last, batch)
		if err != nil {
			return wrap("read items", err)
		}
		if len(items) == 0 {
			return nil
		}
		if err := fn(items); err != nil {
			return err
		}
		last = items[len(items)-1].ID
		if len(items) < batch {
			return nil
		}
	}
}

// fillRelated loads hits, topics, tags and aliases (and notes) of items.
func fillRelated(ctx context.Context, q querier, items []*index.Item, notes bool) error {
	if len(items) == 0 {
		return nil
	}
	byID := make(map[string]*index.Item, len(items))
	ids := make([]string, 0, len(items))
	for _, it := range items {
		byID[it.ID] = it
		ids = append(ids, it.ID)
	}
	for _, chunk := range chunks(ids, 500) {
		in := `(` + placeholders(len(chunk)) + `)`
		args := anys(chunk)
		if err := fillHits(ctx, q, byID, in, args); err != nil {
			return err
		}
		if err := fillStrings(ctx, q, `SELECT item_id, topic FROM item_topics WHERE item_id IN `+in+` ORDER BY item_id, topic`, args,
			func(it *index.Item, v string) { it.Topics = append(it.Topics, v) }, byID); err != nil {
			return err
		}
		if err := fillStrings(ctx, q, `SELECT item_id, tag FROM tags WHERE item_id IN `+in+` ORDER BY item_id, tag`, args,
			func(it *index.Item, v string) { it.Tags = append(it.Tags, v) }, byID); err != nil {
			return err
		}
		if err := fillStrings(ctx, q, `SELECT item_id, url FROM item_urls WHERE item_id IN `+in+` ORDER BY item_id, added_at, url`, args,
			func(it *index.Item, v string) { it.Aliases = append(it.Aliases, v) }, byID); err != nil {
			return err
		}
		if notes {
			if err := fillNotes(ctx, q, byID, in, args); err != nil {
				return err
			}
		}
	}
	return nil
}

func fillHits(ctx context.Context, q querier, byID map[string]*index.Item, in string, args []any) error {
	rows, err := q.QueryContext(ctx, `SELECT item_id, rule_id, rule_version, topic, severity, matches
		FROM rule_hits WHERE item_id IN `+in+` ORDER BY item_id, position`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, matches string
		var h index.Hit
		if err := rows.Scan(&id, &h.RuleID, &h.RuleVersion, &h.Topic, &h.Severity, &matches); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(matches), &h.Matches); err != nil {
			return fmt.Errorf("item %s hit %s: matches: %w", id, h.RuleID, err)
		}
		byID[id].Hits = append(byID[id].Hits, h)
	}
	return rows.Err()
}

func fillStrings(ctx context.Context, q querier, query string, args []any, add func(*index.Item, string), byID map[string]*index.Item) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		add(byID[id], v)
	}
	return rows.Err()
}

func fillNotes(ctx context.Context, q querier, byID map[string]*index.Item, in string, args []any) error {
	rows, err := q.QueryContext(ctx, `SELECT item_id, id, author, text, created_at FROM notes
		WHERE item_id IN `+in+` ORDER BY item_id, created_at, id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n index.Note
		if err := rows.Scan(&id, &n.ID, &n.Author, &n.Text, tsc(&n.CreatedAt)); err != nil {
			return err
		}
		byID[id].Notes = append(byID[id].Notes, n)
	}
	return rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for len(xs) > n {
		out = append(out, xs[:n])
		xs = xs[n:]
	}
	if len(xs) > 0 {
		out = append(out, xs)
	}
	return out
}

// nextSeq takes the next value of the item change counter.
func nextSeq(ctx context.Context, tx querier) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'item_seq' RETURNING value`).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("next item seq: %w", err)
	}
	return seq, nil
}

// bumpSeq marks an item changed (for the index) and, when touch is set,
// updated by a person (for stale-edit checks).
func bumpSeq(ctx context.Context, tx *sql.Tx, id string, touch bool) error {
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	q := `UPDATE items SET index_seq = ? WHERE id = ?`
	args := []any{seq, id}
	if touch {
		q = `UPDATE items SET index_seq = ?, updated_at = ? WHERE id = ?`
		args = []any{seq, tsNow(now()), id}
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return index.ErrNotFound
	}
	return nil
}
