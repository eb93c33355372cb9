package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"github.com/ttdn/monitor/index"
	"golang.org/x/text/unicode/norm"
)

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._@-]{0,63}$`)

const userCols = `id, username, display_name, role, password_hash, disabled, created_at`

func scanUser(sc scanner) (*index.User, error) {
	var u index.User
	var disabled int
	if err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.PasswordHash, &disabled, tsc(&u.CreatedAt)); err != nil {
		return nil, err
	}
	u.Disabled = disabled != 0
	return &u, nil
}

func validateUser(u *index.User) error {
	u.DisplayName = strings.TrimSpace(norm.NFC.String(u.DisplayName))
	switch {
	case !usernameRe.MatchString(u.Username):
		return index.Invalid("username", "%q must be 1–64 lower-case letters, digits, '.', '_', '@' or '-'", u.Username)
	case !u.Role.Valid():
		return index.Invalid("role", "%q must be admin, analyst or viewer", u.Role)
	case len(u.DisplayName) > 200:
		return index.Invalid("display_name", "longer than 200 bytes")
	}
	return nil
}

// validHash accepts what looks like a bcrypt hash, so that a plain
// password never gets stored by mistake.
func validHash(h string) error {
	if len(h) != 60 || !strings.HasPrefix(h, "$2") {
		return index.Invalid("password", "not a bcrypt hash")
	}
	return nil
}

// CreateUser adds an account (u.PasswordHash already bcrypt), with an
// audit event, and sets u.ID and u.CreatedAt. It returns index.ErrConflict
// when the username is taken and an index.FieldError for a bad username,
// role or hash.
func (s *Store) CreateUser(ctx context.Context, actor string, u *index.User) error {
	if err := validateUser(u); err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	if err := validHash(u.PasswordHash); err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		t := now()
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, role, password_hash, disabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.Username, u.DisplayName, string(u.Role), u.PasswordHash,
			boolInt(u.Disabled), tsNow(t), tsNow(t)).Scan(&u.ID)
		if err != nil {
			return err
		}
		u.CreatedAt = t
		return audit(ctx, tx, actor, "user.create", "user:"+u.Username, "role "+string(u.Role))
	})
	return wrap("create user "+u.Username, err)
}

// GetUser returns the account with that username; index.ErrNotFound
// when there is none.
func (s *Store) GetUser(ctx context.Context, username string) (*index.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = ?`, username))
	return u, wrap("get user "+username, err)
}

// GetUserByID returns the account with that id; index.ErrNotFound when
// there is none.
func (s *Store) GetUserByID(ctx context.Context, id int64) (*index.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	return u, wrap(fmt.Sprintf("get user %d", id), err)
}

// ListUsers returns every account by username (hashes included; the
// JSON form of index.User leaves them out).
func (s *Store) ListUsers(ctx context.Context) ([]index.User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY username`)
	if err != nil {
		return nil, wrap("list users", err)
	}
	defer rows.Close()
	out := []index.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, wrap("list users", err)
		}
		out = append(out, *u)
	}
	return out, wrap("list users", rows.Err())
}

// CountUsers returns how many accounts exist (0 on a fresh install).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, wrap("count users", err)
}

// UpdateUser changes an account's display name, role and disabled flag
// (found by u.ID; the username and password stay), with an audit event.
// It returns index.ErrNotFound for an unknown id and an
// index.FieldError for a bad role.
func (s *Store) UpdateUser(ctx context.Context, actor string, u *index.User) error {
	if err := validateUser(u); err != nil {
		return fmt.Errorf("update user: %w", err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, u.ID))
		if err != nil {
			return err
		}
		if old.Username != u.Username {
			return index.Invalid("username", "cannot be changed")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET display_name = ?, role = ?, disabled = ?, updated_at = ? WHERE id = ?`,
			u.DisplayName, string(u.Role), boolInt(u.Disabled), tsNow(now()), u.ID); err != nil {
			return err
		}
		u.CreatedAt = old.CreatedAt
		return audit(ctx, tx, actor, "user.update", "user:"+u.Username,
			fmt.Sprintf("role %s → %s, disabled %v → %v", old.Role, u.Role, old.Disabled, u.Disabled))
	})
	return wrap("update user "+u.Username, err)
}

// SetPassword replaces an account's password hash (bcrypt), with an
// audit event. It returns index.ErrNotFound for an unknown username and
// an index.FieldError when hash is not a bcrypt hash.
func (s *Store) SetPassword(ctx context.Context, actor, username, hash string) error {
	if err := validHash(hash); err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ?`,
			hash, tsNow(now()), username)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return index.ErrNotFound
		}
		return audit(ctx, tx, actor, "user.password", "user:"+username, "")
	})
	return wrap("set password of "+username, err)
}
