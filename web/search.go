package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/microcosm-cc/bluemonday"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/rules"
)

// searchSize is the page size of the search page and the API default.
const searchSize = 20

// facetNames are the facets shown, in order.
var facetNames = []string{"topic", "source", "origin", "language", "status", "month"}

// searchParams are the filters of a search, as the page and the API
// take them.
type searchParams struct {
	Q, Topic, Source, Origin, Language, Status, Tag, Month, From, To string
	Flagged                                                          string
}

func readSearchParams(q url.Values) searchParams {
	return searchParams{
		Q: q.Get("q"), Topic: q.Get("topic"), Source: q.Get("source"), Origin: q.Get("origin"),
		Language: q.Get("language"), Status: q.Get("status"), Tag: q.Get("tag"), Month: q.Get("month"),
		From: q.Get("from"), To: q.Get("to"), Flagged: q.Get("flagged"),
	}
}

// request turns the parameters into a search request, with a field error
// for the first parameter at fault.
func (p searchParams) request(loc *time.Location) (search.Request, error) {
	node, err := rules.Parse(p.Q)
	if err != nil {
		return search.Request{}, err
	}
	req := search.Request{Query: node, Topics: one(p.Topic), Sources: one(p.Source), Languages: one(p.Language), Tags: one(p.Tag), Month: p.Month}
	if p.Origin != "" {
		if !index.Origin(p.Origin).Valid() {
			return req, index.Invalid("origin", "must be domestic or foreign")
		}
		req.Origins = one(p.Origin)
	}
	if p.Status != "" {
		if !index.Status(p.Status).Valid() {
			return req, index.Invalid("status", "unknown status %q", p.Status)
		}
		req.Statuses = one(p.Status)
	}
	if p.Month != "" {
		if _, err := time.Parse("2006-01", p.Month); err != nil {
			return req, index.Invalid("month", "must be YYYY-MM")
		}
	}
	if p.Flagged != "" {
		b, err := strconv.ParseBool(p.Flagged)
		if err != nil {
			return req, index.Invalid("flagged", "must be true or false")
		}
		req.Flagged = &b
	}
	if req.From, err = parseDay("from", p.From, loc); err != nil {
		return req, err
	}
	if req.To, err = parseDay("to", p.To, loc); err != nil {
		return req, err
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		return req, index.Invalid("to", "is before from")
	}
	return req, nil
}

func one(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// parseDay parses YYYY-MM-DD as midnight in loc; "" is the zero time.
func parseDay(field, s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, index.Invalid(field, "must be a date YYYY-MM-DD")
	}
	return t, nil
}

// runSearch queries the index, timing it.
func (s *Server) runSearch(c *gin.Context, req search.Request) (*search.Result, error) {
	start := time.Now()
	res, err := s.deps.Search.Search(c.Request.Context(), req)
	s.metrics.search.Observe(time.Since(start).Seconds())
	return res, err
}

func searchPing() search.Request { return search.Request{Query: &rules.MatchAll{}, Size: 1} }

// snippetPolicy lets only <mark> through the index's snippets.
var snippetPolicy = bluemonday.NewPolicy().AllowElements("mark")

type searchHit struct {
	Item     *index.Item
	Title    template.HTML
	Snippets []template.HTML
}

type facetValue struct {
	Term  string
	Count int
	On    bool
}

type searchPage struct {
	Params   searchParams
	Searched bool
	Total    int
	Hits     []searchHit
	Facets   map[string][]facetValue
	Names    []string
	ParseErr *rules.ParseError
	Errors   map[string]string
	Pager    pager
	Took     time.Duration
}

func (s *Server) searchPage(c *gin.Context) {
	q := c.Request.URL.Query()
	p := searchPage{Params: readSearchParams(q), Names: facetNames, Errors: map[string]string{}}
	p.Pager = newPager(q, 0, searchSize)
	status := http.StatusOK
	req, err := p.Params.request(s.cfg.Location)
	if err == nil {
		req.Size, req.Offset, req.Facets, req.Highlight = searchSize, p.Pager.Offset(), true, true
		start := time.Now()
		var res *search.Result
		if res, err = s.runSearch(c, req); err == nil {
			p.Took = time.Since(start)
			err = s.fillSearch(c, &p, res)
		}
	}
	if err != nil {
		var pe *rules.ParseError
		switch {
		case errors.As(err, &pe):
			p.ParseErr = pe
		case !fieldErrorInto(err, p.Errors):
			s.pageError(c, err)
			return
		}
		status = http.StatusBadRequest
	}
	v := s.view(c, "search.title")
	v.Data = p
	s.render(c, status, "search", v)
}

func (s *Server) fillSearch(c *gin.Context, p *searchPage, res *search.Result) error {
	p.Searched, p.Total = true, res.Total
	p.Pager = newPager(c.Request.URL.Query(), res.Total, searchSize)
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	items, err := s.deps.Archive.GetItemsLight(c.Request.Context(), ids)
	if err != nil {
		return err
	}
	byID := map[string]*index.Item{}
	for _, it := range items {
		byID[it.ID] = it
	}
	for _, h := range res.Hits {
		it, ok := byID[h.ID]
		if !ok {
			continue // deleted since it was indexed
		}
		sh := searchHit{Item: it, Title: template.HTML(snippetPolicy.Sanitize(h.Title))}
		if h.Title == "" {
			sh.Title = template.HTML(template.HTMLEscapeString(it.Title))
		}
		for _, sn := range h.Snippets {
			sh.Snippets = append(sh.Snippets, template.HTML(snippetPolicy.Sanitize(sn)))
		}
		p.Hits = append(p.Hits, sh)
	}
	p.Facets = map[string][]facetValue{}
	selected := map[string]string{"topic": p.Params.Topic, "source": p.Params.Source, "origin": p.Params.Origin,
		"language": p.Params.Language, "status": p.Params.Status, "month": p.Params.Month}
	for _, name := range facetNames {
		for _, fc := range res.Facets[name] {
			p.Facets[name] = append(p.Facets[name], facetValue{Term: fc.Term, Count: fc.Count, On: selected[name] == fc.Term})
		}
	}
	return nil
}

// Caret renders the expression with a marker under the error column.
func (p searchPage) Caret() string {
	if p.ParseErr == nil {
		return ""
	}
	return caretLine(p.Params.Q, p.ParseErr.Col)
}

// caretLine puts "^" under the 1-based column col of expr.
func caretLine(expr string, col int) string {
	n := max(col-1, 0)
	runes := []rune(expr)
	n = min(n, len(runes))
	return expr + "\n" + strings.Repeat(" ", n) + "^"
}

// FacetURL is the search URL with facet name set to term (or cleared
// when it is already set), every other parameter kept.
func (p searchPage) FacetURL(name, term string, on bool) template.URL {
	q := url.Values{}
	for k, v := range map[string]string{"q": p.Params.Q, "topic": p.Params.Topic, "source": p.Params.Source,
		"origin": p.Params.Origin, "language": p.Params.Language, "status": p.Params.Status, "tag": p.Params.Tag,
		"month": p.Params.Month, "from": p.Params.From, "to": p.Params.To, "flagged": p.Params.Flagged} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if on {
		q.Del(name)
	} else {
		q.Set(name, term)
	}
	return template.URL(q.Encode())
}
