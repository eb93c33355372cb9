package demo

import (
	"bytes"
	"embed"
	"fmt"
	"hash/fnv"
	"html/template"
	"slices"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds one parsed template set per page kind.
type pages struct {
	article, list *template.Template
}

type sectionLink struct{ Key, Name string }

func parsePages() (*pages, error) {
	funcs := template.FuncMap{
		"hasFeed":  func(f string) bool { return f != FormatSite && f != FormatDown },
		"feedType": func(o *Outlet) string { return feedContentType(o.Format) },
		"feedPath": feedPath,
		"rfc3339":  func(t time.Time) string { return t.Format(time.RFC3339) },
		"localDate": func(a *Article) string {
			if a.Outlet.Language == "vi" {
				return a.Published.Format("15:04, 02/01/2006")
			}
			if a.Outlet.Language == "fr" {
				return a.Published.Format("02/01/2006 à 15h04")
			}
			return a.Published.Format("January 2, 2006 15:04")
		},
		"sectionName": func(a *Article) string { return a.Outlet.Sections[a.Section] },
		"sections": func(o *Outlet) []sectionLink {
			var out []sectionLink
			for k, v := range o.Sections {
				out = append(out, sectionLink{k, v})
			}
			slices.SortFunc(out, func(a, b sectionLink) int { return cmpString(a.Key, b.Key) })
			return out
		},
	}
	parse := func(page string) (*template.Template, error) {
		return template.New(page).Funcs(funcs).ParseFS(templateFS, "templates/base.html", "templates/"+page)
	}
	art, err := parse("article.html")
	if err != nil {
		return nil, fmt.Errorf("article template: %w", err)
	}
	list, err := parse("list.html")
	if err != nil {
		return nil, fmt.Errorf("list template: %w", err)
	}
	return &pages{article: art, list: list}, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type articleView struct {
	Base, Title string
	Outlet      *Outlet
	C           chrome
	A           *Article
	Related     []*Article
	Comments    []comment
}

type listView struct {
	Base, Title, Heading, Canonical string
	Outlet                          *Outlet
	C                               chrome
	Articles, MostRead              []*Article
	Page, Pages                     int
	Prev, Next                      string
}

// renderArticle renders a's page; related stories are its neighbours in
// time in the same outlet, comments a fixed pick by the article number.
func (p *pages) renderArticle(base string, a *Article) ([]byte, error) {
	c := chromeFor(a.Outlet.Language)
	v := articleView{Base: base, Title: a.Title + " - " + a.Outlet.Name, Outlet: a.Outlet, C: c, A: a,
		Related: neighbours(a, 4)}
	h := fnv.New32a()
	fmt.Fprint(h, a.Num)
	n := int(h.Sum32() % uint32(len(c.CommentsList)+1))
	v.Comments = c.CommentsList[:n]
	var buf bytes.Buffer
	if err := p.article.ExecuteTemplate(&buf, "article.html", v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (p *pages) renderList(v listView) ([]byte, error) {
	v.C = chromeFor(v.Outlet.Language)
	if len(v.Outlet.articles) > 0 {
		v.MostRead = mostRead(v.Outlet, 5)
	}
	var buf bytes.Buffer
	if err := p.list.ExecuteTemplate(&buf, "list.html", v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// neighbours returns up to n articles of a's outlet nearest to it in the
// outlet's order, a itself left out.
func neighbours(a *Article, n int) []*Article {
	arts := a.Outlet.articles
	i := slices.Index(arts, a)
	var out []*Article
	for d := 1; len(out) < n && (i-d >= 0 || i+d < len(arts)); d++ {
		if i-d >= 0 {
			out = append(out, arts[i-d])
		}
		if i+d < len(arts) && len(out) < n {
			out = append(out, arts[i+d])
		}
	}
	return out
}

// mostRead is a fixed pick of n of the outlet's articles, spread over its
// archive, for the sidebar.
func mostRead(o *Outlet, n int) []*Article {
	step := max(len(o.articles)/n, 1)
	var out []*Article
	for i := 0; i < len(o.articles) && len(out) < n; i += step {
		out = append(out, o.articles[i])
	}
	return out
}
