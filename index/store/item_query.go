package store

import (
	"context"
	"math"
	"strings"

	"github.com/ttdn/monitor/index"
)

// where collects SQL conditions and their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) in(col string, vals []string) {
	if len(vals) > 0 {
		w.add(col+` IN (`+placeholders(len(vals))+`)`, anys(vals)...)
	}
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return ` WHERE ` + strings.Join(w.conds, ` AND `)
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// itemWhere translates an ItemFilter.
func itemWhere(f index.ItemFilter) *where {
	w := &where{}
	w.in(`items.status`, strs(f.Statuses))
	w.in(`items.origin`, strs(f.Origins))
	w.in(`items.source`, f.Sources)
	if len(f.Topics) > 0 {
		w.add(`EXISTS (SELECT 1 FROM item_topics t WHERE t.item_id = items.id AND t.topic IN (`+
			placeholders(len(f.Topics))+`))`, anys(f.Topics)...)
	}
	if f.Assignee != "" {
		w.add(`items.assignee = ?`, f.Assignee)
	}
	if f.Flagged != nil {
		w.add(`items.flagged = ?`, boolInt(*f.Flagged))
	}
	if f.Task != "" {
		w.add(`EXISTS (SELECT 1 FROM response_items ri JOIN responses r ON r.id = ri.response_id
			WHERE ri.item_id = items.id AND r.task = ?)`, f.Task)
	}
	if f.Cluster != "" {
		w.add(`items.cluster = ?`, f.Cluster)
	}
	if !f.From.IsZero() {
		w.add(`items.published_at >= ?`, ts(f.From))
	}
	if !f.To.IsZero() {
		w.add(`items.published_at < ?`, ts(dayEnd(f.To)))
	}
	return w
}

func itemOrder(order string) string {
	switch order {
	case index.OrderOldest:
		return ` ORDER BY items.published_at ASC, items.id ASC`
	case index.OrderSeverity:
		return ` ORDER BY items.severity_rank DESC, items.published_at DESC, items.id ASC`
	default:
		return ` ORDER BY items.published_at DESC, items.id ASC`
	}
}

// ListItems returns the items f selects (without bodies and notes), in
// f.Order (newest first by default), and how many match in all. From and
// To are inclusive; a To at midnight stands for that whole day. Items
// without a publication time sort last and never match a date bound.
func (s *Store) ListItems(ctx context.Context, f index.ItemFilter) ([]*index.Item, int, error) {
	w := itemWhere(f)
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM items`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, wrap("list items", err)
	}
	q := `SELECT ` + itemColsLight + ` FROM items` + w.sql() + itemOrder(f.Order)
	lim, largs := page(f.Limit, f.Offset)
	q += lim
	args := append(w.args, largs...)
	items, _, err := queryItems(ctx, s.r, false, q, args...)
	if err != nil {
		return nil, 0, wrap("list items", err)
	}
	return items, total, nil
}

// ClusterMembers returns the items of a story cluster, oldest first
// (without bodies). An empty cluster id has no members.
func (s *Store) ClusterMembers(ctx context.Context, cluster string) ([]*index.Item, error) {
	if cluster == "" {
		return nil, nil
	}
	items, _, err := queryItems(ctx, s.r, false, `SELECT `+itemColsLight+` FROM items WHERE cluster = ?`+
		itemOrder(index.OrderOldest), cluster)
	return items, wrap("cluster members", err)
}

// page returns a LIMIT/OFFSET clause and its arguments; limit <= 0 means
// no limit.
func page(limit, offset int) (string, []any) {
	if limit <= 0 && offset <= 0 {
		return "", nil
	}
	l := int64(limit)
	if limit <= 0 {
		l = math.MaxInt64
	}
	return ` LIMIT ? OFFSET ?`, []any{l, max(offset, 0)}
}
