package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/crawler/opml"
	"github.com/ttdn/monitor/index"
)

// opmlResult is what an OPML import did (or why it was refused), shown
// above the sources table.
type opmlResult struct {
	New, Updated, Skipped int
	Error                 string // translation key; nothing was changed
	Detail                string
}

// sourcesExportOPML downloads every source as OPML 2.0, the file feed
// readers (Miniflux, Feedly…) import.
func (s *Server) sourcesExportOPML(c *gin.Context) {
	srcs, err := s.sortedSources(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	c.Header("Content-Type", "text/x-opml; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="nguon-tin.opml"`)
	c.Status(http.StatusOK)
	if err := opml.Write(c.Writer, "TTĐN Monitor", srcs); err != nil {
		s.log.Warn("export opml", "err", err)
	}
}

// sourcesImportOPML adds the feeds of an uploaded OPML file: new ones are
// added, this service's own export updates the sources it names, feeds
// already watched are skipped. All are saved in one transaction; a file
// that is not OPML changes nothing.
func (s *Server) sourcesImportOPML(c *gin.Context) {
	res := s.importOPML(c)
	status := http.StatusOK
	if res.Error != "" {
		status = http.StatusBadRequest
	}
	srcs, err := s.sortedSources(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	v := s.view(c, "sources.title")
	v.Data = sourcesPage{Sources: srcs, Import: &res}
	s.render(c, status, "sources", v)
}

func (s *Server) importOPML(c *gin.Context) opmlResult {
	fh, err := c.FormFile("file")
	if err != nil {
		return opmlResult{Error: "sources.opml_no_file"}
	}
	if fh.Size > opml.MaxBytes {
		return opmlResult{Error: "sources.opml_too_large"}
	}
	f, err := fh.Open()
	if err != nil {
		return opmlResult{Error: "sources.opml_unreadable", Detail: err.Error()}
	}
	defer f.Close()
	entries, err := opml.ParseEntries(io.LimitReader(f, opml.MaxBytes+1))
	if err != nil {
		key := "sources.opml_invalid"
		if errors.Is(err, opml.ErrNotOPML) {
			key = "sources.opml_not_opml"
		}
		return opmlResult{Error: key, Detail: err.Error()}
	}
	ctx := c.Request.Context()
	existing, err := s.deps.Archive.ListSources(ctx)
	if err != nil {
		return opmlResult{Error: "sources.opml_failed", Detail: err.Error()}
	}
	var res opmlResult
	var save []index.Source
	for _, act := range opml.PlanImport(entries, existing) {
		switch act.Kind {
		case opml.ActionNew:
			res.New++
			save = append(save, act.Source)
		case opml.ActionUpdate:
			res.Updated++
			save = append(save, act.Source)
		default:
			res.Skipped++
		}
	}
	if err := s.deps.Archive.UpsertSources(ctx, actor(c), save); err != nil {
		return opmlResult{Error: "sources.opml_failed", Detail: err.Error()}
	}
	return res
}
