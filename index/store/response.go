package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ttdn/monitor/index"
	"golang.org/x/text/unicode/norm"
)

// cleanResponse normalises and checks a response's fields.
func cleanResponse(r *index.Response) error {
	r.Agency = strings.TrimSpace(norm.NFC.String(r.Agency))
	r.Note = strings.TrimSpace(norm.NFC.String(r.Note))
	r.URL = strings.TrimSpace(r.URL)
	r.Task = strings.TrimSpace(r.Task)
	var ids []string
	for _, id := range r.ItemIDs {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	r.ItemIDs = ids
	switch {
	case !r.Kind.Valid():
		return index.Invalid("kind", "unknown response kind %q", r.Kind)
	case !r.Status.Valid():
		return index.Invalid("status", "unknown response status %q", r.Status)
	case r.Task == "":
		return index.Invalid("task", "required")
	case len(r.ItemIDs) == 0:
		return index.Invalid("item_ids", "a response is about at least one item")
	case r.Date.IsZero():
		return index.Invalid("date", "required")
	case r.Date.Year() < 2000 || r.Date.Year() > 2200:
		return index.Invalid("date", "%s is out of range", r.Date.Format("02/01/2006"))
	case utf8.RuneCountInString(r.Note) > maxNote:
		return index.Invalid("note", "longer than %d characters", maxNote)
	case utf8.RuneCountInString(r.Agency) > 500:
		return index.Invalid("agency", "longer than 500 characters")
	}
	if r.URL != "" {
		u, err := url.Parse(r.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return index.Invalid("url", "%q is not an http or https URL", r.URL)
		}
	}
	return nil
}

// resolveTask finds the plan a task code belongs to: the plan of the
// response's year when it has the code, else the newest plan that has it.
func resolveTask(ctx context.Context, tx *sql.Tx, r *index.Response) (string, error) {
	var planID string
	err := tx.QueryRowContext(ctx, `SELECT p.id FROM plans p JOIN plan_tasks t ON t.plan_id = p.id
		WHERE t.code = ? ORDER BY CASE WHEN p.year = ? THEN 0 ELSE 1 END, p.year DESC, p.imported_at DESC LIMIT 1`,
		r.Task, r.Date.Year()).Scan(&planID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", index.Invalid("task", "no plan has a task %s", r.Task)
	}
	return planID, err
}

// linkItems records the response's items and marks them responded.
func linkItems(ctx context.Context, tx *sql.Tx, id int64, itemIDs []string) error {
	for _, item := range itemIDs {
		if err := exists(ctx, tx, `SELECT 1 FROM items WHERE id = ?`, item); errors.Is(err, sql.ErrNoRows) {
			return index.Invalid("item_ids", "no item %s", item)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO response_items (response_id, item_id) VALUES (?, ?)`, id, item); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE items SET status = ? WHERE id = ?`, string(index.StatusResponded), item); err != nil {
			return err
		}
		if err := bumpSeq(ctx, tx, item, true); err != nil {
			return err
		}
	}
	return nil
}

// CreateResponse records a response with an audit event, in one
// transaction: its items become "responded" and are queued for indexing.
// It sets r.ID, r.RecordedBy (the actor), r.CreatedAt and r.UpdatedAt.
// It returns an index.FieldError for an unknown kind, status, task or
// item, a missing date, or a bad URL.
func (s *Store) CreateResponse(ctx context.Context, actor string, r *index.Response) error {
	if err := cleanResponse(r); err != nil {
		return fmt.Errorf("create response: %w", err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		planID, err := resolveTask(ctx, tx, r)
		if err != nil {
			return err
		}
		t := now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO responses (plan_id, task, kind, agency, status, date, url, note,
			recorded_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			planID, r.Task, string(r.Kind), r.Agency, string(r.Status), ts(r.Date), r.URL, r.Note, actor,
			tsNow(t), tsNow(t)).Scan(&id); err != nil {
			return err
		}
		if err := linkItems(ctx, tx, id, r.ItemIDs); err != nil {
			return err
		}
		if err := audit(ctx, tx, actor, "response.create", fmt.Sprintf("response:%d", id),
			fmt.Sprintf("%s %s %s, items %s", r.Task, r.Kind, r.Status, strings.Join(r.ItemIDs, ", "))); err != nil {
			return err
		}
		r.ID, r.RecordedBy, r.CreatedAt, r.UpdatedAt = id, actor, t, t
		return nil
	})
	return wrap("create response", err)
}

// UpdateResponse replaces a response's fields and items, with an audit
// event. When r.UpdatedAt is set and the stored response changed since,
// it returns index.ErrConflict (a stale edit). Items added become
// "responded"; items removed keep their status. It returns
// index.ErrNotFound for an unknown response and the errors of
// CreateResponse for bad fields. On success r holds the stored times.
func (s *Store) UpdateResponse(ctx context.Context, actor string, r *index.Response) error {
	if err := cleanResponse(r); err != nil {
		return fmt.Errorf("update response: %w", err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := getResponse(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if !r.UpdatedAt.IsZero() && !r.UpdatedAt.UTC().Truncate(time.Microsecond).Equal(old.UpdatedAt) {
			return fmt.Errorf("%w: response %d changed since it was read", index.ErrConflict, r.ID)
		}
		planID, err := resolveTask(ctx, tx, r)
		if err != nil {
			return err
		}
		t := now()
		if _, err := tx.ExecContext(ctx, `UPDATE responses SET plan_id = ?, task = ?, kind = ?, agency = ?, status = ?,
			date = ?, url = ?, note = ?, updated_at = ? WHERE id = ?`, planID, r.Task, string(r.Kind), r.Agency,
			string(r.Status), ts(r.Date), r.URL, r.Note, tsNow(t), r.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM response_items WHERE response_id = ?`, r.ID); err != nil {
			return err
		}
		var added []string
		for _, id := range r.ItemIDs {
			if !slices.Contains(old.ItemIDs, id) {
				added = append(added, id)
			} else if _, err := tx.ExecContext(ctx, `INSERT INTO response_items (response_id, item_id) VALUES (?, ?)`, r.ID, id); err != nil {
				return err
			}
		}
		if err := linkItems(ctx, tx, r.ID, added); err != nil {
			return err
		}
		for _, id := range old.ItemIDs {
			if !slices.Contains(r.ItemIDs, id) {
				if err := bumpSeq(ctx, tx, id, false); err != nil {
					return err
				}
			}
		}
		if err := audit(ctx, tx, actor, "response.update", fmt.Sprintf("response:%d", r.ID), diffResponse(old, r)); err != nil {
			return err
		}
		r.RecordedBy, r.CreatedAt, r.UpdatedAt = old.RecordedBy, old.CreatedAt, t
		return nil
	})
	return wrap(fmt.Sprintf("update response %d", r.ID), err)
}

// diffResponse says what an update changed, for the audit log.
func diffResponse(a *index.Response, b *index.Response) string {
	var d []string
	add := func(name, x, y string) {
		if x != y {
			d = append(d, fmt.Sprintf("%s: %s → %s", name, x, y))
		}
	}
	add("task", a.Task, b.Task)
	add("kind", string(a.Kind), string(b.Kind))
	add("status", string(a.Status), string(b.Status))
	add("agency", a.Agency, b.Agency)
	add("date", a.Date.Format("2006-01-02"), b.Date.Format("2006-01-02"))
	add("url", a.URL, b.URL)
	add("items", strings.Join(a.ItemIDs, ","), strings.Join(b.ItemIDs, ","))
	if a.Note != b.Note {
		d = append(d, "note changed")
	}
	return clip(strings.Join(d, "; "), 1000)
}
