package demo

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"strings"
	"text/template"
	"time"
)

// feedPath is the path of an outlet's feed, or its listing for a site.
func feedPath(o *Outlet) string {
	switch o.Format {
	case FormatRSS, FormatDown:
		return "/" + o.Slug + "/rss.xml"
	case FormatAtom:
		return "/" + o.Slug + "/atom.xml"
	case FormatRDF:
		return "/" + o.Slug + "/index.rdf"
	case FormatJSON:
		return "/" + o.Slug + "/feed.json"
	}
	return "/" + o.Slug + "/"
}

func feedContentType(format string) string {
	switch format {
	case FormatAtom:
		return "application/atom+xml"
	case FormatRDF:
		return "application/rdf+xml"
	case FormatJSON:
		return "application/feed+json"
	}
	return "application/rss+xml"
}

// feedItems is the number of newest articles a feed lists.
const feedItems = 40

// feedEntry is one article as a feed shows it.
type feedEntry struct {
	A       *Article
	Link    string // what the feed links to (may carry tracking parameters)
	Content string // HTML body, empty when the outlet's feed is summary-only
}

type feedView struct {
	O       *Outlet
	Base    string
	Updated time.Time
	Entries []feedEntry
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // writes to a Builder cannot fail
	return b.String()
}

var feedFuncs = template.FuncMap{
	"x":       xmlEscape,
	"rfc1123": func(t time.Time) string { return t.Format(time.RFC1123Z) },
	"rfc3339": func(t time.Time) string { return t.Format(time.RFC3339) },
	"section": func(a *Article) string { return a.Outlet.Sections[a.Section] },
}

var feedTemplates = map[string]*template.Template{
	FormatRSS: template.Must(template.New("rss").Funcs(feedFuncs).Parse(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{x .O.Name}}</title>
<link>{{x .Base}}/{{.O.Slug}}/</link>
<atom:link href="{{x .Base}}/{{.O.Slug}}/rss.xml" rel="self" type="application/rss+xml"/>
<description>{{x .O.Tagline}}</description>
<language>{{.O.Language}}</language>
<lastBuildDate>{{rfc1123 .Updated}}</lastBuildDate>
<ttl>30</ttl>
{{range .Entries}}<item>
<title>{{x .A.Title}}</title>
<link>{{x .Link}}</link>
<guid isPermaLink="false">{{.A.Outlet.Slug}}-{{.A.Num}}</guid>
<pubDate>{{rfc1123 .A.Published}}</pubDate>
{{if .A.Author}}<dc:creator>{{x .A.Author}}</dc:creator>
{{end}}<category>{{x (section .A)}}</category>
<description>{{x .A.Summary}}</description>
{{if .Content}}<content:encoded><![CDATA[{{.Content}}]]></content:encoded>
{{end}}</item>
{{end}}</channel>
</rss>
`)),
	FormatAtom: template.Must(template.New("atom").Funcs(feedFuncs).Parse(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{.O.Language}}">
<title>{{x .O.Name}}</title>
<subtitle>{{x .O.Tagline}}</subtitle>
<id>{{x .Base}}/{{.O.Slug}}/</id>
<link rel="alternate" type="text/html" href="{{x .Base}}/{{.O.Slug}}/"/>
<link rel="self" type="application/atom+xml" href="{{x .Base}}/{{.O.Slug}}/atom.xml"/>
<updated>{{rfc3339 .Updated}}</updated>
{{range .Entries}}<entry>
<title type="text">{{x .A.Title}}</title>
<id>tag:{{.A.Outlet.Slug}}.demo,{{.A.Published.Format "2006-01-02"}}:{{.A.Num}}</id>
<link rel="alternate" type="text/html" href="{{x .Link}}"/>
<published>{{rfc3339 .A.Published}}</published>
<updated>{{rfc3339 .A.Published}}</updated>
{{if .A.Author}}<author><name>{{x .A.Author}}</name></author>
{{end}}<category term="{{x .A.Section}}" label="{{x (section .A)}}"/>
<summary type="text">{{x .A.Summary}}</summary>
{{if .Content}}<content type="html">{{x .Content}}</content>
{{end}}</entry>
{{end}}</feed>
`)),
	FormatRDF: template.Must(template.New("rdf").Funcs(feedFuncs).Parse(`<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="{{x .Base}}/{{.O.Slug}}/index.rdf">
<title>{{x .O.Name}}</title>
<link>{{x .Base}}/{{.O.Slug}}/</link>
<description>{{x .O.Tagline}}</description>
<dc:language>{{.O.Language}}</dc:language>
<dc:date>{{rfc3339 .Updated}}</dc:date>
<items><rdf:Seq>
{{range .Entries}}<rdf:li rdf:resource="{{x .Link}}"/>
{{end}}</rdf:Seq></items>
</channel>
{{range .Entries}}<item rdf:about="{{x .Link}}">
<title>{{x .A.Title}}</title>
<link>{{x .Link}}</link>
<description>{{x .A.Summary}}</description>
<dc:date>{{rfc3339 .A.Published}}</dc:date>
{{if .A.Author}}<dc:creator>{{x .A.Author}}</dc:creator>
{{end}}<dc:subject>{{x (section .A)}}</dc:subject>
{{if .Content}}<content:encoded>{{x .Content}}</content:encoded>
{{end}}</item>
{{end}}</rdf:RDF>
`)),
}

