package search

import (
	"slices"
	"time"

	"github.com/ttdn/monitor/index"
)

// rowFilter is a Request's filters compiled against the metadata table.
type rowFilter struct {
	anyOf    [numCols][]uint32 // per column: the row must have one of these
	active   [numCols]bool
	flagged  *bool
	from, to int64 // published in [from, to); 0: open
	none     bool  // a filter value no document has: nothing matches
}

// compileFilter resolves the filter values of req to ordinals. It returns
// index.ErrInvalid for a malformed month or a date range ending before it
// starts.
func (t *metaTable) compileFilter(req Request) (*rowFilter, error) {
	f := &rowFilter{flagged: req.Flagged}
	lists := [numCols][]string{
		colTopic: req.Topics, colSource: req.Sources, colOrigin: req.Origins,
		colLanguage: req.Languages, colStatus: req.Statuses, colTags: req.Tags,
	}
	if req.Month != "" {
		if _, err := time.Parse(monthLayout, req.Month); err != nil {
			return nil, invalid("month", "month %q is not YYYY-MM", req.Month)
		}
		lists[colMonth] = []string{req.Month}
	}
	if !req.From.IsZero() && !req.To.IsZero() && dayStart(req.To).Before(dayStart(req.From)) {
		return nil, invalid("to", "to (%s) is before from (%s)", req.To.Format(time.DateOnly), req.From.Format(time.DateOnly))
	}
	if !req.From.IsZero() {
		f.from = dayStart(req.From).UnixNano()
	}
	if !req.To.IsZero() {
		f.to = dayStart(req.To).AddDate(0, 0, 1).UnixNano()
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	for c, values := range lists {
		if len(values) == 0 {
			continue
		}
		f.active[c] = true
		for _, v := range values {
			if o := t.dicts[c].lookup(v); o != 0 {
				f.anyOf[c] = append(f.anyOf[c], o)
			}
		}
		if len(f.anyOf[c]) == 0 {
			f.none = true
		}
	}
	return f, nil
}

// empty reports whether the filter lets every row through.
func (f *rowFilter) empty() bool {
	return f.active == [numCols]bool{} && f.flagged == nil && f.from == 0 && f.to == 0
}

// match reports whether r passes every filter.
func (f *rowFilter) match(r *row) bool {
	if f.none {
		return false
	}
	if f.flagged != nil && r.flagged != *f.flagged {
		return false
	}
	if (f.from != 0 || f.to != 0) && r.published == 0 {
		return false
	}
	if (f.from != 0 && r.published < f.from) || (f.to != 0 && r.published >= f.to) {
		return false
	}
	for c := range f.active {
		if !f.active[c] {
			continue
		}
		var have []uint32
		switch c {
		case colTopic:
			have = r.topics
		case colTags:
			have = r.tags
		default:
			have = r.single[c : c+1]
		}
		if !slices.ContainsFunc(have, func(o uint32) bool { return slices.Contains(f.anyOf[c], o) }) {
			return false
		}
	}
	return true
}

func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func invalid(field, format string, args ...any) error {
	return index.Invalid(field, format, args...)
}
