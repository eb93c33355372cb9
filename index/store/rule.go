package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ttdn/monitor/index"
)

const ruleCols = `id, topic, severity, languages, expr, description, enabled, pack, version, updated_at, updated_by`

func scanRule(sc scanner) (index.Rule, error) {
	var r index.Rule
	var langs string
	var enabled int
	err := sc.Scan(&r.ID, &r.Topic, &r.Severity, &langs, &r.Expr, &r.Description, &enabled, &r.Pack, &r.Version,
		tsc(&r.UpdatedAt), &r.UpdatedBy)
	if err != nil {
		return r, err
	}
	r.Enabled = enabled != 0
	if err := json.Unmarshal([]byte(langs), &r.Languages); err != nil {
		return r, fmt.Errorf("rule %s languages: %w", r.ID, err)
	}
	if r.Languages == nil {
		r.Languages = []string{}
	}
	return r, nil
}

func validateRule(r *index.Rule) error {
	r.Expr = strings.TrimSpace(r.Expr)
	switch {
	case !slugRe.MatchString(r.ID):
		return index.Invalid("id", "%q must be a slug", r.ID)
	case !slugRe.MatchString(r.Topic):
		return index.Invalid("topic", "%q must be a slug such as border, human_rights or religion", r.Topic)
	case !r.Severity.Valid():
		return index.Invalid("severity", "%q must be low, medium or high", r.Severity)
	case r.Expr == "":
		return index.Invalid("expr", "required")
	}
	if r.Pack == "" {
		r.Pack = "custom"
	}
	if r.Languages == nil {
		r.Languages = []string{}
	}
	return nil
}

func getRule(ctx context.Context, q querier, id string) (index.Rule, error) {
	return scanRule(q.QueryRowContext(ctx, `SELECT `+ruleCols+` FROM rules WHERE id = ?`, id))
}