// renderFeed renders the newest articles of o in its format.
func renderFeed(o *Outlet, base string) ([]byte, error) {
	v := feedView{O: o, Base: base}
	n := min(len(o.articles), feedItems)
	for _, a := range o.articles[:n] {
		e := feedEntry{A: a, Link: base + a.Path()}
		if o.Tracking {
			e.Link += "?utm_source=rss&utm_medium=feed&utm_campaign=" + o.Slug
		}
		if !o.SummaryOnly {
			e.Content = bodyHTML(a)
		}
		v.Entries = append(v.Entries, e)
	}
	if n > 0 {
		v.Updated = o.articles[0].Published
	}
	if o.Format == FormatJSON {
		return jsonFeed(v)
	}
	t, ok := feedTemplates[o.Format]
	if !ok {
		return nil, fmt.Errorf("outlet %s has no feed (format %s)", o.Slug, o.Format)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// bodyHTML is the article text as HTML paragraphs, for full-content feeds.
func bodyHTML(a *Article) string {
	var b strings.Builder
	for _, p := range a.Paragraphs {
		b.WriteString("<p>")
		b.WriteString(html.EscapeString(p))
		b.WriteString("</p>\n")
	}
	return b.String()
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	Summary       string       `json:"summary,omitempty"`
	ContentHTML   string       `json:"content_html,omitempty"`
	ContentText   string       `json:"content_text,omitempty"`
	DatePublished string       `json:"date_published"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
	Language      string       `json:"language,omitempty"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

func jsonFeed(v feedView) ([]byte, error) {
	doc := struct {
		Version     string     `json:"version"`
		Title       string     `json:"title"`
		HomePageURL string     `json:"home_page_url"`
		FeedURL     string     `json:"feed_url"`
		Description string     `json:"description"`
		Language    string     `json:"language"`
		Items       []jsonItem `json:"items"`
	}{"https://jsonfeed.org/version/1.1", v.O.Name, v.Base + "/" + v.O.Slug + "/", v.Base + feedPath(v.O), v.O.Tagline, v.O.Language, []jsonItem{}}
	for _, e := range v.Entries {
		it := jsonItem{ID: fmt.Sprint(e.A.Num), URL: e.Link, Title: e.A.Title, Summary: e.A.Summary,
			DatePublished: e.A.Published.Format(time.RFC3339), Tags: []string{e.A.Outlet.Sections[e.A.Section]}}
		if e.Content != "" {
			it.ContentHTML = e.Content
		} else {
			it.ContentText = e.A.Summary
		}
		if e.A.Author != "" {
			it.Authors = []jsonAuthor{{e.A.Author}}
		}
		doc.Items = append(doc.Items, it)
	}
	return json.MarshalIndent(doc, "", "  ")
}
