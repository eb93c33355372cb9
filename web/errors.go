package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/rules"
)

// errorStatus maps an error to its HTTP status: the one place that does.
func errorStatus(err error) int {
	var pe *rules.ParseError
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, index.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, index.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, index.ErrInvalid), errors.As(err, &pe):
		return http.StatusBadRequest
	case errors.Is(err, index.ErrUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, index.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	}
	return http.StatusInternalServerError
}

// errorField returns the input field at fault, "" when none.
func errorField(err error) string {
	var fe *index.FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	var pe *rules.ParseError
	if errors.As(err, &pe) {
		return "q"
	}
	return ""
}

// publicMessage is the error text a client may see: internal errors are
// logged, not shown.
func publicMessage(status int, err error) string {
	if status >= 500 {
		return http.StatusText(status)
	}
	switch status {
	case http.StatusNotFound:
		return "not found"
	case http.StatusUnauthorized:
		return "authentication required"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusConflict:
		if errors.Is(err, index.ErrConflict) {
			return "conflict: the object changed since it was read"
		}
	}
	return err.Error()
}

// apiError answers a JSON error {"error": ..., "field": ...} with the
// status errorStatus gives, logging server errors.
func (s *Server) apiError(c *gin.Context, err error) {
	status := errorStatus(err)
	if status >= 500 {
		s.log.Error("api request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	body := gin.H{"error": publicMessage(status, err)}
	if f := errorField(err); f != "" {
		body["field"] = f
	}
	c.AbortWithStatusJSON(status, body)
}

// pageError renders the error page with the status errorStatus gives,
// logging server errors.
func (s *Server) pageError(c *gin.Context, err error) {
	status := errorStatus(err)
	if status >= 500 {
		s.log.Error("page request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	v := s.view(c, "error.title")
	key := "error.server"
	switch status {
	case http.StatusNotFound:
		key = "error.not_found"
	case http.StatusForbidden:
		key = "error.forbidden"
	case http.StatusConflict:
		key = "error.conflict"
	case http.StatusBadRequest:
		key = "error.bad_request"
	}
	v.Data = errorPage{Status: status, Message: v.T(key), Detail: detailFor(status, err)}
	s.render(c, status, "error", v)
	c.Abort()
}

type errorPage struct {
	Status  int
	Message string
	Detail  string
}

func detailFor(status int, err error) string {
	if status != http.StatusBadRequest {
		return ""
	}
	return strings.TrimSpace(err.Error())
}

// isAPI reports whether the request is for the JSON API.
func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }
