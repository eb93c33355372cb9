package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/web/report"
)

type exportPage struct {
	Presets []report.Preset
	From    string
	To      string
	Topics  []string
	Tasks   []index.PlanTask
}

// exportPage is the "Xuất báo cáo" form; the download is exportDownload.
func (s *Server) exportPage(c *gin.Context) {
	now := time.Now().In(s.cfg.Location)
	p := exportPage{Presets: report.Presets(now, s.cfg.Location), Topics: s.topics(c)}
	if _, plan, err := s.currentPlan(c, ""); err == nil {
		p.Tasks, _ = s.deps.Archive.ListTasks(c.Request.Context(), plan.ID)
	}
	v := s.view(c, "export.title")
	v.Data = p
	s.render(c, http.StatusOK, "export", v)
}

// exportDownload serves GET /api/v1/export and the export form's
// download through the report package.
func (s *Server) exportDownload(c *gin.Context) {
	report.ServeExport(c.Writer, c.Request, report.HTTPConfig{
		Source: s.deps.Archive, Topics: s.topics(c), Letterhead: s.deps.Letterhead,
		Location: s.cfg.Location, Logger: s.log,
	})
}
