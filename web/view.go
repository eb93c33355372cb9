package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/csrf"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/web/i18n"
)

// view is what every page template receives: the request's language,
// user and CSRF token, the page title, and the page's own Data.
type view struct {
	Lang      string
	User      *index.User
	CSRFToken string
	Path      string
	TitleKey  string
	Flash     string
	Error     string
	Data      any
	// Fragment renders only the page's "content" block (partial updates).
	Fragment bool

	s *Server
}

// view builds the common part of a page for the request.
func (s *Server) view(c *gin.Context, titleKey string) *view {
	v := &view{
		Lang:      langOf(c),
		User:      currentUser(c),
		CSRFToken: csrf.Token(c.Request),
		Path:      c.Request.URL.Path,
		TitleKey:  titleKey,
		s:         s,
	}
	if f, err := c.Cookie(flashCookie); err == nil && f != "" {
		if s.cat.Has(f) {
			v.Flash = f
		}
		c.SetCookie(flashCookie, "", -1, "/", "", s.secure(c), true)
	}
	return v
}

// FlashError reports whether the flash message reports a failure.
func (v *view) FlashError() bool { return strings.HasPrefix(v.Flash, "flash.error.") }

// T translates key into the page's language.
func (v *view) T(key string, args ...any) string { return v.s.cat.T(v.Lang, key, args...) }

// Date formats t as dd/mm/yyyy (Vietnamese) in the server's time zone.
func (v *view) Date(t time.Time) string { return i18n.Date(v.Lang, t, v.s.cfg.Location) }

// DateTime formats t with its time of day in the server's time zone.
func (v *view) DateTime(t time.Time) string { return i18n.DateTime(v.Lang, t, v.s.cfg.Location) }

// ISODate formats t as YYYY-MM-DD in the server's time zone (form values).
func (v *view) ISODate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(v.s.cfg.Location).Format("2006-01-02")
}

// CanWrite reports whether the user may change items and responses.
func (v *view) CanWrite() bool { return v.User != nil && v.User.Role.CanWrite() }

// IsAdmin reports whether the user is an admin.
func (v *view) IsAdmin() bool { return v.User != nil && v.User.Role == index.RoleAdmin }

// Static returns the fingerprinted URL of an embedded asset.
func (v *view) Static(name string) string { return v.s.static.URL(name) }

// HasCrawler reports whether "crawl now" is wired.
func (v *view) HasCrawler() bool { return v.s.deps.Crawler != nil }

// Active reports whether the page is under prefix (navigation).
func (v *view) Active(prefix string) bool {
	if prefix == "/" {
		return v.Path == "/"
	}
	return strings.HasPrefix(v.Path, prefix)
}

// funcs are the template functions beside the view's methods.
func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"join": strings.Join,
		"add":  func(a, b int) int { return a + b },
		"sub":  func(a, b int) int { return a - b },
		"query": func(kv ...any) template.URL {
			q := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				if val := fmt.Sprint(kv[i+1]); val != "" {
					q.Set(fmt.Sprint(kv[i]), val)
				}
			}
			return template.URL(q.Encode())
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"contains": func(list []string, s string) bool {
			for _, x := range list {
				if x == s {
					return true
				}
			}
			return false
		},
		"str":     func(x any) string { return fmt.Sprint(x) },
		"stamp":   stamp,
		"now":     time.Now,
		"roles":   func() []string { return []string{"admin", "analyst", "viewer"} },
		"list3":   func() []string { return []string{"low", "medium", "high"} },
		"pathesc": url.PathEscape,
	}
}

// Msg shows a form message: a catalogue key, or "!text" for a message
// the archive wrote.
func (v *view) Msg(s string) string {
	if t, ok := strings.CutPrefix(s, "!"); ok {
		return t
	}
	return v.T(s)
}

// Topic names a topic in the page's language; topics an admin added show
// as written.
func (v *view) Topic(t string) string {
	if key := "topic." + t; v.s.cat.Has(key) {
		return v.T(key)
	}
	return t
}

// Label translates prefix+value, falling back to value itself.
func (v *view) Label(prefix string, value any) string {
	key := prefix + fmt.Sprint(value)
	if v.s.cat.Has(key) {
		return v.T(key)
	}
	return fmt.Sprint(value)
}

// pager is the paging state of a listing.
type pager struct {
	Page, Pages, Total, Size int
	q                        url.Values
}

func newPager(q url.Values, total, size int) pager {
	p := pager{Page: pageParam(q.Get("page")), Total: total, Size: size, q: q}
	p.Pages = (total + size - 1) / size
	return p
}

// Offset is the index of the page's first row.
func (p pager) Offset() int { return (p.Page - 1) * p.Size }

// URL is the query string of page n with every other parameter kept.
func (p pager) URL(n int) template.URL {
	q := url.Values{}
	for k, vs := range p.q {
		q[k] = vs
	}
	q.Set("page", fmt.Sprint(n))
	return template.URL(q.Encode())
}

// pageParam parses a 1-based page number; anything else is page 1.
func pageParam(s string) int {
	n := 0
	if _, err := fmt.Sscan(s, &n); err != nil || n < 1 {
		return 1
	}
	return min(n, 100000)
}

// Statuses lists the item statuses for selects.
func (v *view) Statuses() []string { return strs(index.Statuses) }

// Kinds lists the response kinds for selects.
func (v *view) Kinds() []string { return strs(index.ResponseKinds) }

// RStatuses lists the response statuses for selects.
func (v *view) RStatuses() []string { return strs(index.ResponseStatuses) }

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// Time formats t's time of day (24-hour clock) in the server's time zone.
func (v *view) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(v.s.cfg.Location).Format("15:04")
}

// Terms lists a hit's matched terms once each, as first written.
func (v *view) Terms(ms []index.Match) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range ms {
		k := strings.ToLower(m.Term)
		if !seen[k] {
			seen[k] = true
			out = append(out, m.Term)
		}
	}
	return out
}
