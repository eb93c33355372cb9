package rules

import (
	"errors"
	"fmt"
	"slices"
)

// Severities a rule can carry, lowest first.
const (
	SeverityLow    = "low"
	SeverityMedium = "medium"
	SeverityHigh   = "high"
)

// SeverityRank orders severities: 0 for an unknown one, then low, medium,
// high.
func SeverityRank(s string) int {
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

// Rule is one keyword rule: an expression in the rule language with the
// topic and severity its hits carry. Languages limits it to documents in
// those languages (empty: all). Pack names the pack it came from.
type Rule struct {
	ID          string   `yaml:"id" json:"id"`
	Topic       string   `yaml:"topic" json:"topic"`
	Severity    string   `yaml:"severity" json:"severity"`
	Languages   []string `yaml:"languages,omitempty" json:"languages,omitempty"`
	Expr        string   `yaml:"expr" json:"expr"`
	Description string   `yaml:"description" json:"description"`
	Enabled     bool     `yaml:"enabled" json:"enabled"`
	Version     int      `yaml:"version,omitempty" json:"version,omitempty"`
	Pack        string   `yaml:"-" json:"pack,omitempty"`
}

// Hit is one rule that matched a document, and the terms it matched.
type Hit struct {
	RuleID      string
	RuleVersion int
	Topic       string
	Severity    string
	Matches     []Match
}

// RuleError is a rule Compile or ParsePack refused: which rule, in which
// pack, and why. Err is a *ParseError when the expression is at fault.
type RuleError struct {
	Pack, RuleID string
	Err          error
}

func (e *RuleError) Error() string {
	if e.Pack != "" {
		return fmt.Sprintf("pack %s: rule %s: %v", e.Pack, e.RuleID, e.Err)
	}
	return fmt.Sprintf("rule %s: %v", e.RuleID, e.Err)
}

func (e *RuleError) Unwrap() error { return e.Err }

// Matcher runs a compiled set of rules over documents. It is immutable
// and safe for concurrent use.
type Matcher struct {
	rules []compiledRule
	keys  *keyIndex
}

type compiledRule struct {
	Rule
	node Node
}

// Compile parses and indexes the enabled rules; disabled ones are left
// out unchecked. It returns a *RuleError naming the first bad rule (an
// empty or duplicate id, no topic, an unknown severity, or an expression
// that does not parse, with its column).
func Compile(rules []Rule) (*Matcher, error) {
	m := &Matcher{keys: newKeyIndex()}
	seen := make(map[string]bool, len(rules))
	for _, r := range rules {
		if !r.Enabled {
			continue
		}
		n, err := checkRule(r)
		if err == nil && seen[r.ID] {
			err = errors.New("duplicate rule id")
		}
		if err != nil {
			return nil, &RuleError{Pack: r.Pack, RuleID: r.ID, Err: err}
		}
		seen[r.ID] = true
		m.keys.add(int32(len(m.rules)), n)
		m.rules = append(m.rules, compiledRule{Rule: r, node: n})
	}
	return m, nil
}

// checkRule validates r's fields and parses its expression.
func checkRule(r Rule) (Node, error) {
	switch {
	case r.ID == "":
		return nil, errors.New("missing id")
	case r.Topic == "":
		return nil, errors.New("missing topic")
	case SeverityRank(r.Severity) == 0:
		return nil, fmt.Errorf("severity %q is not low, medium or high", r.Severity)
	}
	n, err := Parse(r.Expr)
	if err != nil {
		return nil, fmt.Errorf("expr: %w", err)
	}
	return n, nil
}

// Len returns the number of rules the matcher runs.
func (m *Matcher) Len() int { return len(m.rules) }

// Match returns the hits of every rule matching d, in the order the rules
// were compiled. Only the rules the presearcher finds candidates are
// evaluated, so the cost follows the number of rules that could match,
// not the number of rules.
func (m *Matcher) Match(d Doc) []Hit {
	if len(m.rules) == 0 {
		return nil
	}
	di := newDocIndex(d)
	cands := m.keys.candidates(di, nil)
	slices.Sort(cands)
	cands = slices.Compact(cands)
	var hits []Hit
	for _, i := range cands {
		r := &m.rules[i]
		if !r.appliesTo(d.Language) {
			continue
		}
		ok, spans := di.eval(r.node)
		if !ok {
			continue
		}
		hits = append(hits, Hit{
			RuleID:      r.ID,
			RuleVersion: r.Version,
			Topic:       r.Topic,
			Severity:    r.Severity,
			Matches:     di.matches(spans),
		})
	}
	return hits
}

// appliesTo reports whether the rule runs on a document in lang; a
// document of unknown language gets every rule.
func (r *compiledRule) appliesTo(lang string) bool {
	return len(r.Languages) == 0 || lang == "" || slices.Contains(r.Languages, lang)
}
