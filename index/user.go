package index

import "time"

// Role is what a user may do.
type Role string

// Roles: admins keep sources, rules and accounts; analysts triage and
// respond; viewers read.
const (
	RoleAdmin   Role = "admin"
	RoleAnalyst Role = "analyst"
	RoleViewer  Role = "viewer"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleAnalyst || r == RoleViewer }

// CanWrite reports whether the role may change items and responses.
func (r Role) CanWrite() bool { return r == RoleAdmin || r == RoleAnalyst }

// User is an account of the service.
type User struct {
	ID           int64     `json:"id"`
	Username     string    `json:"username"`
	DisplayName  string    `json:"display_name"`
	Role         Role      `json:"role"`
	PasswordHash string    `json:"-"` // bcrypt
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
}

// Token is an API token; only its hash is stored.
type Token struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	LastUsed  time.Time `json:"last_used"`
	Revoked   bool      `json:"revoked"`
}

// AuditEvent records who did what to which object, and when.
type AuditEvent struct {
	ID     int64     `json:"id"`
	Actor  string    `json:"actor"`  // username, or "system"
	Action string    `json:"action"` // e.g. "item.status", "response.create"
	Object string    `json:"object"` // e.g. "item:3f2a…", "rule:border-bo-y"
	Detail string    `json:"detail,omitempty"`
	At     time.Time `json:"at"`
}
