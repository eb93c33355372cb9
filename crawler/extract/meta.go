package extract

import (
	"encoding/json"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what the page declares about itself in its head.
type pageMeta struct {
	canonical, ogURL     string
	title, ogTitle       string
	author               string
	description          string
	published            time.Time
	lang                 string
	ldHeadline, ldAuthor string
	ldPublished          time.Time
}

// publishedMetaNames are meta names/properties holding the publication
// time, best first.
var publishedMetaNames = []string{
	"article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
	"dc.date.issued", "dc.date", "dcterms.created", "date", "sailthru.date", "parsely-pub-date",
}

// readMeta walks the document once for link/meta/JSON-LD declarations.
func readMeta(doc *html.Node) pageMeta {
	var m pageMeta
	metas := map[string]string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.lang = attr(n, "lang")
			case atom.Link:
				if hasToken(attr(n, "rel"), "canonical") && m.canonical == "" {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Meta:
				key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				if v := strings.TrimSpace(firstNonEmpty(attr(n, "content"), attr(n, "datetime"))); key != "" && v != "" {
					if _, ok := metas[key]; !ok {
						metas[key] = v
					}
				}
			case atom.Time:
				if attr(n, "itemprop") == "datePublished" || hasToken(attr(n, "pubdate"), "pubdate") {
					if _, ok := metas["datepublished"]; !ok && attr(n, "datetime") != "" {
						metas["datepublished"] = attr(n, "datetime")
					}
				}
			case atom.Title:
				if n.FirstChild != nil && m.title == "" {
					m.title = strings.TrimSpace(n.FirstChild.Data)
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
					readJSONLD(n.FirstChild.Data, &m)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	m.ogURL = metas["og:url"]
	m.ogTitle = metas["og:title"]
	m.author = firstNonEmpty(metas["author"], metas["article:author"], metas["dc.creator"], metas["byl"])
	m.description = firstNonEmpty(metas["description"], metas["og:description"])
	for _, k := range publishedMetaNames {
		if t := ParseDate(metas[k]); !t.IsZero() {
			m.published = t
			break
		}
	}
	return m
}

// readJSONLD takes headline, author and datePublished from the first
// article-like object of a JSON-LD block.
func readJSONLD(src string, m *pageMeta) {
	var v any
	if json.Unmarshal([]byte(strings.TrimSpace(src)), &v) != nil {
		return
	}
	for _, obj := range ldObjects(v) {
		if !isArticleType(obj["@type"]) {
			continue
		}
		if s, ok := obj["headline"].(string); ok && m.ldHeadline == "" {
			m.ldHeadline = strings.TrimSpace(s)
		}
		if a := ldName(obj["author"]); a != "" && m.ldAuthor == "" {
			m.ldAuthor = a
		}
		if s, ok := obj["datePublished"].(string); ok && m.ldPublished.IsZero() {
			m.ldPublished = ParseDate(s)
		}
	}
}

func ldObjects(v any) []map[string]any {
	var out []map[string]any
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			out = append(out, ldObjects(e)...)
		}
	case map[string]any:
		out = append(out, t)
		if g, ok := t["@graph"]; ok {
			out = append(out, ldObjects(g)...)
		}
	}
	return out
}

func isArticleType(t any) bool {
	switch v := t.(type) {
	case string:
		return strings.Contains(v, "Article") || v == "BlogPosting" || v == "ReportageNews" || v == "NewsArticle"
	case []any:
		for _, e := range v {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func ldName(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case map[string]any:
		if s, ok := t["name"].(string); ok {
			return strings.TrimSpace(s)
		}
	case []any:
		var names []string
		for _, e := range t {
			if n := ldName(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// dateLayouts are the publication-time formats seen on news sites.
var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04-07:00",
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05", "2006-01-02 15:04",
	"2006-01-02", time.RFC1123Z, time.RFC1123, time.RFC850, "Mon, 2 Jan 2006 15:04:05 -0700",
	"02/01/2006 15:04", "2/1/2006 15:04", "02/01/2006", "2006/01/02 15:04:05", "2006/01/02", "20060102",
}

// ParseDate reads a publication time in one of the common formats; times
// without a zone are taken as UTC. The zero time means unreadable.
func ParseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1990 || t.Year() > 2100 {
				return time.Time{}
			}
			return t
		}
	}
	return time.Time{}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
