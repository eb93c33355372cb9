package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/csrf"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/web/i18n"
)

const (
	ctxUser = "web.user"
	ctxAuth = "web.auth" // "session" or "token"
)

// currentUser returns the signed-in user, nil when anonymous.
func currentUser(c *gin.Context) *index.User {
	if u, ok := c.Get(ctxUser); ok {
		return u.(*index.User)
	}
	return nil
}

// actor is the username recorded in the audit log for the request.
func actor(c *gin.Context) string {
	if u := currentUser(c); u != nil {
		return u.Username
	}
	return ""
}

func langOf(c *gin.Context) string {
	// Vietnamese first whatever the browser prefers; English by the switch.
	if l, err := c.Cookie(langCookie); err == nil {
		return i18n.Pick(l)
	}
	return i18n.Default
}

// secure reports whether cookies set on this request get the Secure flag.
func (s *Server) secure(c *gin.Context) bool {
	return s.cfg.SecureCookies || c.Request.TLS != nil ||
		strings.EqualFold(c.GetHeader("X-Forwarded-Proto"), "https")
}

// authenticate loads the user from a Bearer token or the session cookie.
// A wrong token is refused at once; a bad cookie is ignored (anonymous).
func (s *Server) authenticate(c *gin.Context) {
	if h := c.GetHeader("Authorization"); h != "" {
		plain, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || strings.TrimSpace(plain) == "" {
			s.apiError(c, index.ErrUnauthorized)
			return
		}
		u, err := s.deps.Archive.UserByToken(c.Request.Context(), strings.TrimSpace(plain))
		if err != nil || u.Disabled {
			if err != nil && !errors.Is(err, index.ErrNotFound) && !errors.Is(err, index.ErrUnauthorized) {
				s.apiError(c, err)
				return
			}
			s.apiError(c, index.ErrUnauthorized)
			return
		}
		c.Set(ctxUser, u)
		c.Set(ctxAuth, "token")
		// A token is not sent by browsers on their own: no CSRF check.
		c.Request = csrf.UnsafeSkipCheck(c.Request)
		c.Next()
		return
	}
	if u := s.sessionUser(c); u != nil {
		c.Set(ctxUser, u)
		c.Set(ctxAuth, "session")
	}
	c.Next()
}

func (s *Server) sessionUser(c *gin.Context) *index.User {
	raw, err := c.Cookie(sessionCookie)
	if err != nil || raw == "" {
		return nil
	}
	sess, ok := s.cookies.decode(raw, time.Now())
	if !ok {
		return nil
	}
	revoked, err := s.sessions.SessionRevoked(c.Request.Context(), sess.N)
	if err != nil {
		// Unsure whether the user logged out: refuse rather than admit.
		s.log.Error("session revocation check", "err", err)
		return nil
	}
	if revoked {
		return nil
	}
	u, err := s.deps.Archive.GetUserByID(c.Request.Context(), sess.UID)
	if err != nil || u.Disabled || pwFingerprint(u.PasswordHash) != sess.PW {
		return nil
	}
	c.Set("web.session", sess)
	return u
}

// requireUser sends anonymous page requests to the login form (and back
// after), and answers 401 on the API.
func (s *Server) requireUser(c *gin.Context) {
	if currentUser(c) != nil {
		c.Next()
		return
	}
	if isAPI(c) {
		s.apiError(c, index.ErrUnauthorized)
		return
	}
	next := c.Request.URL.RequestURI()
	if c.Request.Method != http.MethodGet {
		next = c.Request.Referer()
		if u, err := url.Parse(next); err == nil {
			next = u.RequestURI()
		}
	}
	c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(safeNext(next)))
	c.Abort()
}

// requireRole refuses the request (403) unless the user's role is one of
// roles. It runs after requireUser.
func (s *Server) requireRole(roles ...index.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		for _, r := range roles {
			if u != nil && u.Role == r {
				c.Next()
				return
			}
		}
		if isAPI(c) {
			s.apiError(c, index.ErrForbidden)
			return
		}
		s.pageError(c, index.ErrForbidden)
	}
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if strings.HasPrefix(next, "/login") || strings.HasPrefix(next, "/logout") {
		return "/"
	}
	return next
}

// startSession sets the session cookie for u.
func (s *Server) startSession(c *gin.Context, u *index.User) error {
	sess := session{UID: u.ID, Exp: time.Now().Add(s.cfg.SessionTTL).Unix(), PW: pwFingerprint(u.PasswordHash), N: randomToken(12)}
	v, err := s.cookies.encode(sess)
	if err != nil {
		return err
	}
	c.SetCookieData(&http.Cookie{
		Name: sessionCookie, Value: v, Path: "/", MaxAge: int(s.cfg.SessionTTL.Seconds()),
		HttpOnly: true, Secure: s.secure(c), SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// endSession revokes the request's session for good and clears its
// cookie. It returns an error when the revocation could not be recorded:
// the cookie is cleared in this browser, but a copy of it would still work.
func (s *Server) endSession(c *gin.Context) error {
	var err error
	if v, ok := c.Get("web.session"); ok {
		sess := v.(session)
		err = s.sessions.RevokeSession(c.Request.Context(), sess.N, time.Unix(sess.Exp, 0))
	}
	c.SetCookieData(&http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(c), SameSite: http.SameSiteLaxMode,
	})
	return err
}

// setFlash shows a one-line message (a catalogue key) on the next page.
func (s *Server) setFlash(c *gin.Context, key string) {
	c.SetCookieData(&http.Cookie{
		Name: flashCookie, Value: key, Path: "/", MaxAge: 60,
		HttpOnly: true, Secure: s.secure(c), SameSite: http.SameSiteLaxMode,
	})
}

// SetupURL returns the one-time link that creates the first admin, valid
// for an hour and from loopback only. It returns "" when users exist.
func (s *Server) SetupURL(ctx context.Context) (string, error) {
	n, err := s.deps.Archive.CountUsers(ctx)
	if err != nil {
		return "", err
	}
	if n > 0 {
		return "", nil
	}
	tok := s.setup.issue(time.Hour)
	return strings.TrimRight(s.cfg.BaseURL, "/") + "/setup?token=" + tok, nil
}
