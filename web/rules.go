package web

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/rules"
)

// previewSize is how many archive matches the rule preview lists.
const previewSize = 20

// builtinTopics are the plan's three topics; admins may add others.
var builtinTopics = []string{"border", "human_rights", "religion"}

// topics lists the known topics: the built-in ones and any a rule uses.
func (s *Server) topics(c *gin.Context) []string {
	out := append([]string(nil), builtinTopics...)
	rs, err := s.deps.Archive.ListRules(c.Request.Context())
	if err != nil {
		return out
	}
	for _, r := range rs {
		if r.Topic != "" && !contains(out, r.Topic) {
			out = append(out, r.Topic)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

type rulesPage struct {
	Rules []index.Rule
}

func (s *Server) rulesPage(c *gin.Context) {
	rs, err := s.deps.Archive.ListRules(c.Request.Context())
	if err != nil {
		s.pageError(c, err)
		return
	}
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Topic != rs[j].Topic {
			return rs[i].Topic < rs[j].Topic
		}
		return rs[i].ID < rs[j].ID
	})
	v := s.view(c, "rules.title")
	v.Data = rulesPage{Rules: rs}
	s.render(c, http.StatusOK, "rules", v)
}

type ruleViewPage struct {
	Rule     *index.Rule
	Versions []index.RuleVersion
}

func (s *Server) ruleView(c *gin.Context) {
	r, err := s.deps.Archive.GetRule(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	vs, err := s.deps.Archive.RuleVersions(c.Request.Context(), r.ID)
	if err != nil {
		s.pageError(c, err)
		return
	}
	v := s.view(c, "rules.view_title")
	v.Data = ruleViewPage{Rule: r, Versions: vs}
	s.render(c, http.StatusOK, "rule_view", v)
}

// ruleForm is the rule editor: what was typed, field messages, and the
// preview of the draft over the archive.
type ruleForm struct {
	Editing                              bool
	ID, Topic, Severity, Languages, Expr string
	Description                          string
	Enabled                              bool
	Version                              int
	Topics                               []string
	Errors                               map[string]string
	Preview                              *rulePreview
}

// rulePreview is the dry run of a draft expression over the archive.
type rulePreview struct {
	Expr     string
	ParseErr *rules.ParseError
	Caret    string
	Total    int
	Items    []*index.Item
}

func (s *Server) ruleNew(c *gin.Context) {
	f := ruleForm{Topic: builtinTopics[0], Severity: string(index.SeverityMedium), Expr: c.Query("expr"), Enabled: true, Languages: "vi, en, fr"}
	if f.Expr != "" {
		f.Preview = s.preview(c, f.Expr)
	}
	s.renderRuleForm(c, http.StatusOK, f)
}

func (s *Server) ruleEdit(c *gin.Context) {
	r, err := s.deps.Archive.GetRule(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	f := ruleForm{Editing: true, ID: r.ID, Topic: r.Topic, Severity: string(r.Severity), Languages: strings.Join(r.Languages, ", "),
		Expr: r.Expr, Description: r.Description, Enabled: r.Enabled, Version: r.Version}
	f.Preview = s.preview(c, f.Expr)
	s.renderRuleForm(c, http.StatusOK, f)
}

func (s *Server) renderRuleForm(c *gin.Context, status int, f ruleForm) {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	f.Topics = s.topics(c)
	v := s.view(c, "rules.edit_title")
	v.Data = f
	s.render(c, status, "rule_form", v)
}

// ruleSubmit previews the draft (op=preview) or saves it.
func (s *Server) ruleSubmit(c *gin.Context) {
	ver, _ := strconv.Atoi(c.PostForm("version"))
	f := ruleForm{
		Editing: c.PostForm("editing") == "1", ID: strings.TrimSpace(c.PostForm("id")), Topic: strings.TrimSpace(c.PostForm("topic")),
		Severity: c.PostForm("severity"), Languages: c.PostForm("languages"), Expr: c.PostForm("expr"),
		Description: strings.TrimSpace(c.PostForm("description")), Enabled: c.PostForm("enabled") == "1",
		Version: ver, Errors: map[string]string{},
	}
	f.Preview = s.preview(c, f.Expr)
	if c.PostForm("op") == "preview" {
		s.renderRuleForm(c, http.StatusOK, f)
		return
	}
	if !slugRe.MatchString(f.ID) {
		f.Errors["id"] = "sources.bad_name"
	}
	if f.Topic == "" {
		f.Errors["topic"] = "form.required"
	}
	if !index.Severity(f.Severity).Valid() {
		f.Errors["severity"] = "form.invalid_choice"
	}
	if f.Preview.ParseErr != nil {
		f.Errors["expr"] = "rules.fix_expr"
	}
	r := index.Rule{ID: f.ID, Topic: f.Topic, Severity: index.Severity(f.Severity), Languages: splitTags(f.Languages),
		Expr: f.Expr, Description: f.Description, Enabled: f.Enabled, Pack: "custom", Version: f.Version}
	if len(f.Errors) == 0 && !compiles(r) {
		f.Errors["expr"] = "rules.fix_expr"
	}
	if len(f.Errors) > 0 {
		s.renderRuleForm(c, http.StatusBadRequest, f)
		return
	}
	if f.Editing {
		if old, err := s.deps.Archive.GetRule(c.Request.Context(), f.ID); err == nil {
			r.Pack = old.Pack
		}
	}
	if _, err := s.deps.Archive.SaveRule(c.Request.Context(), actor(c), r); err != nil {
		if !fieldErrorInto(err, f.Errors) {
			s.pageError(c, err)
			return
		}
		s.renderRuleForm(c, http.StatusBadRequest, f)
		return
	}
	s.setFlash(c, s.reloadRules(c))
	c.Redirect(http.StatusSeeOther, "/rules/view/"+f.ID)
}

// compiles reports whether the matcher would take r, as ingest will
// compile it (enabled or not: a disabled rule may be enabled later).
func compiles(r index.Rule) bool {
	_, err := rules.Compile([]rules.Rule{{ID: r.ID, Topic: r.Topic, Severity: string(r.Severity), Languages: r.Languages,
		Expr: r.Expr, Enabled: true, Pack: r.Pack}})
	return err == nil
}

// reloadRules puts the saved rules in force for ingest and returns the
// flash that says how it went. The rule is saved either way.
func (s *Server) reloadRules(c *gin.Context) string {
	if s.deps.Rules == nil {
		return "flash.rule_saved"
	}
	if err := s.deps.Rules.ReloadRules(c.Request.Context()); err != nil {
		s.log.Error("rules saved but not reloaded for ingest", "user", actor(c), "err", err)
		return "flash.error.rules_reload"
	}
	return "flash.rule_saved"
}

// rulePreview answers the editor's live preview: the preview block only.
func (s *Server) rulePreview(c *gin.Context) {
	v := s.view(c, "rules.edit_title")
	v.Data = ruleForm{Preview: s.preview(c, c.Query("expr"))}
	v.Fragment = true
	s.render(c, http.StatusOK, "rule_preview", v)
}

// preview parses expr and runs it over the archive, newest matches first.
func (s *Server) preview(c *gin.Context, expr string) *rulePreview {
	p := &rulePreview{Expr: expr}
	node, err := rules.Parse(expr)
	var pe *rules.ParseError
	if errors.As(err, &pe) {
		p.ParseErr, p.Caret = pe, caretLine(expr, pe.Col)
		return p
	}
	if err != nil {
		p.ParseErr = &rules.ParseError{Col: 1, Msg: err.Error()}
		return p
	}
	res, err := s.runSearch(c, search.Request{Query: node, Size: previewSize, Sort: search.SortNewest})
	if err != nil {
		s.log.Warn("rule preview search", "err", err)
		return p
	}
	p.Total = res.Total
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	p.Items, _ = s.deps.Archive.GetItemsLight(c.Request.Context(), ids)
	return p
}
