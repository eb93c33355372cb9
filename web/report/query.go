package report

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ttdn/monitor/index"
)

// Export formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
	FormatHTML = "html"
	FormatPDF  = "pdf"
)

// Formats lists the formats Export writes.
var formats = []string{FormatCSV, FormatXLSX, FormatHTML, FormatPDF}

// DateLayout is how dates are written on the command line and in the API.
const DateLayout = "2006-01-02"

// Query says what to export. From and To are days (their clock time is
// ignored), both inclusive, in From's location; zero Topic, Origin,
// Status and Task do not filter. Period names the period in the printed
// report's subject ("6 tháng đầu năm 2026"); when empty it is derived
// from the dates.
type Query struct {
	From, To time.Time
	Topic    string
	Origin   string
	Status   string
	Task     string
	Format   string // csv | xlsx | html | pdf
	Lang     string // vi (default) | en
	Period   string
}

// Validate checks q against the domain; knownTopics lists the topics the
// rules know (a nil list skips the topic check). It returns an
// *index.FieldError (errors.Is index.ErrInvalid) naming the first bad
// field.
func (q Query) Validate(knownTopics []string) error {
	switch {
	case q.From.IsZero():
		return index.Invalid("from", "a start date is required (YYYY-MM-DD)")
	case q.To.IsZero():
		return index.Invalid("to", "an end date is required (YYYY-MM-DD)")
	case day(q.From).After(day(q.To)):
		return index.Invalid("from", "start date %s is after end date %s",
			q.From.Format(DateLayout), q.To.Format(DateLayout))
	case !slices.Contains(formats, q.Format):
		return index.Invalid("format", "unknown format %q (want csv, xlsx, html or pdf)", q.Format)
	case q.Lang != "" && q.Lang != "vi" && q.Lang != "en":
		return index.Invalid("lang", "unknown language %q (want vi or en)", q.Lang)
	case q.Origin != "" && !index.Origin(q.Origin).Valid():
		return index.Invalid("origin", "unknown origin %q (want domestic or foreign)", q.Origin)
	case q.Status != "" && !index.Status(q.Status).Valid():
		return index.Invalid("status", "unknown status %q (want one of %s)", q.Status, statusList())
	case q.Topic != "" && knownTopics != nil && !slices.Contains(knownTopics, q.Topic):
		return index.Invalid("topic", "unknown topic %q (want one of %s)", q.Topic, strings.Join(knownTopics, ", "))
	case q.Task != "" && !validTaskCode(q.Task):
		return index.Invalid("task", "%q is not a plan task code such as II.6.3", q.Task)
	}
	return nil
}

func statusList() string {
	s := make([]string, len(index.Statuses))
	for i, st := range index.Statuses {
		s[i] = string(st)
	}
	return strings.Join(s, ", ")
}

// validTaskCode accepts codes like "II.6", "II.6.3" or "I.2.a": dot-separated
// parts of letters and digits.
func validTaskCode(code string) bool {
	if len(code) > 32 {
		return false
	}
	for _, part := range strings.Split(code, ".") {
		if part == "" {
			return false
		}
		for _, r := range part {
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return false
			}
		}
	}
	return true
}

// ParseDate reads a YYYY-MM-DD day in loc. It returns an *index.FieldError
// for field when s is not a real date (2021-13-45, 2021-02-30).
func ParseDate(field, s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(DateLayout, strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, index.Invalid(field, "%q is not a date (want YYYY-MM-DD, e.g. 2026-06-14)", s)
	}
	return t, nil
}

// ParseQuery reads a Query from URL parameters (from, to, topic, origin,
// status, task, format, lang, preset). A preset key (see Presets) fills
// the dates and the period unless from and to are given. Errors are
// *index.FieldError.
func ParseQuery(v url.Values, now time.Time, loc *time.Location) (Query, error) {
	q := Query{
		Topic:  v.Get("topic"),
		Origin: v.Get("origin"),
		Status: v.Get("status"),
		Task:   v.Get("task"),
		Format: strings.ToLower(v.Get("format")),
		Lang:   v.Get("lang"),
	}
	if q.Format == "" {
		q.Format = FormatXLSX
	}
	if key := v.Get("preset"); key != "" && key != PresetCustom {
		p, err := PresetByKey(key, now, loc)
		if err != nil {
			return q, err
		}
		q.From, q.To, q.Period = p.From, p.To, p.Period
	}
	var err error
	if s := v.Get("from"); s != "" {
		if q.From, err = ParseDate("from", s, loc); err != nil {
			return q, err
		}
		q.Period = ""
	}
	if s := v.Get("to"); s != "" {
		if q.To, err = ParseDate("to", s, loc); err != nil {
			return q, err
		}
		q.Period = ""
	}
	return q, nil
}

// Filename is the download's file name: the period's dates and the
// format's extension, e.g. bao-cao-ttdn_2026-01-01_2026-06-14.xlsx.
func (q Query) Filename() string {
	return fmt.Sprintf("bao-cao-ttdn_%s_%s.%s", q.From.Format(DateLayout), q.To.Format(DateLayout), q.Format)
}

// itemFilter turns q into the store's filter for flagged items in range.
func (q Query) itemFilter() index.ItemFilter {
	flagged := true
	f := index.ItemFilter{Flagged: &flagged, From: day(q.From), To: endOfDay(q.To), Task: q.Task, Order: index.OrderOldest}
	if q.Topic != "" {
		f.Topics = []string{q.Topic}
	}
	if q.Origin != "" {
		f.Origins = []index.Origin{index.Origin(q.Origin)}
	}
	if q.Status != "" {
		f.Statuses = []index.Status{index.Status(q.Status)}
	}
	return f
}

func (q Query) loc() *time.Location { return q.From.Location() }

func (q Query) lang() string {
	if q.Lang == "en" {
		return "en"
	}
	return "vi"
}

// day is the start of t's day in t's location.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// endOfDay is the last instant of t's day in t's location.
func endOfDay(t time.Time) time.Time { return day(t).AddDate(0, 0, 1).Add(-time.Nanosecond) }
