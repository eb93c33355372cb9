package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ttdn/monitor/index"
	"golang.org/x/text/unicode/norm"
)

// maxNote and maxTag bound what a person can type into one field.
const (
	maxNote = 20000
	maxTag  = 64
)

// UpdateItem applies a person's change to an item (status, assignee, an
// appended note) and records one audit event per changed field, all in
// one transaction. It returns the updated item, index.ErrNotFound for an
// unknown item, index.ErrConflict when u.IfUpdatedAt is set and the item
// changed since (a stale edit), and an index.FieldError for a bad status
// or note.
func (s *Store) UpdateItem(ctx context.Context, actor, id string, u index.ItemUpdate) (*index.Item, error) {
	if u.Status != nil && !u.Status.Valid() {
		return nil, fmt.Errorf("update item: %w", index.Invalid("status", "unknown status %q", *u.Status))
	}
	note := strings.TrimSpace(norm.NFC.String(u.Note))
	if utf8.RuneCountInString(note) > maxNote {
		return nil, fmt.Errorf("update item: %w", index.Invalid("note", "longer than %d characters", maxNote))
	}
	var out *index.Item
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := getItem(ctx, tx, false, `items.id = ?`, id)
		if err != nil {
			return err
		}
		if !u.IfUpdatedAt.IsZero() && !u.IfUpdatedAt.UTC().Truncate(time.Microsecond).Equal(cur.UpdatedAt) {
			return fmt.Errorf("%w: item %s changed since %s", index.ErrConflict, id, u.IfUpdatedAt.UTC().Format(timeLayout))
		}
		changed, err := applyItemUpdate(ctx, tx, actor, cur, u, note)
		if err != nil || !changed {
			return err
		}
		if err := bumpSeq(ctx, tx, id, true); err != nil {
			return err
		}
		out, err = getItem(ctx, tx, true, `items.id = ?`, id)
		return err
	})
	if err != nil {
		return nil, wrap("update item "+id, err)
	}
	if out == nil {
		return s.GetItem(ctx, id)
	}
	return out, nil
}

// applyItemUpdate writes the fields of u that differ from cur, each with
// its audit event, and reports whether anything changed.
func applyItemUpdate(ctx context.Context, tx *sql.Tx, actor string, cur *index.Item, u index.ItemUpdate, note string) (bool, error) {
	obj := "item:" + cur.ID
	changed := false
	if u.Status != nil && *u.Status != cur.Status {
		if _, err := tx.ExecContext(ctx, `UPDATE items SET status = ? WHERE id = ?`, string(*u.Status), cur.ID); err != nil {
			return false, err
		}
		if err := audit(ctx, tx, actor, "item.status", obj, string(cur.Status)+" → "+string(*u.Status)); err != nil {
			return false, err
		}
		changed = true
	}
	if u.Assignee != nil && *u.Assignee != cur.Assignee {
		if _, err := tx.ExecContext(ctx, `UPDATE items SET assignee = ? WHERE id = ?`, *u.Assignee, cur.ID); err != nil {
			return false, err
		}
		if err := audit(ctx, tx, actor, "item.assignee", obj, cur.Assignee+" → "+*u.Assignee); err != nil {
			return false, err
		}
		changed = true
	}
	if note != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notes (item_id, author, text, created_at) VALUES (?, ?, ?, ?)`,
			cur.ID, actor, note, tsNow(now())); err != nil {
			return false, err
		}
		if err := audit(ctx, tx, actor, "item.note", obj, clip(note, 200)); err != nil {
			return false, err
		}
		changed = true
	}
	return changed, nil
}

// cleanTag normalises a tag: NFC, trimmed, inner spaces collapsed.
func cleanTag(tag string) (string, error) {
	t := strings.Join(strings.Fields(norm.NFC.String(tag)), " ")
	switch {
	case t == "":
		return "", index.Invalid("tags", "a tag cannot be empty")
	case utf8.RuneCountInString(t) > maxTag:
		return "", index.Invalid("tags", "tag %q is longer than %d characters", clip(t, maxTag), maxTag)
	}
	return t, nil
}

// AddTags adds tags to an item (NFC, trimmed; tags it has already are
// skipped), with an audit event, in one transaction. It returns
// index.ErrNotFound for an unknown item and an index.FieldError for an
// empty or overlong tag.
func (s *Store) AddTags(ctx context.Context, actor, id string, tags []string) error {
	clean := make([]string, 0, len(tags))
	for _, t := range tags {
		c, err := cleanTag(t)
		if err != nil {
			return fmt.Errorf("add tags: %w", err)
		}
		clean = append(clean, c)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, `SELECT 1 FROM items WHERE id = ?`, id); err != nil {
			return err
		}
		var added []string
		for _, t := range clean {
			res, err := tx.ExecContext(ctx, `INSERT INTO tags (item_id, tag, added_by, added_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (item_id, tag) DO NOTHING`, id, t, actor, tsNow(now()))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added = append(added, t)
			}
		}
		if len(added) == 0 {
			return nil
		}
		if err := audit(ctx, tx, actor, "item.tag.add", "item:"+id, strings.Join(added, ", ")); err != nil {
			return err
		}
		return bumpSeq(ctx, tx, id, true)
	})
	return wrap("add tags to item "+id, err)
}

// RemoveTag removes a tag from an item, with an audit event. It returns
// index.ErrNotFound when the item does not exist or lacks the tag.
func (s *Store) RemoveTag(ctx context.Context, actor, id, tag string) error {
	t, err := cleanTag(tag)
	if err != nil {
		return fmt.Errorf("remove tag: %w", err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM tags WHERE item_id = ? AND tag = ?`, id, t)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return index.ErrNotFound
		}
		if err := audit(ctx, tx, actor, "item.tag.remove", "item:"+id, t); err != nil {
			return err
		}
		return bumpSeq(ctx, tx, id, true)
	})
	return wrap("remove tag from item "+id, err)
}

// exists returns index.ErrNotFound unless query selects a row.
func exists(ctx context.Context, q querier, query string, args ...any) error {
	var one int
	return q.QueryRowContext(ctx, query, args...).Scan(&one)
}

// clip shortens s to at most n runes, for audit details.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
