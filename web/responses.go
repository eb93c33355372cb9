package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
)

const responsesSize = 50

type responsesPage struct {
	Responses []index.Response
	Task      string
	Status    string
	Tasks     []index.PlanTask
	Pager     pager
}

func (s *Server) responsesPage(c *gin.Context) {
	q := c.Request.URL.Query()
	p := responsesPage{Task: q.Get("task"), Status: q.Get("status")}
	p.Pager = newPager(q, 0, responsesSize)
	rs, total, err := s.deps.Archive.ListResponses(c.Request.Context(), index.ResponseFilter{
		Task: p.Task, Status: index.ResponseStatus(p.Status), Limit: responsesSize, Offset: p.Pager.Offset(),
	})
	if err != nil {
		s.pageError(c, err)
		return
	}
	p.Responses, p.Pager = rs, newPager(q, total, responsesSize)
	if _, plan, err := s.currentPlan(c, ""); err == nil {
		p.Tasks, _ = s.deps.Archive.ListTasks(c.Request.Context(), plan.ID)
	}
	v := s.view(c, "responses.title")
	v.Data = p
	s.render(c, http.StatusOK, "responses", v)
}

// responseForm is the create/edit form: the values typed and the
// messages beside the fields.
type responseForm struct {
	ID      int64
	ItemIDs string
	Items   []*index.Item
	Task    string
	Kind    string
	Agency  string
	Status  string
	Date    string
	URL     string
	Note    string
	Back    string
	Updated string
	Tasks   []index.PlanTask
	Errors  map[string]string
}

func (s *Server) responseNew(c *gin.Context) {
	f := responseForm{
		ItemIDs: c.Query("item"), Task: c.Query("task"), Kind: string(index.KindRebuttal),
		Status: string(index.ResponsePlanned), Date: time.Now().In(s.cfg.Location).Format("2006-01-02"),
	}
	if f.ItemIDs != "" {
		f.Back = "/items/" + f.ItemIDs
	}
	s.renderResponseForm(c, http.StatusOK, f)
}

func (s *Server) responseEdit(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("rid"), 10, 64)
	if err != nil {
		s.pageError(c, index.ErrNotFound)
		return
	}
	r, err := s.deps.Archive.GetResponse(c.Request.Context(), id)
	if err != nil {
		s.pageError(c, err)
		return
	}
	f := responseForm{
		ID: r.ID, ItemIDs: strings.Join(r.ItemIDs, ", "), Task: r.Task, Kind: string(r.Kind), Agency: r.Agency,
		Status: string(r.Status), Date: r.Date.In(s.cfg.Location).Format("2006-01-02"), URL: r.URL, Note: r.Note,
		Updated: stamp(r.UpdatedAt),
	}
	s.renderResponseForm(c, http.StatusOK, f)
}

func (s *Server) renderResponseForm(c *gin.Context, status int, f responseForm) {
	ctx := c.Request.Context()
	if _, plan, err := s.currentPlan(c, ""); err == nil {
		f.Tasks, _ = s.deps.Archive.ListTasks(ctx, plan.ID)
	}
	if ids := splitIDs(f.ItemIDs); len(ids) > 0 {
		f.Items, _ = s.deps.Archive.GetItemsLight(ctx, ids)
	}
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	v := s.view(c, "responses.form_title")
	v.Data = f
	s.render(c, status, "response_form", v)
}

// readResponseForm reads the posted form into f and a response; field
// errors go beside their fields.
func (s *Server) readResponseForm(c *gin.Context) (responseForm, *index.Response) {
	f := responseForm{
		ItemIDs: c.PostForm("item_ids"), Task: strings.TrimSpace(c.PostForm("task")), Kind: c.PostForm("kind"),
		Agency: strings.TrimSpace(c.PostForm("agency")), Status: c.PostForm("status"), Date: c.PostForm("date"),
		URL: strings.TrimSpace(c.PostForm("url")), Note: c.PostForm("note"), Back: c.PostForm("back"),
		Updated: c.PostForm("updated_at"), Errors: map[string]string{},
	}
	r := &index.Response{ItemIDs: splitIDs(f.ItemIDs), Task: f.Task, Kind: index.ResponseKind(f.Kind),
		Agency: f.Agency, Status: index.ResponseStatus(f.Status), URL: f.URL, Note: f.Note}
	for field, err := range checkResponse(r, f.Date, s.cfg.Location) {
		f.Errors[field] = err
	}
	return f, r
}

// checkResponse validates what the form and the API share; it fills
// r.Date and returns catalogue keys by field.
func checkResponse(r *index.Response, date string, loc *time.Location) map[string]string {
	errs := map[string]string{}
	if len(r.ItemIDs) == 0 {
		errs["item_ids"] = "form.required"
	}
	if r.Task == "" {
		errs["task"] = "form.required"
	}
	if !r.Kind.Valid() {
		errs["kind"] = "form.invalid_choice"
	}
	if !r.Status.Valid() {
		errs["status"] = "form.invalid_choice"
	}
	d, err := parseDay("date", date, loc)
	if err != nil || d.IsZero() {
		errs["date"] = "form.bad_date"
	}
	r.Date = d
	if r.URL != "" {
		if u, err := url.Parse(r.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs["url"] = "form.bad_url"
		}
	}
	return errs
}

func (s *Server) responseCreate(c *gin.Context) {
	f, r := s.readResponseForm(c)
	s.writeResponse(c, f, r, s.deps.Archive.CreateResponse)
}

func (s *Server) responseSave(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("rid"), 10, 64)
	if err != nil {
		s.pageError(c, index.ErrNotFound)
		return
	}
	f, r := s.readResponseForm(c)
	f.ID, r.ID = id, id
	if f.Updated != "" {
		if t, err := time.Parse(time.RFC3339Nano, f.Updated); err == nil {
			r.UpdatedAt = t
		}
	}
	s.writeResponse(c, f, r, s.deps.Archive.UpdateResponse)
}

// writeResponse saves a valid form with write and goes back, or shows the
// form again with its errors (the store's field errors included).
func (s *Server) writeResponse(c *gin.Context, f responseForm, r *index.Response,
	write func(ctx context.Context, actor string, r *index.Response) error) {
	if len(f.Errors) == 0 {
		err := write(c.Request.Context(), actor(c), r)
		if err == nil {
			s.syncItems(c, r.ItemIDs...)
			s.setFlash(c, "flash.response_saved")
			c.Redirect(http.StatusSeeOther, backTo(c, "/responses"))
			return
		}
		if !fieldErrorInto(err, f.Errors) {
			s.pageError(c, err)
			return
		}
	}
	s.renderResponseForm(c, http.StatusBadRequest, f)
}

// syncItems refreshes the index for items a response touched; a failure
// is logged (the store is the truth and the index catches up at start).
func (s *Server) syncItems(c *gin.Context, ids ...string) {
	if err := s.deps.Sync.Sync(c.Request.Context(), ids...); err != nil {
		s.log.Warn("sync index after write", "ids", ids, "err", err)
	}
}

// splitIDs splits a list of item ids separated by commas or spaces.
func splitIDs(s string) []string {
	var out []string
	for _, id := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '\r' }) {
		out = append(out, id)
	}
	return out
}
