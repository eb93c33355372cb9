package web

import (
	"errors"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/web/i18n"
)

// minPassword is the shortest password accepted.
const minPassword = 10

type loginPage struct {
	Username string
	Next     string
}

func (s *Server) loginForm(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
		return
	}
	v := s.view(c, "login.title")
	v.Data = loginPage{Next: safeNext(c.Query("next"))}
	s.render(c, http.StatusOK, "login", v)
}

func (s *Server) login(c *gin.Context) {
	username := strings.TrimSpace(c.PostForm("username"))
	password := c.PostForm("password")
	next := safeNext(c.PostForm("next"))
	keys := []string{"ip:" + clientKey(c.ClientIP()), "user:" + strings.ToLower(username)}
	v := s.view(c, "login.title")
	v.Data = loginPage{Username: username, Next: next}
	now := time.Now()
	if !s.limiter.allowed(now, keys...) {
		s.metrics.logins.WithLabelValues("limited").Inc()
		v.Error = "login.too_many"
		s.render(c, http.StatusTooManyRequests, "login", v)
		return
	}
	u, err := s.deps.Archive.GetUser(c.Request.Context(), username)
	if err != nil && !errors.Is(err, index.ErrNotFound) {
		s.pageError(c, err)
		return
	}
	if u == nil || u.Disabled || bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		if u == nil {
			// Spend the same time as a real comparison.
			_ = bcrypt.CompareHashAndPassword([]byte("$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z1fdf7Ylw5bIjGV8SyyxQwA."), []byte(password))
		}
		s.limiter.fail(now, keys...)
		s.metrics.logins.WithLabelValues("failed").Inc()
		v.Error = "login.failed"
		s.render(c, http.StatusUnauthorized, "login", v)
		return
	}
	s.limiter.reset(keys[1])
	if err := s.startSession(c, u); err != nil {
		s.pageError(c, err)
		return
	}
	s.metrics.logins.WithLabelValues("ok").Inc()
	c.Redirect(http.StatusSeeOther, next)
}

// clientKey is the login limiter's key for a client address: the address
// itself for IPv4, its /64 for IPv6, where one subscriber holds a whole
// /64 and could otherwise try again from a fresh address each time.
func clientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Is4() || a.Is4In6() {
		return ip
	}
	p, err := a.Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}

func (s *Server) logout(c *gin.Context) {
	if err := s.endSession(c); err != nil {
		s.log.Error("logout not recorded", "user", actor(c), "err", err)
		s.setFlash(c, "flash.error.logout")
	}
	c.Redirect(http.StatusSeeOther, "/login")
}

func (s *Server) switchLang(c *gin.Context) {
	lang := i18n.Pick(c.Param("lang"))
	c.SetCookieData(&http.Cookie{
		Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: s.secure(c), SameSite: http.SameSiteLaxMode,
	})
	c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
}

type accountPage struct {
	Tokens   []index.Token
	NewToken string
	Errors   map[string]string
}

func (s *Server) accountPage(c *gin.Context) {
	s.renderAccount(c, http.StatusOK, accountPage{})
}

func (s *Server) renderAccount(c *gin.Context, status int, p accountPage) {
	toks, err := s.deps.Archive.ListTokens(c.Request.Context(), currentUser(c).ID)
	if err != nil {
		s.pageError(c, err)
		return
	}
	p.Tokens = toks
	v := s.view(c, "account.title")
	v.Data = p
	s.render(c, status, "account", v)
}

func (s *Server) changePassword(c *gin.Context) {
	u := currentUser(c)
	errs := map[string]string{}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(c.PostForm("current"))) != nil {
		errs["current"] = "account.wrong_password"
	}
	pw := c.PostForm("new")
	if msg := passwordProblem(pw, c.PostForm("confirm")); msg != "" {
		errs["new"] = msg
	}
	if len(errs) > 0 {
		s.renderAccount(c, http.StatusBadRequest, accountPage{Errors: errs})
		return
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	if err != nil {
		s.pageError(c, err)
		return
	}
	if err := s.deps.Archive.SetPassword(c.Request.Context(), u.Username, u.Username, string(hash)); err != nil {
		s.pageError(c, err)
		return
	}
	u.PasswordHash = string(hash)
	if err := s.startSession(c, u); err != nil {
		s.pageError(c, err)
		return
	}
	s.setFlash(c, "account.password_changed")
	c.Redirect(http.StatusSeeOther, "/account")
}

// passwordProblem returns the catalogue key of what is wrong with a new
// password, "" when it is acceptable.
func passwordProblem(pw, confirm string) string {
	switch {
	case len([]rune(pw)) < minPassword:
		return "account.password_short"
	case pw != confirm:
		return "account.password_mismatch"
	}
	return ""
}

func (s *Server) createToken(c *gin.Context) {
	u := currentUser(c)
	name := strings.TrimSpace(c.PostForm("name"))
	if name == "" {
		s.renderAccount(c, http.StatusBadRequest, accountPage{Errors: map[string]string{"name": "form.required"}})
		return
	}
	plain, err := s.deps.Archive.CreateToken(c.Request.Context(), u.Username, u.ID, name)
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.renderAccount(c, http.StatusOK, accountPage{NewToken: plain})
}

