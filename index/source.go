package index

import "time"

// Source kinds.
const (
	KindFeed = "feed"
	KindSite = "site"
)

// Source is an outlet the crawler watches: a feed or a feedless site.
type Source struct {
	Name         string        `json:"name" yaml:"name"` // unique slug
	Title        string        `json:"title,omitempty" yaml:"title,omitempty"`
	Kind         string        `json:"kind" yaml:"kind"` // KindFeed or KindSite
	URL          string        `json:"url" yaml:"url"`
	Origin       Origin        `json:"origin" yaml:"origin"`
	Country      string        `json:"country,omitempty" yaml:"country,omitempty"`
	Language     string        `json:"language,omitempty" yaml:"language,omitempty"`
	Interval     time.Duration `json:"interval" yaml:"interval,omitempty"`
	Enabled      bool          `json:"enabled" yaml:"enabled"`
	LinkSelector string        `json:"link_selector,omitempty" yaml:"link_selector,omitempty"`
	Health       SourceHealth  `json:"health" yaml:"-"`
}

// SourceHealth is what the crawler last saw of a source. A source is never
// disabled automatically; failures show here.
type SourceHealth struct {
	LastAttempt         time.Time `json:"last_attempt"`
	LastSuccess         time.Time `json:"last_success"`
	LastError           string    `json:"last_error,omitempty"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
	NextDue             time.Time `json:"next_due"`
	ETag                string    `json:"-"`
	LastModified        string    `json:"-"`
	ItemsSeen           int       `json:"items_seen"`
}
