package web

import (
	"strings"

	"github.com/ttdn/monitor/rules"
)

// ParseMessage words a syntax error of the rule language in the page's
// language, from the error's Code and Args ("parse.CODE" in the
// catalogue, with the Args in order). An error without a Code, or with one
// the catalogue does not know yet, keeps its English text rather than
// showing nothing.
func (v *view) ParseMessage(pe *rules.ParseError) string {
	if pe == nil {
		return ""
	}
	key := "parse." + pe.Code
	if pe.Code == "" || !v.s.cat.Has(key) {
		return pe.Msg
	}
	switch pe.Code {
	case rules.ErrExpectedTerm, rules.ErrExpectedRParen:
		// "expected X" [" after BEFORE"] [", found FOUND"]: the parts
		// are optional, so each is its own phrase.
		var b strings.Builder
		b.WriteString(v.T(key))
		if len(pe.Args) > 0 && pe.Args[0] != "" {
			b.WriteString(v.T("parse.after", pe.Args[0]))
		}
		if len(pe.Args) > 1 && pe.Args[1] != "" {
			b.WriteString(v.T("parse.found", pe.Args[1]))
		}
		return b.String()
	}
	args := make([]any, len(pe.Args))
	for i, a := range pe.Args {
		args[i] = a
	}
	return v.T(key, args...)
}
