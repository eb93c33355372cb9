package store

import (
	"database/sql"
	"fmt"
	"time"
)

// timeLayout is how times are stored: UTC, fixed width, so that text
// order is time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// now is the current time at the stored precision.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// ts formats t for storage; the zero time is NULL.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeLayout)
}

// tsNow formats the current time, for NOT NULL columns.
func tsNow(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTS reads a stored time; NULL and "" are the zero time.
func parseTS(ns sql.NullString) (time.Time, error) {
	if !ns.Valid || ns.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, ns.String)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, ns.String)
		if err != nil {
			return time.Time{}, fmt.Errorf("stored time %q: %w", ns.String, err)
		}
	}
	return t.UTC(), nil
}

// timeScanner scans a nullable TEXT time column into a time.Time.
type timeScanner struct{ t *time.Time }

func (s timeScanner) Scan(v any) error {
	var ns sql.NullString
	if err := ns.Scan(v); err != nil {
		return err
	}
	t, err := parseTS(ns)
	if err != nil {
		return err
	}
	*s.t = t
	return nil
}

// tsc returns a scanner that fills *t from a stored time.
func tsc(t *time.Time) timeScanner { return timeScanner{t} }

// dayEnd returns the exclusive upper bound for an inclusive "to" bound:
// a time at midnight (in its own location) stands for the whole day.
func dayEnd(to time.Time) time.Time {
	h, m, s := to.Clock()
	if h == 0 && m == 0 && s == 0 && to.Nanosecond() == 0 {
		return to.AddDate(0, 0, 1)
	}
	return to.Add(time.Microsecond)
}

// boolInt stores a bool as 0/1.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