// writeRule inserts or updates a rule at version v and records the
// version row.
func writeRule(ctx context.Context, tx *sql.Tx, actor string, r index.Rule, exprBefore string, edited bool) error {
	langs, _ := json.Marshal(r.Languages)
	at := tsNow(now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO rules (id, topic, severity, languages, expr, description, enabled, pack,
		version, edited, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET topic = excluded.topic, severity = excluded.severity, languages = excluded.languages,
		expr = excluded.expr, description = excluded.description, enabled = excluded.enabled, pack = excluded.pack,
		version = excluded.version, edited = excluded.edited, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		r.ID, r.Topic, string(r.Severity), string(langs), r.Expr, r.Description, boolInt(r.Enabled), r.Pack, r.Version,
		boolInt(edited), at, actor); err != nil {
		return err
	}
	snap, _ := json.Marshal(r)
	_, err := tx.ExecContext(ctx, `INSERT INTO rule_versions (rule_id, version, expr_before, expr_after, snapshot, actor, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ID, r.Version, exprBefore, r.Expr, string(snap), actor, at)
	return err
}

// sameRule reports whether two rules say the same thing.
func sameRule(a, b index.Rule) bool {
	return a.Topic == b.Topic && a.Severity == b.Severity && slices.Equal(a.Languages, b.Languages) &&
		a.Expr == b.Expr && a.Description == b.Description && a.Enabled == b.Enabled && a.Pack == b.Pack
}

// SyncBuiltinRules brings the built-in rule packs into the store: rules
// not stored yet are added at version 1; stored rules no person has
// edited are updated (a new version, by "system") when the pack changed
// them; a rule an admin edited is never overwritten. It returns an
// index.FieldError for a malformed rule and changes nothing then.
func (s *Store) SyncBuiltinRules(ctx context.Context, rules []index.Rule) error {
	for i := range rules {
		if err := validateRule(&rules[i]); err != nil {
			return fmt.Errorf("sync rules: rule %s: %w", rules[i].ID, err)
		}
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range rules {
			var edited int
			err := tx.QueryRowContext(ctx, `SELECT edited FROM rules WHERE id = ?`, r.ID).Scan(&edited)
			if errors.Is(err, sql.ErrNoRows) {
				r.Version = 1
				if err := writeRule(ctx, tx, "system", r, "", false); err != nil {
					return err
				}
				continue
			}
			if err != nil {
				return err
			}
			if edited != 0 {
				continue
			}
			old, err := getRule(ctx, tx, r.ID)
			if err != nil {
				return err
			}
			if sameRule(old, r) {
				continue
			}
			r.Version = old.Version + 1
			if err := writeRule(ctx, tx, "system", r, old.Expr, false); err != nil {
				return err
			}
			if err := audit(ctx, tx, "system", "rule.sync", "rule:"+r.ID, fmt.Sprintf("version %d from pack %s", r.Version, r.Pack)); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("sync built-in rules", err)
}

// ListRules returns every stored rule by topic and id.
func (s *Store) ListRules(ctx context.Context) ([]index.Rule, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+ruleCols+` FROM rules ORDER BY topic, id`)
	if err != nil {
		return nil, wrap("list rules", err)
	}
	defer rows.Close()
	out := []index.Rule{}
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, wrap("list rules", err)
		}
		out = append(out, r)
	}
	return out, wrap("list rules", rows.Err())
}

// GetRule returns one rule; index.ErrNotFound when unknown.
func (s *Store) GetRule(ctx context.Context, id string) (*index.Rule, error) {
	r, err := getRule(ctx, s.r, id)
	if err != nil {
		return nil, wrap("get rule "+id, err)
	}
	return &r, nil
}

// SaveRule stores a person's rule: a new rule at version 1 (pack
// "custom" unless given), or the next version of a stored one, marked
// as edited so that built-in updates leave it alone. The version row
// keeps the expression before and after; the audit event is written in
// the same transaction. When r.Version is set and is not the stored
// version, it returns index.ErrConflict (a stale edit). The caller
// checks the expression parses; the store checks id, topic, severity and
// that the expression is not empty (an index.FieldError). It returns
// the rule as stored.
func (s *Store) SaveRule(ctx context.Context, actor string, r index.Rule) (index.Rule, error) {
	if err := validateRule(&r); err != nil {
		return index.Rule{}, fmt.Errorf("save rule: %w", err)
	}
	var out index.Rule
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := getRule(ctx, tx, r.ID)
		action, before := "rule.create", ""
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if r.Version > 1 {
				return fmt.Errorf("%w: rule %s does not exist at version %d", index.ErrConflict, r.ID, r.Version)
			}
			r.Version = 1
		case err != nil:
			return err
		default:
			if r.Version != 0 && r.Version != old.Version {
				return fmt.Errorf("%w: rule %s is at version %d, the edit was made on version %d", index.ErrConflict, r.ID, old.Version, r.Version)
			}
			r.Version, action, before = old.Version+1, "rule.save", old.Expr
		}
		if err := writeRule(ctx, tx, actor, r, before, true); err != nil {
			return err
		}
		if err := audit(ctx, tx, actor, action, "rule:"+r.ID, fmt.Sprintf("version %d: %s", r.Version, clip(r.Expr, 500))); err != nil {
			return err
		}
		out, err = getRule(ctx, tx, r.ID)
		return err
	})
	if err != nil {
		return index.Rule{}, wrap("save rule "+r.ID, err)
	}
	return out, nil
}

// RuleVersions returns a rule's history, oldest first; index.ErrNotFound
// for an unknown rule.
func (s *Store) RuleVersions(ctx context.Context, id string) ([]index.RuleVersion, error) {
	if err := exists(ctx, s.r, `SELECT 1 FROM rules WHERE id = ?`, id); err != nil {
		return nil, wrap("rule versions of "+id, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT rule_id, version, expr_before, expr_after, actor, at FROM rule_versions
		WHERE rule_id = ? ORDER BY version`, id)
	if err != nil {
		return nil, wrap("rule versions of "+id, err)
	}
	defer rows.Close()
	out := []index.RuleVersion{}
	for rows.Next() {
		var v index.RuleVersion
		if err := rows.Scan(&v.RuleID, &v.Version, &v.ExprBefore, &v.ExprAfter, &v.Actor, tsc(&v.At)); err != nil {
			return nil, wrap("rule versions of "+id, err)
		}
		out = append(out, v)
	}
	return out, wrap("rule versions of "+id, rows.Err())
}
