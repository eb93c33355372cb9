package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/csrf"

	"github.com/ttdn/monitor/index"
)

type ginCtxKey struct{}

// csrfProtectors are gorilla/csrf handlers built once: one sets Secure
// cookies (TLS), the other does not (plain HTTP on loopback).
type csrfProtectors struct {
	secure, plain http.Handler
}

// newCSRF builds the protectors around a handler that resumes the gin
// chain; failed is called when a token is missing or wrong.
func newCSRF(key []byte, failed http.HandlerFunc) csrfProtectors {
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := r.Context().Value(ginCtxKey{}).(*gin.Context)
		c.Request = r
		c.Next()
	})
	opts := func(secure bool) []csrf.Option {
		return []csrf.Option{
			csrf.Secure(secure), csrf.HttpOnly(true), csrf.Path("/"),
			csrf.SameSite(csrf.SameSiteLaxMode), csrf.CookieName("ttdn_csrf"),
			csrf.FieldName("csrf_token"), csrf.RequestHeader("X-CSRF-Token"),
			csrf.ErrorHandler(failed),
		}
	}
	return csrfProtectors{
		secure: csrf.Protect(key, opts(true)...)(next),
		plain:  csrf.Protect(key, opts(false)...)(next),
	}
}

// csrfCheck runs gorilla/csrf on every request: safe methods get a
// token, unsafe ones must present it (form field csrf_token or header
// X-CSRF-Token) unless they came with an API token.
func (s *Server) csrfCheck(c *gin.Context) {
	r := c.Request.WithContext(context.WithValue(c.Request.Context(), ginCtxKey{}, c))
	h := s.csrf.plain
	if s.secure(c) {
		h = s.csrf.secure
	} else {
		r = csrf.PlaintextHTTPRequest(r)
	}
	h.ServeHTTP(c.Writer, r)
	c.Abort() // the chain already ran inside, or the request was refused
}

// csrfFailed answers a request whose CSRF token is missing or wrong.
func (s *Server) csrfFailed(w http.ResponseWriter, r *http.Request) {
	c := r.Context().Value(ginCtxKey{}).(*gin.Context)
	c.Request = r
	s.log.Warn("csrf check failed", "path", r.URL.Path, "reason", csrf.FailureReason(r))
	if isAPI(c) && currentUser(c) == nil {
		s.apiError(c, index.ErrUnauthorized)
		return
	}
	if isAPI(c) {
		c.AbortWithStatusJSON(http.StatusForbidden, gin.H{"error": "csrf token missing or invalid"})
		return
	}
	v := s.view(c, "error.title")
	v.Data = errorPage{Status: http.StatusForbidden, Message: v.T("error.csrf")}
	s.render(c, http.StatusForbidden, "error", v)
	c.Abort()
}
