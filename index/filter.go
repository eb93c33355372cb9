package index

import "time"

// Outcome says what ingesting one article did to the archive.
type Outcome string

// Ingest outcomes.
const (
	OutcomeCreated   Outcome = "created"   // a new item
	OutcomeUpdated   Outcome = "updated"   // same canonical URL, content changed
	OutcomeAlias     Outcome = "alias"     // same content reached through another URL
	OutcomeUnchanged Outcome = "unchanged" // nothing new
)

// Item orderings for ItemFilter.Order.
const (
	OrderSeverity = "severity" // most severe first, then newest (the morning queue)
	OrderNewest   = "newest"
	OrderOldest   = "oldest"
)

// ItemFilter selects items from the store (queue, exports). Zero fields
// do not filter. From and To compare publication time, both inclusive.
type ItemFilter struct {
	Statuses []Status
	Topics   []string // any of
	Origins  []Origin
	Sources  []string
	Assignee string
	Flagged  *bool
	Task     string // items linked to a response for this plan task
	Cluster  string
	From, To time.Time
	Order    string
	Limit    int // 0: no limit
	Offset   int
}

// ItemUpdate is a person's change to an item. Nil fields stay as they
// are; a non-empty Note is appended. When IfUpdatedAt is set and the item
// changed since, the store returns ErrConflict (a stale edit).
type ItemUpdate struct {
	Status      *Status
	Assignee    *string
	Note        string
	IfUpdatedAt time.Time
}

// ResponseFilter selects responses. Zero fields do not filter.
type ResponseFilter struct {
	Task     string
	ItemID   string
	Status   ResponseStatus
	From, To time.Time // response date, inclusive
	Limit    int
	Offset   int
}

// AuditFilter selects audit events, newest first.
type AuditFilter struct {
	Actor  string
	Object string
	Limit  int
	Offset int
}
