package web

import (
	"html"
	"html/template"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/ttdn/monitor/index"
)

// span is a byte range of a text to mark.
type span struct{ start, end int }

// spansFor collects the matches of field, dropping ranges that are out of
// bounds or do not fall on character boundaries, merged and sorted.
func spansFor(text, field string, matches []index.Match) []span {
	var out []span
	for _, m := range matches {
		if m.Field != field || m.Start < 0 || m.End > len(text) || m.Start >= m.End {
			continue
		}
		if !utf8.RuneStart(text[m.Start]) || (m.End < len(text) && !utf8.RuneStart(text[m.End])) {
			continue
		}
		out = append(out, span{m.Start, m.End})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && s.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// markText escapes text[from:to] and wraps the parts inside spans in
// <mark>. Everything crawled is escaped: no markup of the source survives.
func markText(b *strings.Builder, text string, from, to int, spans []span) {
	pos := from
	for _, s := range spans {
		if s.end <= from || s.start >= to {
			continue
		}
		st, en := max(s.start, from), min(s.end, to)
		b.WriteString(html.EscapeString(text[pos:st]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[st:en]))
		b.WriteString("</mark>")
		pos = en
	}
	b.WriteString(html.EscapeString(text[pos:to]))
}

// highlightLine renders a one-line field (title, summary) escaped with its
// matches marked.
func highlightLine(text, field string, matches []index.Match) template.HTML {
	var b strings.Builder
	markText(&b, text, 0, len(text), spansFor(text, field, matches))
	return template.HTML(b.String())
}

// paragraphs renders a plain-text body as escaped <p> paragraphs (split
// at line breaks) with its matches marked; offsets refer to the original
// body, so the text is never rewritten before marking.
func paragraphs(body string, matches []index.Match) []template.HTML {
	spans := spansFor(body, "body", matches)
	var out []template.HTML
	start := 0
	for start <= len(body) {
		end := strings.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start
		}
		if strings.TrimSpace(body[start:end]) != "" {
			var b strings.Builder
			markText(&b, body, start, end, spans)
			out = append(out, template.HTML(b.String()))
		}
		start = end + 1
	}
	return out
}

// allMatches flattens an item's hits and extra matches (e.g. of a search
// query) into one list.
func allMatches(hits []index.Hit, extra []index.Match) []index.Match {
	out := append([]index.Match(nil), extra...)
	for _, h := range hits {
		out = append(out, h.Matches...)
	}
	return out
}