func (s *Server) revokeToken(c *gin.Context) {
	u := currentUser(c)
	id, err := strconv.ParseInt(c.Param("tid"), 10, 64)
	if err != nil {
		s.pageError(c, index.ErrNotFound)
		return
	}
	toks, err := s.deps.Archive.ListTokens(c.Request.Context(), u.ID)
	if err != nil {
		s.pageError(c, err)
		return
	}
	owned := false
	for _, t := range toks {
		owned = owned || t.ID == id
	}
	if !owned && u.Role != index.RoleAdmin {
		s.pageError(c, index.ErrNotFound)
		return
	}
	if err := s.deps.Archive.RevokeToken(c.Request.Context(), u.Username, id); err != nil {
		s.pageError(c, err)
		return
	}
	s.setFlash(c, "account.token_revoked")
	c.Redirect(http.StatusSeeOther, "/account")
}

type setupPage struct {
	Token    string
	Username string
	Display  string
	Errors   map[string]string
}

// setupAllowed checks the one-time link: straight from this machine, a
// valid token, and no users yet.
func (s *Server) setupAllowed(c *gin.Context, token string) bool {
	if !directLocal(c.Request) || !s.setup.valid(token) {
		return false
	}
	n, err := s.deps.Archive.CountUsers(c.Request.Context())
	return err == nil && n == 0
}

// forwardingHeaders are the headers a reverse proxy adds; any of them
// means the request did not come from a browser on this machine.
var forwardingHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-Ip", "Via"}

// directLocal reports whether the request came from this machine without
// a proxy in between. Behind a proxy on the same host every request has a
// loopback peer, so the peer alone does not tell; the proxy's headers do.
// Trusted proxies do not change this: whoever reaches the proxy is not
// "this machine".
func directLocal(r *http.Request) bool {
	if !isLoopback(r.RemoteAddr) {
		return false
	}
	for _, h := range forwardingHeaders {
		if len(r.Header.Values(h)) > 0 {
			return false
		}
	}
	return true
}

// setupRefused answers a setup request that is not allowed. Through a
// proxy it says how to make the first admin instead; otherwise it is a
// plain 404 that tells nothing about the token or the accounts.
func (s *Server) setupRefused(c *gin.Context) {
	if !isLoopback(c.Request.RemoteAddr) || directLocal(c.Request) {
		s.pageError(c, index.ErrNotFound)
		return
	}
	v := s.view(c, "setup.title")
	v.Data = errorPage{Status: http.StatusForbidden, Message: v.T("setup.local_only")}
	s.render(c, http.StatusForbidden, "error", v)
	c.Abort()
}

func (s *Server) setupForm(c *gin.Context) {
	tok := c.Query("token")
	if !s.setupAllowed(c, tok) {
		s.setupRefused(c)
		return
	}
	v := s.view(c, "setup.title")
	v.Data = setupPage{Token: tok}
	s.render(c, http.StatusOK, "setup", v)
}

func (s *Server) setupSubmit(c *gin.Context) {
	p := setupPage{
		Token: c.PostForm("token"), Username: strings.TrimSpace(c.PostForm("username")),
		Display: strings.TrimSpace(c.PostForm("display_name")), Errors: map[string]string{},
	}
	if !s.setupAllowed(c, p.Token) {
		s.setupRefused(c)
		return
	}
	if p.Username == "" {
		p.Errors["username"] = "form.required"
	}
	pw := c.PostForm("password")
	if msg := passwordProblem(pw, c.PostForm("confirm")); msg != "" {
		p.Errors["password"] = msg
	}
	if len(p.Errors) == 0 {
		u, err := s.createUser(c, "setup", p.Username, p.Display, index.RoleAdmin, pw)
		if err == nil {
			s.setup.consume()
			if err := s.startSession(c, u); err != nil {
				s.pageError(c, err)
				return
			}
			c.Redirect(http.StatusSeeOther, "/")
			return
		}
		if !fieldErrorInto(err, p.Errors) {
			s.pageError(c, err)
			return
		}
	}
	v := s.view(c, "setup.title")
	v.Data = p
	s.render(c, http.StatusBadRequest, "setup", v)
}

// createUser hashes the password and creates the account.
func (s *Server) createUser(c *gin.Context, by, username, display string, role index.Role, pw string) (*index.User, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	if err != nil {
		return nil, err
	}
	if display == "" {
		display = username
	}
	u := &index.User{Username: username, DisplayName: display, Role: role, PasswordHash: string(hash)}
	if err := s.deps.Archive.CreateUser(c.Request.Context(), by, u); err != nil {
		return nil, err
	}
	return u, nil
}

// fieldErrorInto puts a *index.FieldError's message beside its field (or
// under "form" for a conflict) and reports whether it did.
func fieldErrorInto(err error, errs map[string]string) bool {
	var fe *index.FieldError
	switch {
	case errors.As(err, &fe):
		errs[fe.Field] = "!" + fe.Message
		return true
	case errors.Is(err, index.ErrConflict):
		errs["form"] = "error.conflict"
		return true
	}
	return false
}
