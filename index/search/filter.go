package search

import (
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ttdn/monitor/index"
)

// filterQueries returns the non-scoring conditions of req.
func filterQueries(req Request) ([]query.Query, error) {
	var qs []query.Query
	for _, f := range []struct {
		field  string
		values []string
	}{
		{fTopic, req.Topics}, {fSource, req.Sources}, {fOrigin, req.Origins},
		{fLanguage, req.Languages}, {fStatus, req.Statuses}, {fTags, req.Tags},
	} {
		if len(f.values) == 0 {
			continue
		}
		any := make([]query.Query, len(f.values))
		for i, v := range f.values {
			any[i] = termQuery(f.field, v)
		}
		qs = append(qs, disjunction(any))
	}
	if req.Month != "" {
		if _, err := time.Parse(monthLayout, req.Month); err != nil {
			return nil, invalid("month", "month %q is not YYYY-MM", req.Month)
		}
		qs = append(qs, termQuery(fMonth, req.Month))
	}
	if req.Flagged != nil {
		v := "false"
		if *req.Flagged {
			v = "true"
		}
		qs = append(qs, termQuery(fFlagged, v))
	}
	if !req.From.IsZero() || !req.To.IsZero() {
		if !req.From.IsZero() && !req.To.IsZero() && dayStart(req.To).Before(dayStart(req.From)) {
			return nil, invalid("to", "to (%s) is before from (%s)", req.To.Format(time.DateOnly), req.From.Format(time.DateOnly))
		}
		qs = append(qs, dateRange(req.From, req.To))
	}
	return qs, nil
}

// dateRange selects publication times from the start of from's day up to
// (not including) the start of the day after to's.
func dateRange(from, to time.Time) query.Query {
	var start, end time.Time
	if !from.IsZero() {
		start = dayStart(from)
	}
	if !to.IsZero() {
		end = dayStart(to).AddDate(0, 0, 1)
	}
	yes, no := true, false
	q := query.NewDateRangeInclusiveQuery(start, end, &yes, &no)
	q.SetField(fPublished)
	return q
}

func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func invalid(field, format string, args ...any) error {
	return index.Invalid(field, format, args...)
}
