package rules

import (
	"slices"
	"sort"
	"strings"
)

// Doc is the text a rule is matched against. Language is an ISO 639-1
// code ("vi", "en", "fr"), or empty when unknown.
type Doc struct {
	Title, Summary, Body, Language string
}

// Match is one matched term: the field it was found in ("title",
// "summary" or "body"), the text as it appears there, and its byte
// offsets in that field's original text.
type Match struct {
	Field string
	Term  string
	Start int
	End   int
}

// maxMatchesPerHit caps the matches one rule reports for one document: the
// dashboard highlights them, and a word repeated a thousand times needs
// no thousand highlights.
const maxMatchesPerHit = 200

// Eval evaluates one expression against d, and returns whether it matches
// and the matched terms (for highlighting). A NOT contributes no matches.
func Eval(n Node, d Doc) (bool, []Match) {
	di := newDocIndex(d)
	ok, spans := di.eval(n)
	if !ok {
		return false, nil
	}
	return true, di.matches(spans)
}

// fieldNames are the document fields in docIndex order.
var fieldNames = [3]string{"title", "summary", "body"}

// docIndex is one document tokenised for evaluation: per field, its
// tokens and the positions of each folded word. It is built once per
// document and shared by every rule evaluated on it; it is not safe for
// concurrent use.
type docIndex struct {
	text   [3]string
	fields [3]fieldIndex
}

type fieldIndex struct {
	text   string
	toks   []Token            // Exact left empty: see exactOf
	pos    map[string][]int32 // folded word → token positions
	sorted []string           // distinct folded words, sorted; built on first prefix term
}

// span is a match of one term: a field and an inclusive token range.
type span struct {
	field      int
	start, end int32
}

func newDocIndex(d Doc) *docIndex {
	di := &docIndex{text: [3]string{d.Title, d.Summary, d.Body}}
	for i, text := range di.text {
		toks := tokenize(text, false)
		pos := make(map[string][]int32, len(toks))
		for _, t := range toks {
			pos[t.Folded] = append(pos[t.Folded], int32(t.Pos))
		}
		di.fields[i] = fieldIndex{text: text, toks: toks, pos: pos}
	}
	return di
}

// words calls fn for every distinct folded word of each field (a word
// in two fields is passed twice).
func (di *docIndex) words(fn func(string)) {
	for i := range di.fields {
		for w := range di.fields[i].pos {
			fn(w)
		}
	}
}

func (di *docIndex) eval(n Node) (bool, []span) {
	switch n := n.(type) {
	case *Term:
		spans := di.termSpans(n)
		return len(spans) > 0, spans
	case *And:
		var all []span
		for _, c := range n.Children {
			ok, s := di.eval(c)
			if !ok {
				return false, nil
			}
			all = append(all, s...)
		}
		return true, all
	case *Or:
		var all []span
		matched := false
		for _, c := range n.Children {
			if ok, s := di.eval(c); ok {
				matched = true
				all = append(all, s...)
			}
		}
		return matched, all
	case *Not:
		ok, _ := di.eval(n.Child)
		return !ok, nil
	case *Near:
		spans := di.near(n)
		return len(spans) > 0, spans
	case *MatchAll:
		return true, nil
	}
	return false, nil
}

// termSpans returns every occurrence of t in the fields it is scoped to.
func (di *docIndex) termSpans(t *Term) []span {
	var out []span
	for f := range di.fields {
		if t.Field != FieldAny && fieldNames[f] != string(t.Field) {
			continue
		}
		out = di.fields[f].find(t, f, out)
	}
	return out
}

// find appends the occurrences of t in this field to out.
func (fi *fieldIndex) find(t *Term, f int, out []span) []span {
	n := len(t.Words)
	last := n - 1
	for _, p := range fi.firstPositions(t) {
		if int(p)+last >= len(fi.toks) {
			continue
		}
		ok := !t.Exact || fi.wordMatches(t, 0, int(p))
		for i := 1; i < n && ok; i++ {
			ok = fi.wordMatches(t, i, int(p)+i)
		}
		if ok {
			out = append(out, span{field: f, start: p, end: p + int32(last)})
		}
	}
	return out
}

