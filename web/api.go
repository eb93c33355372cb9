package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
)

// maxAPIBody caps a JSON request body.
const maxAPIBody = 1 << 20

// apiItem is one item of a listing: the fields of `monitor search --json`
// plus summary and hits.
type apiItem struct {
	index.Listing
	Summary string      `json:"summary"`
	Hits    []index.Hit `json:"hits"`
}

func toAPIItem(it *index.Item) apiItem {
	a := apiItem{Listing: index.ListingOf(it), Summary: it.Summary, Hits: it.Hits}
	if a.Hits == nil {
		a.Hits = []index.Hit{}
	}
	return a
}

// apiItems is GET /api/v1/items: the search with facets, one page.
func (s *Server) apiItems(c *gin.Context) {
	q := c.Request.URL.Query()
	req, err := readSearchParams(q).request(s.cfg.Location)
	if err != nil {
		s.apiError(c, err)
		return
	}
	page, size := pageParam(q.Get("page")), searchSize
	if v := q.Get("page"); v != "" && (pageParam(v) != mustAtoi(v)) {
		s.apiError(c, index.Invalid("page", "must be a positive number"))
		return
	}
	if v := q.Get("size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			s.apiError(c, index.Invalid("size", "must be between 1 and 100"))
			return
		}
		size = n
	}
	req.Size, req.Offset, req.Facets = size, (page-1)*size, true
	res, err := s.runSearch(c, req)
	if err != nil {
		s.apiError(c, err)
		return
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	items, err := s.deps.Archive.GetItemsLight(c.Request.Context(), ids)
	if err != nil {
		s.apiError(c, err)
		return
	}
	out := make([]apiItem, 0, len(items))
	for _, it := range items {
		out = append(out, toAPIItem(it))
	}
	facets := map[string]map[string]int{}
	for _, name := range []string{"topic", "source", "origin", "month"} {
		facets[name] = map[string]int{}
		for _, fc := range res.Facets[name] {
			facets[name][fc.Term] = fc.Count
		}
	}
	c.JSON(http.StatusOK, gin.H{"total": res.Total, "page": page, "size": size, "items": out, "facets": facets})
}

func mustAtoi(s string) int { n, _ := strconv.Atoi(s); return n }

// apiItem is GET /api/v1/items/{id}: the whole item and its responses.
func (s *Server) apiItem(c *gin.Context) {
	ctx := c.Request.Context()
	it, err := s.deps.Archive.GetItem(ctx, c.Param("id"))
	if err != nil {
		s.apiError(c, err)
		return
	}
	rs, _, err := s.deps.Archive.ListResponses(ctx, index.ResponseFilter{ItemID: it.ID})
	if err != nil {
		s.apiError(c, err)
		return
	}
	if rs == nil {
		rs = []index.Response{}
	}
	c.JSON(http.StatusOK, struct {
		*index.Item
		Responses []index.Response `json:"responses"`
	}{it, rs})
}

// decodeJSON reads a JSON body into dst, refusing unknown fields; errors
// name the field at fault.
func decodeJSON(c *gin.Context, dst any) error {
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, maxAPIBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			return index.Invalid(te.Field, "must be a %s", te.Type)
		case errors.Is(err, io.EOF):
			return index.Invalid("body", "empty request body")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return index.Invalid(f, "unknown field")
		}
		return index.Invalid("body", "not valid JSON: %v", err)
	}
	return nil
}

type patchItem struct {
	Status    *string `json:"status"`
	Assignee  *string `json:"assignee"`
	Note      string  `json:"note"`
	UpdatedAt string  `json:"updated_at"` // optional: refuse a stale edit
}

// apiPatchItem is PATCH /api/v1/items/{id}.
func (s *Server) apiPatchItem(c *gin.Context) {
	var p patchItem
	if err := decodeJSON(c, &p); err != nil {
		s.apiError(c, err)
		return
	}
	u := index.ItemUpdate{Assignee: p.Assignee, Note: p.Note}
	if p.Status != nil {
		st := index.Status(*p.Status)
		if !st.Valid() {
			s.apiError(c, index.Invalid("status", "must be one of new, reviewing, flagged, responded, dismissed"))
			return
		}
		u.Status = &st
	}
	if p.UpdatedAt != "" {
		t, err := time.Parse(time.RFC3339Nano, p.UpdatedAt)
		if err != nil {
			s.apiError(c, index.Invalid("updated_at", "must be an RFC 3339 time"))
			return
		}
		u.IfUpdatedAt = t
	}
	id := c.Param("id")
	it, err := s.deps.Archive.UpdateItem(c.Request.Context(), actor(c), id, u)
	if err != nil {
		s.apiError(c, err)
		return
	}
	s.syncItems(c, id)
	c.JSON(http.StatusOK, it)
}

