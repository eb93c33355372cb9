package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ttdn/monitor/index"
)

// audit writes one audit event inside tx, the transaction of the write
// it records.
func audit(ctx context.Context, tx *sql.Tx, actor, action, object, detail string) error {
	if actor == "" {
		return index.Invalid("actor", "required")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_events (actor, action, object, detail, at) VALUES (?, ?, ?, ?, ?)`,
		actor, action, object, detail, tsNow(now()))
	return err
}

// Audit records an event that is not part of a store write (a login, an
// export, a reindex). Actor, action and object are required (an
// index.FieldError otherwise); At defaults to now.
func (s *Store) Audit(ctx context.Context, ev index.AuditEvent) error {
	if ev.Action == "" {
		return index.Invalid("action", "required")
	}
	if ev.Object == "" {
		return index.Invalid("object", "required")
	}
	if ev.Actor == "" {
		return index.Invalid("actor", "required")
	}
	at := ev.At
	if at.IsZero() {
		at = now()
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO audit_events (actor, action, object, detail, at) VALUES (?, ?, ?, ?, ?)`,
		ev.Actor, ev.Action, ev.Object, ev.Detail, tsNow(at))
	return wrap("audit", err)
}

// ListAudit returns the audit events f selects, newest first, and how
// many match in all. An Object ending in ":" (e.g. "item:") selects every
// object of that kind; otherwise Object matches exactly.
func (s *Store) ListAudit(ctx context.Context, f index.AuditFilter) ([]index.AuditEvent, int, error) {
	w := &where{}
	if f.Actor != "" {
		w.add(`actor = ?`, f.Actor)
	}
	switch {
	case strings.HasSuffix(f.Object, ":"):
		w.add(`substr(object, 1, ?) = ?`, len(f.Object), f.Object)
	case f.Object != "":
		w.add(`object = ?`, f.Object)
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, wrap("list audit", err)
	}
	lim, largs := page(f.Limit, f.Offset)
	args := append(w.args, largs...)
	rows, err := s.r.QueryContext(ctx, `SELECT id, actor, action, object, detail, at FROM audit_events`+w.sql()+
		` ORDER BY at DESC, id DESC`+lim, args...)
	if err != nil {
		return nil, 0, wrap("list audit", err)
	}
	defer rows.Close()
	out := []index.AuditEvent{}
	for rows.Next() {
		var ev index.AuditEvent
		if err := rows.Scan(&ev.ID, &ev.Actor, &ev.Action, &ev.Object, &ev.Detail, tsc(&ev.At)); err != nil {
			return nil, 0, wrap("list audit", err)
		}
		out = append(out, ev)
	}
	return out, total, wrap("list audit", rows.Err())
}
