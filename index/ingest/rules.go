package ingest

import (
	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/rules"
)

// RuleMatcher adapts a compiled rule set to the Matcher the ingest path
// runs on every item.
func RuleMatcher(m *rules.Matcher) Matcher { return ruleMatcher{m: m} }

type ruleMatcher struct{ m *rules.Matcher }

// Match runs the rules over an item's title, summary and body.
func (r ruleMatcher) Match(it *index.Item) []index.Hit {
	hits := r.m.Match(rules.Doc{Title: it.Title, Summary: it.Summary, Body: it.Body, Language: it.Language})
	if len(hits) == 0 {
		return nil
	}
	out := make([]index.Hit, len(hits))
	for i, h := range hits {
		ms := make([]index.Match, len(h.Matches))
		for j, m := range h.Matches {
			ms[j] = index.Match{Field: m.Field, Term: m.Term, Start: m.Start, End: m.End}
		}
		out[i] = index.Hit{RuleID: h.RuleID, RuleVersion: h.RuleVersion, Topic: h.Topic,
			Severity: index.Severity(h.Severity), Matches: ms}
	}
	return out
}
