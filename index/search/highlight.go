package search

import (
	"html"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/ttdn/monitor/rules"
)

// Snippet shape: up to maxSnippets fragments of the summary and body, each
// a window of about snippetWords words starting a few words before a
// match.
const (
	maxSnippets   = 3
	snippetWords  = 30
	snippetBefore = 8
)

// highlighter marks the words a query matched in an item's original text.
// It finds them itself with rules.Tokenize, whose byte offsets point into
// the text as stored (diacritics and decomposed input intact), so it
// needs neither term vectors nor bleve's highlighter.
type highlighter struct {
	terms  []*rules.Term
	en, fr analysis.Analyzer
}

func (ix *Index) newHighlighter(q rules.Node) *highlighter {
	return &highlighter{terms: positiveTerms(q, nil), en: ix.q.en, fr: ix.q.fr}
}

// positiveTerms collects the terms of q outside NOT: the words a match
// can show.
func positiveTerms(n rules.Node, out []*rules.Term) []*rules.Term {
	switch n := n.(type) {
	case *rules.Term:
		out = append(out, n)
	case *rules.And:
		for _, c := range n.Children {
			out = positiveTerms(c, out)
		}
	case *rules.Or:
		for _, c := range n.Children {
			out = positiveTerms(c, out)
		}
	case *rules.Near:
		out = positiveTerms(n.Right, positiveTerms(n.Left, out))
	}
	return out
}

// rng is a byte range of a text.
type rng struct{ start, end int }

// highlight returns the marked title and the body snippets of d.
func (h *highlighter) highlight(d *storedDoc) (string, []string) {
	var title string
	var snippets []string
	for _, tx := range d.texts() {
		marks := h.marks(tx, d.language)
		if tx.field == rules.FieldTitle {
			title = render(tx.s, rng{0, len(tx.s)}, marks)
			continue
		}
		if len(snippets) < maxSnippets {
			snippets = append(snippets, fragments(tx, marks, maxSnippets-len(snippets))...)
		}
	}
	if len(snippets) == 0 {
		for _, tx := range d.texts() {
			if tx.field == rules.FieldBody && len(tx.toks) > 0 {
				snippets = append(snippets, window(tx, 0, nil))
				break
			}
		}
	}
	return title, snippets
}

// marks returns the merged byte ranges of matches in tx, in order.
func (h *highlighter) marks(tx text, lang string) []rng {
	var out []rng
	for _, t := range h.terms {
		if !applies(t, tx.field) {
			continue
		}
		for _, s := range spans(tx.toks, t) {
			out = append(out, rng{tx.toks[s.first].Start, tx.toks[s.last].End})
		}
		out = append(out, h.stemMarks(tx, t, lang)...)
	}
	slices.SortFunc(out, func(a, b rng) int { return a.start - b.start })
	merged := out[:0]
	for _, r := range out {
		if n := len(merged); n > 0 && r.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, r.end)
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// stemMarks finds the words of an English or French text whose stem is the
// stem of a one-word term ("checkpoints" for checkpoint).
func (h *highlighter) stemMarks(tx text, t *rules.Term, lang string) []rng {
	a := map[string]analysis.Analyzer{langEN: h.en, langFR: h.fr}[lang]
	if a == nil || t.Exact || t.Prefix || len(t.Words) != 1 {
		return nil
	}
	want := stem(a, t.Words[0])
	if want == "" || len(want) < 2 {
		return nil
	}
	var out []rng
	for _, tok := range tx.toks {
		// A stem begins with the word's first letters; skip the rest cheaply.
		if tok.Folded != t.Words[0] && strings.HasPrefix(tok.Folded, want[:2]) && stem(a, tok.Folded) == want {
			out = append(out, rng{tok.Start, tok.End})
		}
	}
	return out
}

// fragments cuts up to limit snippets around the marks of tx.
func fragments(tx text, marks []rng, limit int) []string {
	var out []string
	next := 0 // first token a new window may start at
	for mi := 0; mi < len(marks) && len(out) < limit; {
		first := tokenAt(tx.toks, marks[mi].start)
		start := max(next, first-snippetBefore)
		out = append(out, window(tx, start, marks))
		next = start + snippetWords
		end := len(tx.s)
		if next < len(tx.toks) {
			end = tx.toks[next].Start
		}
		for mi < len(marks) && marks[mi].start < end {
			mi++
		}
	}
	return out
}

// window renders snippetWords words of tx from token start, with marks.
func window(tx text, start int, marks []rng) string {
	last := min(start+snippetWords, len(tx.toks)) - 1
	r := rng{tx.toks[start].Start, tx.toks[last].End}
	if start == 0 {
		r.start = 0
	}
	if last == len(tx.toks)-1 {
		r.end = len(tx.s)
	}
	s := render(tx.s, r, marks)
	if start > 0 {
		s = "…" + s
	}
	if r.end < len(tx.s) {
		s += "…"
	}
	return strings.TrimSpace(s)
}

// tokenAt returns the index of the token starting at byte offset off.
func tokenAt(toks []rules.Token, off int) int {
	i, _ := slices.BinarySearchFunc(toks, off, func(t rules.Token, off int) int { return t.Start - off })
	return min(i, len(toks)-1)
}

// render escapes s[r] for HTML and wraps the parts of marks inside it in
// <mark>.
func render(s string, r rng, marks []rng) string {
	var b strings.Builder
	pos := r.start
	for _, m := range marks {
		if m.end <= pos || m.start >= r.end {
			continue
		}
		ms, me := max(m.start, pos), min(m.end, r.end)
		b.WriteString(html.EscapeString(s[pos:ms]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(s[ms:me]))
		b.WriteString("</mark>")
		pos = me
	}
	b.WriteString(html.EscapeString(s[pos:r.end]))
	return b.String()
}
