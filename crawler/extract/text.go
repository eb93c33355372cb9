package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockAtoms end a paragraph of plain text.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Tr: true, atom.Table: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Figure: true, atom.Figcaption: true,
	atom.Dd: true, atom.Dt: true, atom.Hr: true, atom.Main: true, atom.Aside: true,
}

// skipAtoms hold no readable text.
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Object: true, atom.Head: true,
}

// NodeText returns the plain text of an HTML tree, one paragraph per block
// element, paragraphs separated by a blank line, spaces collapsed.
func NodeText(n *html.Node) string {
	var paras []string
	var cur strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(cur.String()), " "); s != "" {
			paras = append(paras, s)
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipAtoms[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
				cur.WriteByte(' ')
			}
		}
		block := n.Type == html.ElementNode && (blockAtoms[n.DataAtom] || isTrafilaturaBlock(n.Data))
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(n)
	flush()
	return strings.Join(paras, "\n\n")
}

// isTrafilaturaBlock covers the element names go-trafilatura's output
// tree uses besides HTML ones.
func isTrafilaturaBlock(name string) bool {
	switch name {
	case "head", "item", "list", "quote", "code", "lb", "row":
		return true
	}
	return false
}

// HTMLText returns the plain text of an HTML fragment (a feed summary or
// content), paragraphs separated by blank lines. Plain text passes
// through with its line breaks kept as paragraphs.
func HTMLText(fragment string) string {
	if !strings.ContainsAny(fragment, "<&") {
		var paras []string
		for _, p := range strings.Split(strings.ReplaceAll(fragment, "\r\n", "\n"), "\n") {
			if p = strings.Join(strings.Fields(p), " "); p != "" {
				paras = append(paras, p)
			}
		}
		return strings.Join(paras, "\n\n")
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return strings.Join(strings.Fields(fragment), " ")
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return NodeText(root)
}

// WordCount counts the words of s.
func WordCount(s string) int { return len(strings.Fields(s)) }
