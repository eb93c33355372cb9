package web

import (
	"fmt"
	"net"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
)

// routes is the one route table, grouped by who may call each route.
func (s *Server) routes() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// X-Forwarded-For is believed only from the configured proxies (none
	// by default), so the login limiter's ClientIP cannot be spoofed; New
	// has checked the list.
	_ = r.SetTrustedProxies(trustedProxies(s.cfg.TrustedProxies))
	r.HandleMethodNotAllowed = true
	r.Use(s.recover, s.observe, securityHeaders)

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", s.serveMetrics)
	r.GET("/static/*file", s.static.serve)

	app := r.Group("/", noStore, s.authenticate, s.csrfCheck)
	app.GET("/login", s.loginForm)
	app.POST("/login", s.login)
	app.GET("/setup", s.setupForm)
	app.POST("/setup", s.setupSubmit)
	app.GET("/lang/:lang", s.switchLang)

	// Everyone signed in: read.
	read := app.Group("/", s.requireUser)
	read.POST("/logout", s.logout)
	read.GET("/", s.overview)
	read.GET("/queue", s.queue)
	read.GET("/search", s.searchPage)
	read.GET("/items/:id", s.itemPage)
	read.GET("/plan", s.planPage)
	read.GET("/plan/tasks/:code", s.taskPage)
	read.GET("/responses", s.responsesPage)
	read.GET("/sources", s.sourcesPage)
	read.GET("/sources/export.opml", s.sourcesExportOPML)
	read.GET("/rules", s.rulesPage)
	read.GET("/rules/view/:id", s.ruleView)
	read.GET("/account", s.accountPage)
	read.POST("/account/password", s.changePassword)
	read.POST("/account/tokens", s.createToken)
	read.POST("/account/tokens/:tid/revoke", s.revokeToken)
	read.GET("/export", s.exportPage)
	read.GET("/export/download", s.exportDownload)

	// Analysts and admins: triage and respond.
	write := read.Group("/", s.requireRole(index.RoleAdmin, index.RoleAnalyst))
	write.POST("/items/:id/update", s.itemUpdate)
	write.POST("/items/:id/tags", s.itemAddTags)
	write.POST("/items/:id/tags/:tag/delete", s.itemRemoveTag)
	write.GET("/responses/new", s.responseNew)
	write.POST("/responses", s.responseCreate)
	write.GET("/responses/:rid/edit", s.responseEdit)
	write.POST("/responses/:rid", s.responseSave)

	// Admins: sources, rules, accounts, audit.
	admin := read.Group("/", s.requireRole(index.RoleAdmin))
	admin.GET("/sources/new", s.sourceNew)
	admin.GET("/sources/edit/:name", s.sourceEdit)
	admin.POST("/sources", s.sourceSave)
	admin.POST("/sources/import-opml", s.sourcesImportOPML)
	admin.POST("/sources/enable/:name", s.sourceEnable)
	admin.POST("/sources/crawl/:name", s.sourceCrawl)
	admin.GET("/rules/new", s.ruleNew)
	admin.GET("/rules/edit/:id", s.ruleEdit)
	admin.POST("/rules", s.ruleSubmit)
	admin.GET("/rules/preview", s.rulePreview)
	admin.GET("/users", s.usersPage)
	admin.POST("/users", s.userCreate)
	admin.POST("/users/:uid", s.userUpdate)
	admin.GET("/audit", s.auditPage)

	s.apiRoutes(app)

	r.NoRoute(s.notFound)
	r.NoMethod(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, gin.H{"error": "method not allowed"})
	})
	return r
}

// apiRoutes is the JSON API (DESIGN, "JSON API").
func (s *Server) apiRoutes(app *gin.RouterGroup) {
	api := app.Group("/api/v1", s.requireUser)
	api.GET("/items", s.apiItems)
	api.GET("/items/:id", s.apiItem)
	api.GET("/plan/tasks", s.apiTasks)
	api.GET("/responses", s.apiResponses)
	api.GET("/sources", s.apiSources)
	api.GET("/export", s.exportDownload)
	w := api.Group("/", s.requireRole(index.RoleAdmin, index.RoleAnalyst))
	w.PATCH("/items/:id", s.apiPatchItem)
	w.POST("/items/:id/tags", s.apiAddTags)
	w.DELETE("/items/:id/tags/:tag", s.apiRemoveTag)
	w.POST("/responses", s.apiCreateResponse)
}

// trustedProxies is the list for gin, nil (trust none) when empty: gin
// trusts every address unless told otherwise.
func trustedProxies(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	return list
}

// checkTrustedProxies wants each entry an IP address or a CIDR range.
func checkTrustedProxies(list []string) error {
	// The same parsers as gin's, so that what passes here gin takes whole.
	for _, p := range list {
		if _, _, err := net.ParseCIDR(p); err == nil || net.ParseIP(p) != nil {
			continue
		}
		return fmt.Errorf("web: trusted proxy %q is not an IP address or CIDR range", p)
	}
	return nil
}

func (s *Server) notFound(c *gin.Context) {
	if isAPI(c) {
		c.AbortWithStatusJSON(http.StatusNotFound, gin.H{"error": "not found"})
		return
	}
	if u := s.sessionUser(c); u != nil {
		c.Set(ctxUser, u)
	}
	s.pageError(c, index.ErrNotFound)
}

// recover turns a panic into a 500 that is logged, never a crash.
func (s *Server) recover(c *gin.Context) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic serving request", "path", c.Request.URL.Path, "panic", p)
			c.AbortWithStatus(http.StatusInternalServerError)
		}
	}()
	c.Next()
}
