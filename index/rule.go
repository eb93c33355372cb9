package index

import "time"

// Rule is a keyword rule as the archive stores it; the expression is in the
// rule language (package rules).
type Rule struct {
	ID          string    `json:"id"`
	Topic       string    `json:"topic"`
	Severity    Severity  `json:"severity"`
	Languages   []string  `json:"languages"`
	Expr        string    `json:"expr"`
	Description string    `json:"description"`
	Enabled     bool      `json:"enabled"`
	Pack        string    `json:"pack"` // built-in pack name, or "custom"
	Version     int       `json:"version"`
	UpdatedAt   time.Time `json:"updated_at"`
	UpdatedBy   string    `json:"updated_by"`
}

// RuleVersion is one change of a rule: who, when, before and after.
type RuleVersion struct {
	RuleID     string    `json:"rule_id"`
	Version    int       `json:"version"`
	ExprBefore string    `json:"expr_before"`
	ExprAfter  string    `json:"expr_after"`
	Actor      string    `json:"actor"`
	At         time.Time `json:"at"`
}