// firstPositions returns the token positions where t's first word occurs
// in folded form (exact terms are checked word by word afterwards).
func (fi *fieldIndex) firstPositions(t *Term) []int32 {
	first := t.Words[0]
	if t.Exact {
		first = Fold(first)
	}
	if !(t.Prefix && len(t.Words) == 1) {
		return fi.pos[first]
	}
	var out []int32
	for _, w := range fi.prefixed(first) {
		out = append(out, fi.pos[w]...)
	}
	slices.Sort(out)
	return out
}

// prefixed returns the distinct folded words of the field starting with p.
func (fi *fieldIndex) prefixed(p string) []string {
	if fi.sorted == nil {
		fi.sorted = make([]string, 0, len(fi.pos))
		for w := range fi.pos {
			fi.sorted = append(fi.sorted, w)
		}
		sort.Strings(fi.sorted)
	}
	i := sort.SearchStrings(fi.sorted, p)
	j := i
	for j < len(fi.sorted) && strings.HasPrefix(fi.sorted[j], p) {
		j++
	}
	return fi.sorted[i:j]
}

// wordMatches reports whether token p of the field matches word i of t.
func (fi *fieldIndex) wordMatches(t *Term, i int, p int) bool {
	w, got := t.Words[i], fi.toks[p].Folded
	if t.Exact {
		got = Exact(fi.text[fi.toks[p].Start:fi.toks[p].End])
	}
	if t.Prefix && i == len(t.Words)-1 {
		return strings.HasPrefix(got, w)
	}
	return got == w
}

// near returns the spans of both sides of n that lie within n.Dist words
// of a span of the other side in the same field.
func (di *docIndex) near(n *Near) []span {
	_, left := di.eval(n.Left)
	_, right := di.eval(n.Right)
	if len(left) == 0 || len(right) == 0 {
		return nil
	}
	sortSpans(right)
	dist := int32(n.Dist)
	var out []span
	used := make([]bool, len(right))
	for _, l := range left {
		lo := sort.Search(len(right), func(i int) bool {
			r := right[i]
			return r.field > l.field || r.field == l.field && r.end >= l.start-dist-1
		})
		hit := false
		for i := lo; i < len(right); i++ {
			r := right[i]
			if r.field != l.field || r.start > l.end+dist+1 {
				break
			}
			if r.end < l.start-dist-1 || overlaps(l, r) {
				continue
			}
			hit = true
			if !used[i] {
				used[i] = true
				out = append(out, r)
			}
		}
		if hit {
			out = append(out, l)
		}
	}
	return out
}

func overlaps(a, b span) bool { return a.start <= b.end && b.start <= a.end }

func sortSpans(s []span) {
	slices.SortFunc(s, func(a, b span) int {
		if a.field != b.field {
			return a.field - b.field
		}
		if a.start != b.start {
			return int(a.start - b.start)
		}
		return int(a.end - b.end)
	})
}

// matches turns spans into Matches with byte offsets, sorted, without
// duplicates, at most maxMatchesPerHit of them.
func (di *docIndex) matches(spans []span) []Match {
	if len(spans) == 0 {
		return nil
	}
	sortSpans(spans)
	spans = slices.Compact(spans)
	if len(spans) > maxMatchesPerHit {
		spans = spans[:maxMatchesPerHit]
	}
	out := make([]Match, len(spans))
	for i, s := range spans {
		toks := di.fields[s.field].toks
		start, end := toks[s.start].Start, toks[s.end].End
		out[i] = Match{Field: fieldNames[s.field], Term: di.text[s.field][start:end], Start: start, End: end}
	}
	return out
}
