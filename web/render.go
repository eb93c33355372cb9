package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

//go:embed templates
var templateFS embed.FS

// templates holds one parsed set per page: the layout, the partials and
// the page itself.
type templates struct {
	pages map[string]*template.Template
}

// parseTemplates parses every page under templates/pages at start-up so
// a broken template fails New, not a request.
func parseTemplates(funcs template.FuncMap) (*templates, error) {
	names, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range names {
		page := strings.TrimSuffix(path.Base(name), ".html")
		set, err := template.New(page).Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials/*.html", name)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", page, err)
		}
		t.pages[page] = set
	}
	if len(t.pages) == 0 {
		return nil, fmt.Errorf("no page templates embedded")
	}
	return t, nil
}

// render executes page into a buffer and writes it only when it
// succeeded, so a template error never sends half a page with 200.
func (s *Server) render(c *gin.Context, status int, page string, v *view) {
	set, ok := s.tpl.pages[page]
	if !ok {
		s.log.Error("unknown page template", "page", page)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	entry := "layout"
	if v.Fragment {
		entry = "content"
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, entry, v); err != nil {
		s.log.Error("render page", "page", page, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}