// apiAddTags is POST /api/v1/items/{id}/tags.
func (s *Server) apiAddTags(c *gin.Context) {
	var body struct {
		Tags []string `json:"tags"`
	}
	if err := decodeJSON(c, &body); err != nil {
		s.apiError(c, err)
		return
	}
	var tags []string
	for _, t := range body.Tags {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	if len(tags) == 0 {
		s.apiError(c, index.Invalid("tags", "at least one tag is required"))
		return
	}
	s.tagsAnswer(c, s.deps.Archive.AddTags(c.Request.Context(), actor(c), c.Param("id"), tags))
}

// apiRemoveTag is DELETE /api/v1/items/{id}/tags/{tag}.
func (s *Server) apiRemoveTag(c *gin.Context) {
	s.tagsAnswer(c, s.deps.Archive.RemoveTag(c.Request.Context(), actor(c), c.Param("id"), c.Param("tag")))
}

func (s *Server) tagsAnswer(c *gin.Context, err error) {
	id := c.Param("id")
	if err != nil {
		s.apiError(c, err)
		return
	}
	s.syncItems(c, id)
	it, err := s.deps.Archive.GetItem(c.Request.Context(), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"id": it.ID, "tags": index.ListingOf(it).Tags})
}

// apiTasks is GET /api/v1/plan/tasks (?plan= for another year's plan).
func (s *Server) apiTasks(c *gin.Context) {
	_, plan, err := s.currentPlan(c, c.Query("plan"))
	if err != nil {
		s.apiError(c, err)
		return
	}
	tasks, err := s.deps.Archive.ListTasks(c.Request.Context(), plan.ID)
	if err != nil {
		s.apiError(c, err)
		return
	}
	if tasks == nil {
		tasks = []index.PlanTask{}
	}
	c.JSON(http.StatusOK, gin.H{"plan": plan, "tasks": tasks})
}

type responseBody struct {
	ItemIDs []string `json:"item_ids"`
	Task    string   `json:"task"`
	Kind    string   `json:"kind"`
	Agency  string   `json:"agency"`
	Status  string   `json:"status"`
	Date    string   `json:"date"`
	URL     string   `json:"url"`
	Note    string   `json:"note"`
}

// apiCreateResponse is POST /api/v1/responses.
func (s *Server) apiCreateResponse(c *gin.Context) {
	var b responseBody
	if err := decodeJSON(c, &b); err != nil {
		s.apiError(c, err)
		return
	}
	r := &index.Response{ItemIDs: b.ItemIDs, Task: strings.TrimSpace(b.Task), Kind: index.ResponseKind(b.Kind),
		Agency: strings.TrimSpace(b.Agency), Status: index.ResponseStatus(b.Status), URL: strings.TrimSpace(b.URL), Note: b.Note}
	if r.Status == "" {
		r.Status = index.ResponsePlanned
	}
	if errs := checkResponse(r, b.Date, s.cfg.Location); len(errs) > 0 {
		s.apiError(c, firstFieldError(errs))
		return
	}
	ctx := c.Request.Context()
	if err := s.deps.Archive.CreateResponse(ctx, actor(c), r); err != nil {
		s.apiError(c, err)
		return
	}
	s.syncItems(c, r.ItemIDs...)
	c.JSON(http.StatusCreated, r)
}

// firstFieldError turns form messages (catalogue keys) into the API's
// error for the first field in name order.
func firstFieldError(errs map[string]string) error {
	fields := make([]string, 0, len(errs))
	for f := range errs {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	f := fields[0]
	msg := map[string]string{
		"form.required": "is required", "form.invalid_choice": "is not one of the allowed values",
		"form.bad_date": "must be a date YYYY-MM-DD", "form.bad_url": "must be an http(s) URL",
	}[errs[f]]
	if msg == "" {
		msg = "is invalid"
	}
	return index.Invalid(f, "%s", msg)
}

// apiResponses is GET /api/v1/responses?task=&page=.
func (s *Server) apiResponses(c *gin.Context) {
	q := c.Request.URL.Query()
	page := pageParam(q.Get("page"))
	const size = 100
	rs, total, err := s.deps.Archive.ListResponses(c.Request.Context(), index.ResponseFilter{
		Task: q.Get("task"), Status: index.ResponseStatus(q.Get("status")), Limit: size, Offset: (page - 1) * size,
	})
	if err != nil {
		s.apiError(c, err)
		return
	}
	if rs == nil {
		rs = []index.Response{}
	}
	c.JSON(http.StatusOK, gin.H{"total": total, "page": page, "responses": rs})
}

// apiSources is GET /api/v1/sources, health included.
func (s *Server) apiSources(c *gin.Context) {
	srcs, err := s.deps.Archive.ListSources(c.Request.Context())
	if err != nil {
		s.apiError(c, err)
		return
	}
	if srcs == nil {
		srcs = []index.Source{}
	}
	c.JSON(http.StatusOK, gin.H{"total": len(srcs), "sources": srcs})
}
