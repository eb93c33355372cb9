package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/web/i18n"
)

type sourcesPage struct {
	Sources []index.Source
	Import  *opmlResult // after an OPML upload
}

func (s *Server) sortedSources(c *gin.Context) ([]index.Source, error) {
	srcs, err := s.deps.Archive.ListSources(c.Request.Context())
	if err != nil {
		return nil, err
	}
	i18n.SortFunc(langOf(c), srcs, func(x index.Source) string { return x.Name })
	return srcs, nil
}

func (s *Server) sourcesPage(c *gin.Context) {
	srcs, err := s.sortedSources(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	v := s.view(c, "sources.title")
	v.Data = sourcesPage{Sources: srcs}
	s.render(c, http.StatusOK, "sources", v)
}

// sourceForm is the add/edit form.
type sourceForm struct {
	Editing                                                           bool
	Name, Title, Kind, URL, Origin, Country, Language, Interval, Link string
	Enabled                                                           bool
	Errors                                                            map[string]string
}

func (s *Server) sourceNew(c *gin.Context) {
	s.renderSourceForm(c, http.StatusOK, sourceForm{Kind: index.KindFeed, Origin: string(index.OriginDomestic), Language: "vi", Country: "VN", Interval: "30m", Enabled: true})
}

func (s *Server) sourceEdit(c *gin.Context) {
	src, err := s.deps.Archive.GetSource(c.Request.Context(), c.Param("name"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.renderSourceForm(c, http.StatusOK, sourceForm{
		Editing: true, Name: src.Name, Title: src.Title, Kind: src.Kind, URL: src.URL, Origin: string(src.Origin),
		Country: src.Country, Language: src.Language, Interval: src.Interval.String(), Link: src.LinkSelector, Enabled: src.Enabled,
	})
}

func (s *Server) renderSourceForm(c *gin.Context, status int, f sourceForm) {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	v := s.view(c, "sources.form_title")
	v.Data = f
	s.render(c, status, "source_form", v)
}

var slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

func (s *Server) sourceSave(c *gin.Context) {
	f := sourceForm{
		Editing: c.PostForm("editing") == "1", Name: strings.TrimSpace(c.PostForm("name")), Title: strings.TrimSpace(c.PostForm("title")),
		Kind: c.PostForm("kind"), URL: strings.TrimSpace(c.PostForm("url")), Origin: c.PostForm("origin"),
		Country: strings.ToUpper(strings.TrimSpace(c.PostForm("country"))), Language: strings.TrimSpace(c.PostForm("language")),
		Interval: strings.TrimSpace(c.PostForm("interval")), Link: strings.TrimSpace(c.PostForm("link_selector")),
		Enabled: c.PostForm("enabled") == "1", Errors: map[string]string{},
	}
	src := index.Source{Name: f.Name, Title: f.Title, Kind: f.Kind, URL: f.URL, Origin: index.Origin(f.Origin),
		Country: f.Country, Language: f.Language, LinkSelector: f.Link, Enabled: f.Enabled}
	if !slugRe.MatchString(f.Name) {
		f.Errors["name"] = "sources.bad_name"
	}
	if f.Kind != index.KindFeed && f.Kind != index.KindSite {
		f.Errors["kind"] = "form.invalid_choice"
	}
	if u, err := url.Parse(f.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		f.Errors["url"] = "form.bad_url"
	}
	if !src.Origin.Valid() {
		f.Errors["origin"] = "form.invalid_choice"
	}
	if d, err := time.ParseDuration(f.Interval); err != nil || d < time.Minute {
		f.Errors["interval"] = "sources.bad_interval"
	} else {
		src.Interval = d
	}
	if f.Kind == index.KindSite && f.Link == "" {
		f.Errors["link_selector"] = "sources.need_selector"
	}
	if len(f.Errors) == 0 {
		if f.Editing {
			if old, err := s.deps.Archive.GetSource(c.Request.Context(), f.Name); err == nil {
				src.Health = old.Health
			}
		}
		err := s.deps.Archive.UpsertSource(c.Request.Context(), actor(c), src)
		if err == nil {
			s.setFlash(c, "flash.saved")
			c.Redirect(http.StatusSeeOther, "/sources")
			return
		}
		if !fieldErrorInto(err, f.Errors) {
			s.pageError(c, err)
			return
		}
	}
	s.renderSourceForm(c, http.StatusBadRequest, f)
}

func (s *Server) sourceEnable(c *gin.Context) {
	on := c.PostForm("enabled") == "1"
	if err := s.deps.Archive.SetSourceEnabled(c.Request.Context(), actor(c), c.Param("name"), on); err != nil {
		s.pageError(c, err)
		return
	}
	s.setFlash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/sources")
}

// sourceCrawl starts crawling one source in the background; the outcome
// shows in the source's health.
func (s *Server) sourceCrawl(c *gin.Context) {
	if s.deps.Crawler == nil {
		s.pageError(c, index.ErrNotFound)
		return
	}
	name := c.Param("name")
	if _, err := s.deps.Archive.GetSource(c.Request.Context(), name); err != nil {
		s.pageError(c, err)
		return
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		ctx, cancel := context.WithTimeout(s.bgCtx, 10*time.Minute)
		defer cancel()
		if err := s.deps.Crawler.CrawlSource(ctx, name); err != nil {
			s.log.Warn("crawl now failed", "source", name, "err", err)
		}
	}()
	s.setFlash(c, "flash.crawl_started")
	c.Redirect(http.StatusSeeOther, "/sources")
}

// sourceErrors maps what crawler errors say to plain words, first match
// wins.
var sourceErrors = []struct{ substr, key string }{
	{"timeout", "srcerr.timeout"}, {"deadline exceeded", "srcerr.timeout"}, {"quá thời gian chờ", "srcerr.timeout"},
	{"no such host", "srcerr.dns"}, {"connection refused", "srcerr.refused"},
	{"certificate", "srcerr.tls"}, {"tls", "srcerr.tls"},
	// A status code wins over robots.txt: a robots.txt answered with 500
	// is the server failing, not a refusal.
	{"500", "srcerr.server"}, {"502", "srcerr.server"}, {"503", "srcerr.server"}, {"504", "srcerr.server"},
	// Only a refusal is a refusal; a robots.txt that could not be read
	// (for a cause not matched above) is said as such.
	{"không cho phép", "srcerr.robots"}, {"disallow", "srcerr.robots"},
	{"không đọc được robots.txt", "srcerr.robots_unavailable"},
	{"404", "srcerr.not_found"}, {"403", "srcerr.forbidden"},
	{"429", "srcerr.rate_limited"}, {"too large", "srcerr.too_large"}, {"body size", "srcerr.too_large"},
	{"redirect", "srcerr.redirects"}, {"parse", "srcerr.parse"}, {"malformed", "srcerr.parse"},
}

// SourceError puts a crawler error in plain words, keeping the original
// after a dash.
func (v *view) SourceError(msg string) string {
	if msg == "" {
		return ""
	}
	low := strings.ToLower(msg)
	for _, e := range sourceErrors {
		if strings.Contains(low, e.substr) {
			return v.T(e.key) + " — " + msg
		}
	}
	return msg
}
