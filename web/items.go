package web

import (
	"errors"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/rules"
	"github.com/ttdn/monitor/web/i18n"
)

// itemPage is the data of the article page.
type itemPage struct {
	Item       *index.Item
	Title      template.HTML
	Summary    template.HTML
	Paragraphs []template.HTML
	Siblings   []*index.Item
	Responses  []index.Response
	Users      []index.User
	Query      string
	Note       string
	Errors     map[string]string
}

// stamp is the hidden updated_at value a form sends back to detect a
// stale edit.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func (s *Server) itemPage(c *gin.Context) {
	s.renderItem(c, http.StatusOK, c.Param("id"), itemPage{Query: c.Query("q")})
}

// renderItem loads everything the article page shows; p carries what the
// user typed when a form is shown again.
func (s *Server) renderItem(c *gin.Context, status int, id string, p itemPage) {
	ctx := c.Request.Context()
	it, err := s.deps.Archive.GetItem(ctx, id)
	if err != nil {
		s.pageError(c, err)
		return
	}
	p.Item = it
	extra := queryMatches(p.Query, it)
	ms := allMatches(it.Hits, extra)
	p.Title = highlightLine(it.Title, "title", ms)
	p.Summary = highlightLine(it.Summary, "summary", ms)
	p.Paragraphs = paragraphs(it.Body, ms)
	if it.Cluster != "" {
		members, err := s.deps.Archive.ClusterMembers(ctx, it.Cluster)
		if err != nil {
			s.pageError(c, err)
			return
		}
		for _, m := range members {
			if m.ID != it.ID {
				p.Siblings = append(p.Siblings, m)
			}
		}
	}
	p.Responses, _, err = s.deps.Archive.ListResponses(ctx, index.ResponseFilter{ItemID: id})
	if err != nil {
		s.pageError(c, err)
		return
	}
	if currentUser(c).Role.CanWrite() {
		if p.Users, err = s.sortedUsers(c); err != nil {
			s.pageError(c, err)
			return
		}
	}
	v := s.view(c, "item.title")
	v.Data = p
	s.render(c, status, "item", v)
}

// queryMatches marks where a search query (the q the page was opened
// with) matches the item; a query that does not parse marks nothing.
func queryMatches(q string, it *index.Item) []index.Match {
	if strings.TrimSpace(q) == "" {
		return nil
	}
	node, err := rules.Parse(q)
	if err != nil {
		return nil
	}
	ok, ms := rules.Eval(node, rules.Doc{Title: it.Title, Summary: it.Summary, Body: it.Body, Language: it.Language})
	if !ok {
		return nil
	}
	out := make([]index.Match, 0, len(ms))
	for _, m := range ms {
		out = append(out, index.Match{Field: string(m.Field), Term: m.Term, Start: m.Start, End: m.End})
	}
	return out
}

// sortedUsers lists active accounts in Vietnamese collation order.
func (s *Server) sortedUsers(c *gin.Context) ([]index.User, error) {
	users, err := s.deps.Archive.ListUsers(c.Request.Context())
	if err != nil {
		return nil, err
	}
	out := users[:0]
	for _, u := range users {
		if !u.Disabled && u.Role.CanWrite() {
			out = append(out, u)
		}
	}
	i18n.SortFunc(langOf(c), out, func(u index.User) string { return u.DisplayName })
	return out, nil
}

// formUpdate reads an item form: an action button (dismiss, flag,
// review, assign_me) or the status/assignee fields, a note, and the
// updated_at stamp.
func formUpdate(c *gin.Context) (index.ItemUpdate, error) {
	var u index.ItemUpdate
	if st := c.PostForm("updated_at"); st != "" {
		t, err := time.Parse(time.RFC3339Nano, st)
		if err != nil {
			return u, index.Invalid("updated_at", "not a time")
		}
		u.IfUpdatedAt = t
	}
	set := func(st index.Status) { u.Status = &st }
	switch c.PostForm("action") {
	case "dismiss":
		set(index.StatusDismissed)
	case "flag":
		set(index.StatusFlagged)
	case "review":
		set(index.StatusReviewing)
	case "assign_me":
		me := actor(c)
		u.Assignee = &me
	default:
		if st := c.PostForm("status"); st != "" {
			set(index.Status(st))
		}
		if a, ok := c.GetPostForm("assignee"); ok {
			u.Assignee = &a
		}
	}
	u.Note = c.PostForm("note")
	return u, nil
}

func (s *Server) itemUpdate(c *gin.Context) {
	id := c.Param("id")
	u, err := formUpdate(c)
	if err == nil {
		_, err = s.deps.Archive.UpdateItem(c.Request.Context(), actor(c), id, u)
	}
	if err == nil {
		s.syncItems(c, id)
	}
	s.afterItemWrite(c, id, u.Note, err)
}

func (s *Server) itemAddTags(c *gin.Context) {
	id := c.Param("id")
	tags := splitTags(c.PostForm("tags"))
	var err error
	if len(tags) == 0 {
		err = index.Invalid("tags", "required")
	} else {
		err = s.deps.Archive.AddTags(c.Request.Context(), actor(c), id, tags)
	}
	if err == nil {
		s.syncItems(c, id)
	}
	s.afterItemWrite(c, id, "", err)
}

func (s *Server) itemRemoveTag(c *gin.Context) {
	id := c.Param("id")
	err := s.deps.Archive.RemoveTag(c.Request.Context(), actor(c), id, c.Param("tag"))
	if err == nil {
		s.syncItems(c, id)
	}
	s.afterItemWrite(c, id, "", err)
}

// afterItemWrite answers an item form: JSON for the keyboard script,
// otherwise a redirect back, or the item page again with the message
// beside the field (a stale edit shows the current item and keeps the
// note typed).
func (s *Server) afterItemWrite(c *gin.Context, id, note string, err error) {
	wantsJSON := strings.Contains(c.GetHeader("Accept"), "application/json")
	if err != nil {
		if wantsJSON {
			s.apiError(c, err)
			return
		}
		p := itemPage{Note: note, Errors: map[string]string{}}
		if errors.Is(err, index.ErrNotFound) || !fieldErrorInto(err, p.Errors) {
			s.pageError(c, err)
			return
		}
		s.renderItem(c, errorStatus(err), id, p)
		return
	}
	if wantsJSON {
		it, gerr := s.deps.Archive.GetItem(c.Request.Context(), id)
		if gerr != nil {
			s.apiError(c, gerr)
			return
		}
		c.JSON(http.StatusOK, gin.H{"id": it.ID, "status": it.Status, "assignee": it.Assignee, "tags": it.Tags, "updated_at": stamp(it.UpdatedAt)})
		return
	}
	s.setFlash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, backTo(c, "/items/"+id))
}

// backTo returns the form's "back" field when it stays on this site.
func backTo(c *gin.Context, def string) string {
	if b := c.PostForm("back"); b != "" && safeNext(b) == b {
		return b
	}
	return def
}

// splitTags splits "a, b; c" into trimmed, non-empty tags.
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}
