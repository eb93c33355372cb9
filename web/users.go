package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/web/i18n"
)

type usersPage struct {
	Users  []index.User
	New    newUserForm
	Errors map[string]string
}

type newUserForm struct {
	Username, Display, Role string
}

func (s *Server) usersPage(c *gin.Context) {
	s.renderUsers(c, http.StatusOK, usersPage{New: newUserForm{Role: string(index.RoleAnalyst)}})
}

func (s *Server) renderUsers(c *gin.Context, status int, p usersPage) {
	users, err := s.deps.Archive.ListUsers(c.Request.Context())
	if err != nil {
		s.pageError(c, err)
		return
	}
	i18n.SortFunc(langOf(c), users, func(u index.User) string { return u.DisplayName })
	p.Users = users
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	v := s.view(c, "users.title")
	v.Data = p
	s.render(c, status, "users", v)
}

func (s *Server) userCreate(c *gin.Context) {
	f := newUserForm{Username: strings.TrimSpace(c.PostForm("username")), Display: strings.TrimSpace(c.PostForm("display_name")), Role: c.PostForm("role")}
	p := usersPage{New: f, Errors: map[string]string{}}
	if f.Username == "" {
		p.Errors["username"] = "form.required"
	}
	if !index.Role(f.Role).Valid() {
		p.Errors["role"] = "form.invalid_choice"
	}
	pw := c.PostForm("password")
	if msg := passwordProblem(pw, c.PostForm("confirm")); msg != "" {
		p.Errors["password"] = msg
	}
	if len(p.Errors) == 0 {
		_, err := s.createUser(c, actor(c), f.Username, f.Display, index.Role(f.Role), pw)
		if err == nil {
			s.setFlash(c, "flash.user_created")
			c.Redirect(http.StatusSeeOther, "/users")
			return
		}
		if !fieldErrorInto(err, p.Errors) {
			s.pageError(c, err)
			return
		}
	}
	s.renderUsers(c, http.StatusBadRequest, p)
}

// userUpdate changes a user's role, display name, disabled flag or
// password (admins only). An admin cannot demote or disable themself.
func (s *Server) userUpdate(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("uid"), 10, 64)
	if err != nil {
		s.pageError(c, index.ErrNotFound)
		return
	}
	u, err := s.deps.Archive.GetUserByID(ctx, id)
	if err != nil {
		s.pageError(c, err)
		return
	}
	p := usersPage{New: newUserForm{Role: string(index.RoleAnalyst)}, Errors: map[string]string{}}
	role := index.Role(c.PostForm("role"))
	disabled := c.PostForm("disabled") == "1"
	if !role.Valid() {
		p.Errors["role"] = "form.invalid_choice"
	}
	if u.ID == currentUser(c).ID && (role != index.RoleAdmin || disabled) {
		p.Errors["form"] = "users.not_yourself"
	}
	pw := c.PostForm("password")
	if pw != "" {
		if msg := passwordProblem(pw, pw); msg != "" {
			p.Errors["password"] = msg
		}
	}
	if len(p.Errors) > 0 {
		s.renderUsers(c, http.StatusBadRequest, p)
		return
	}
	u.Role, u.Disabled = role, disabled
	if d := strings.TrimSpace(c.PostForm("display_name")); d != "" {
		u.DisplayName = d
	}
	if err := s.deps.Archive.UpdateUser(ctx, actor(c), u); err != nil {
		if fieldErrorInto(err, p.Errors) {
			s.renderUsers(c, http.StatusBadRequest, p)
			return
		}
		s.pageError(c, err)
		return
	}
	if pw != "" {
		hash, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
		if err == nil {
			err = s.deps.Archive.SetPassword(ctx, actor(c), u.Username, string(hash))
		}
		if err != nil {
			s.pageError(c, err)
			return
		}
	}
	s.setFlash(c, "flash.saved")
	c.Redirect(http.StatusSeeOther, "/users")
}

const auditSize = 100

type auditPage struct {
	Events        []index.AuditEvent
	Actor, Object string
	Pager         pager
}

func (s *Server) auditPage(c *gin.Context) {
	q := c.Request.URL.Query()
	p := auditPage{Actor: q.Get("actor"), Object: q.Get("object")}
	p.Pager = newPager(q, 0, auditSize)
	evs, total, err := s.deps.Archive.ListAudit(c.Request.Context(), index.AuditFilter{Actor: p.Actor, Object: p.Object, Limit: auditSize, Offset: p.Pager.Offset()})
	if err != nil {
		s.pageError(c, err)
		return
	}
	p.Events, p.Pager = evs, newPager(q, total, auditSize)
	v := s.view(c, "audit.title")
	v.Data = p
	s.render(c, http.StatusOK, "audit", v)
}
