package crawler

import (
	"fmt"
	"time"
)

// Report is what one crawl of one or more sources did.
type Report struct {
	Started  time.Time
	Finished time.Time
	Sources  []SourceReport
}

// SourceReport is what crawling one source did. Err is set when the
// source failed (its health records the same text); Partial when it
// worked but some articles could not be fetched.
type SourceReport struct {
	Name        string
	Kind        string
	NotModified bool // the feed answered 304
	Seen        int  // entries or links found
	Created     int
	Updated     int
	Aliases     int
	Unchanged   int
	Skipped     int // article pages not fetched again (already in the archive)
	Disallowed  int // links robots.txt does not let us fetch
	Failed      int // articles that could not be fetched or ingested
	Err         error
	Partial     error
	Duration    time.Duration
	NextDue     time.Time
}

// Totals adds up the counts of every source.
func (r Report) Totals() SourceReport {
	var t SourceReport
	for _, s := range r.Sources {
		t.Seen += s.Seen
		t.Created += s.Created
		t.Updated += s.Updated
		t.Aliases += s.Aliases
		t.Unchanged += s.Unchanged
		t.Skipped += s.Skipped
		t.Disallowed += s.Disallowed
		t.Failed += s.Failed
	}
	return t
}

// Failures returns the sources that failed.
func (r Report) Failures() []SourceReport {
	var out []SourceReport
	for _, s := range r.Sources {
		if s.Err != nil {
			out = append(out, s)
		}
	}
	return out
}

// String is a one-line summary for logs and the command line.
func (s SourceReport) String() string {
	switch {
	case s.Err != nil:
		return fmt.Sprintf("%s: lỗi: %v", s.Name, s.Err)
	case s.NotModified:
		return fmt.Sprintf("%s: không có gì mới (304)", s.Name)
	}
	line := fmt.Sprintf("%s: %d mục, %d mới, %d cập nhật, %d trùng, %d không đổi", s.Name, s.Seen, s.Created, s.Updated, s.Aliases, s.Unchanged)
	if s.Failed > 0 {
		line += fmt.Sprintf(", %d lỗi", s.Failed)
	}
	return line
}
