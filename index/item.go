package index

import (
	"slices"
	"time"
)

// Status is where an item stands in the analysts' review.
type Status string

// Item statuses (DESIGN, "Domain").
const (
	StatusNew       Status = "new"
	StatusReviewing Status = "reviewing"
	StatusDismissed Status = "dismissed"
	StatusFlagged   Status = "flagged"
	StatusResponded Status = "responded"
)

// Statuses lists every item status in review order.
var Statuses = []Status{StatusNew, StatusReviewing, StatusFlagged, StatusResponded, StatusDismissed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Origin says whether an outlet is domestic or foreign.
type Origin string

// Origins of a source.
const (
	OriginDomestic Origin = "domestic"
	OriginForeign  Origin = "foreign"
)

// Valid reports whether o is a known origin.
func (o Origin) Valid() bool { return o == OriginDomestic || o == OriginForeign }

// Severity is how serious a rule hit is. The empty Severity means no hit.
type Severity string

// Severities, lowest first.
const (
	SeverityLow    Severity = "low"
	SeverityMedium Severity = "medium"
	SeverityHigh   Severity = "high"
)

// Rank orders severities: 0 for none, 1 low, 2 medium, 3 high.
func (s Severity) Rank() int {
	switch s {
	case SeverityLow:
		return 1
	case SeverityMedium:
		return 2
	case SeverityHigh:
		return 3
	}
	return 0
}

// Valid reports whether s is one of the three severities.
func (s Severity) Valid() bool { return s.Rank() > 0 }

// Match is one matched term of a rule hit: the field it was found in and
// its byte offsets in that field's original text.
type Match struct {
	Field string `json:"field"` // title, summary or body
	Term  string `json:"term"`  // the text as it appears in the field
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Hit is one rule that matched an item, and where.
type Hit struct {
	RuleID      string   `json:"rule_id"`
	RuleVersion int      `json:"rule_version"`
	Topic       string   `json:"topic"`
	Severity    Severity `json:"severity"`
	Matches     []Match  `json:"matches"`
}

// Note is an analyst's note on an item.
type Note struct {
	ID        int64     `json:"id"`
	Author    string    `json:"author"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
}

// Item is one article in the archive. ID derives from the canonical URL;
// Aliases are the other URLs the same story was reached through.
type Item struct {
	ID           string    `json:"id"`
	URL          string    `json:"url"`
	CanonicalURL string    `json:"canonical_url"`
	Aliases      []string  `json:"aliases,omitempty"`
	Source       string    `json:"source"`
	Origin       Origin    `json:"origin"`
	Country      string    `json:"country,omitempty"`
	Title        string    `json:"title"`
	Summary      string    `json:"summary,omitempty"`
	Body         string    `json:"body,omitempty"`
	Author       string    `json:"author,omitempty"`
	PublishedAt  time.Time `json:"published_at"`
	FetchedAt    time.Time `json:"fetched_at"`
	Language     string    `json:"language"`
	ContentHash  string    `json:"content_hash"`
	Hits         []Hit     `json:"hits,omitempty"`
	Topics       []string  `json:"topics"`
	Severity     Severity  `json:"severity"`
	Flagged      bool      `json:"flagged"`
	Status       Status    `json:"status"`
	Tags         []string  `json:"tags"`
	Assignee     string    `json:"assignee,omitempty"`
	Notes        []Note    `json:"notes,omitempty"`
	Cluster      string    `json:"cluster"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Summarise sets Topics, Severity and Flagged from Hits: topics are the
// distinct topics hit, severity the highest, flagged when any hit is
// medium or higher.
func (it *Item) Summarise() {
	it.Topics = it.Topics[:0]
	it.Severity = ""
	it.Flagged = false
	for _, h := range it.Hits {
		if !slices.Contains(it.Topics, h.Topic) {
			it.Topics = append(it.Topics, h.Topic)
		}
		if h.Severity.Rank() > it.Severity.Rank() {
			it.Severity = h.Severity
		}
	}
	slices.Sort(it.Topics)
	it.Flagged = it.Severity.Rank() >= SeverityMedium.Rank()
}
