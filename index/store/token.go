package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ttdn/monitor/index"
)

// tokenPrefix marks the project's API tokens, so a leaked one is
// recognisable.
const tokenPrefix = "ttdn_"

func hashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes an API token for a user: 32 random bytes, returned
// once in plain text; only its SHA-256 is stored. An audit event is
// written in the same transaction. It returns index.ErrNotFound for an
// unknown user and an index.FieldError for an empty name.
func (s *Store) CreateToken(ctx context.Context, actor string, userID int64, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", fmt.Errorf("create token: %w", index.Invalid("name", "1–100 characters"))
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	plain := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var username string
		if err := tx.QueryRowContext(ctx, `SELECT username FROM users WHERE id = ?`, userID).Scan(&username); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)
			RETURNING id`, userID, name, hashToken(plain), tsNow(now())).Scan(&id); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "token.create", fmt.Sprintf("token:%d", id), "for "+username+": "+name)
	})
	if err != nil {
		return "", wrap("create token", err)
	}
	return plain, nil
}

// UserByToken returns the user a plain API token belongs to, and records
// its use. Unknown and revoked tokens, and tokens of disabled users, are
// index.ErrUnauthorized.
func (s *Store) UserByToken(ctx context.Context, plain string) (*index.User, error) {
	if !strings.HasPrefix(plain, tokenPrefix) {
		return nil, index.ErrUnauthorized
	}
	var tokenID int64
	var lastUsed time.Time
	u, err := scanUserToken(s.r.QueryRowContext(ctx, `SELECT t.id, t.last_used, `+prefixed("u.", userCols)+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
		hashToken(plain)), &tokenID, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, index.ErrUnauthorized
	}
	if err != nil {
		return nil, wrap("token", err)
	}
	if u.Disabled {
		return nil, index.ErrUnauthorized
	}
	if t := now(); t.Sub(lastUsed) > time.Minute { // one write a minute per token, not one a request
		if _, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, tsNow(t), tokenID); err != nil {
			return nil, wrap("token", err)
		}
	}
	return u, nil
}

func scanUserToken(row *sql.Row, tokenID *int64, lastUsed *time.Time) (*index.User, error) {
	var u index.User
	var disabled int
	err := row.Scan(tokenID, tsc(lastUsed), &u.ID, &u.Username, &u.DisplayName, &u.Role, &u.PasswordHash, &disabled, tsc(&u.CreatedAt))
	u.Disabled = disabled != 0
	return &u, err
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// ListTokens returns a user's tokens (never their values), newest first.
func (s *Store) ListTokens(ctx context.Context, userID int64) ([]index.Token, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, user_id, name, created_at, last_used, revoked_at FROM api_tokens
		WHERE user_id = ? ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, wrap("list tokens", err)
	}
	defer rows.Close()
	out := []index.Token{}
	for rows.Next() {
		var t index.Token
		var revoked time.Time
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, tsc(&t.CreatedAt), tsc(&t.LastUsed), tsc(&revoked)); err != nil {
			return nil, wrap("list tokens", err)
		}
		t.Revoked = !revoked.IsZero()
		out = append(out, t)
	}
	return out, wrap("list tokens", rows.Err())
}

// RevokeToken revokes a token for good, with an audit event. Revoking a
// revoked token is not an error; an unknown id is index.ErrNotFound.
func (s *Store) RevokeToken(ctx context.Context, actor string, id int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, `SELECT 1 FROM api_tokens WHERE id = ?`, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, tsNow(now()), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit(ctx, tx, actor, "token.revoke", fmt.Sprintf("token:%d", id), "")
	})
	return wrap(fmt.Sprintf("revoke token %d", id), err)
}
