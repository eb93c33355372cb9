package rules

import (
	"strconv"
	"strings"
)

// Node is one expression of the rule language, as Parse returns it. The
// matcher evaluates it against documents; the archive translates it into
// search-index queries.
type Node interface {
	// String renders the node back in the rule language.
	String() string
	node()
}

// Field names which part of a document a term is scoped to.
type Field string

// Fields a term can be scoped to. FieldAny matches title, summary or body.
const (
	FieldAny   Field = ""
	FieldTitle Field = "title"
	FieldBody  Field = "body"
)

// Term is a word or a quoted phrase. Words holds the phrase's words in
// compare form: folded (Fold) unless Exact, in which case Exact form
// (diacritics kept). Prefix means the last word matches as a prefix.
type Term struct {
	Field  Field
	Words  []string
	Raw    string // as written, without quotes or the = escape
	Phrase bool   // written in quotes
	Exact  bool   // written ="..." : diacritics kept
	Prefix bool   // written with a trailing *
	Col    int    // 1-based column where the term starts
}

// And matches when every child matches.
type And struct{ Children []Node }

// Or matches when any child matches.
type Or struct{ Children []Node }

// Not matches when its child does not.
type Not struct{ Child Node }

// Near matches when a match of Left and a match of Right lie within Dist
// words of each other, in either order. Both sides are Terms or Ors of
// Terms.
type Near struct {
	Left, Right Node
	Dist        int
}

// MatchAll matches every document: the empty query and "*".
type MatchAll struct{}

func (*Term) node()     {}
func (*And) node()      {}
func (*Or) node()       {}
func (*Not) node()      {}
func (*Near) node()     {}
func (*MatchAll) node() {}

func (t *Term) String() string {
	var b strings.Builder
	if t.Field != FieldAny {
		b.WriteString(string(t.Field) + ":")
	}
	if t.Exact {
		b.WriteByte('=')
	}
	if t.Phrase || t.Exact || len(t.Words) > 1 {
		b.WriteString(strconv.Quote(t.Raw))
	} else {
		b.WriteString(t.Raw)
	}
	if t.Prefix {
		b.WriteByte('*')
	}
	return b.String()
}

func (a *And) String() string { return join(a.Children, " AND ") }
func (o *Or) String() string  { return join(o.Children, " OR ") }
func (n *Not) String() string { return "NOT " + group(n.Child) }
func (n *Near) String() string {
	return group(n.Left) + " NEAR/" + strconv.Itoa(n.Dist) + " " + group(n.Right)
}
func (*MatchAll) String() string { return "*" }

func join(nodes []Node, sep string) string {
	parts := make([]string, len(nodes))
	for i, n := range nodes {
		parts[i] = group(n)
	}
	return strings.Join(parts, sep)
}

func group(n Node) string {
	switch n.(type) {
	case *Term, *MatchAll, *Not:
		return n.String()
	}
	return "(" + n.String() + ")"
}
