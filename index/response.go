package index

import (
	"slices"
	"time"
)

// ResponseKind is what the office did about an item.
type ResponseKind string

// Response kinds (DESIGN, "JSON API").
const (
	KindRebuttal          ResponseKind = "rebuttal"
	KindStatement         ResponseKind = "statement"
	KindReportAuthority   ResponseKind = "report_authority"
	KindCorrectionRequest ResponseKind = "correction_request"
	KindBriefing          ResponseKind = "briefing"
	KindNoAction          ResponseKind = "no_action"
)

// ResponseKinds lists every kind in display order.
var ResponseKinds = []ResponseKind{KindRebuttal, KindStatement, KindReportAuthority, KindCorrectionRequest, KindBriefing, KindNoAction}

// Valid reports whether k is a known kind.
func (k ResponseKind) Valid() bool { return slices.Contains(ResponseKinds, k) }

// ResponseStatus is how far a response has got.
type ResponseStatus string

// Response statuses.
const (
	ResponsePlanned    ResponseStatus = "planned"
	ResponseInProgress ResponseStatus = "in_progress"
	ResponseDone       ResponseStatus = "done"
)

// ResponseStatuses lists every response status in order.
var ResponseStatuses = []ResponseStatus{ResponsePlanned, ResponseInProgress, ResponseDone}

// Valid reports whether s is a known status.
func (s ResponseStatus) Valid() bool { return slices.Contains(ResponseStatuses, s) }

// Response is what was done about one or more items, against a plan task.
type Response struct {
	ID         int64          `json:"id"`
	ItemIDs    []string       `json:"item_ids"`
	Task       string         `json:"task"` // plan task code, e.g. "II.6.3"
	Kind       ResponseKind   `json:"kind"`
	Agency     string         `json:"agency"`
	Status     ResponseStatus `json:"status"`
	Date       time.Time      `json:"date"`
	URL        string         `json:"url,omitempty"`
	Note       string         `json:"note,omitempty"`
	RecordedBy string         `json:"recorded_by"`
	CreatedAt  time.Time      `json:"created_at"`
	UpdatedAt  time.Time      `json:"updated_at"`
}
