package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ttdn/monitor/index"
)

// RevokeSession records that the dashboard session with nonce ended
// before its expiry (logout), so its cookie is refused until expires —
// across restarts. Only a hash of the nonce is kept. Revocations that have
// expired are pruned in the same transaction, which keeps the table as
// small as the logouts of one session lifetime. Revoking twice is not an
// error; an empty nonce is an index.FieldError.
func (s *Store) RevokeSession(ctx context.Context, nonce string, expires time.Time) error {
	if nonce == "" {
		return fmt.Errorf("revoke session: %w", index.Invalid("nonce", "required"))
	}
	t := now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM session_revocations WHERE expires_at <= ?`, tsNow(t)); err != nil {
			return err
		}
		if !expires.After(t) {
			return nil // already refused as expired
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO session_revocations (nonce_hash, expires_at) VALUES (?, ?)
			ON CONFLICT (nonce_hash) DO NOTHING`, hashToken(nonce), tsNow(expires))
		return err
	})
	return wrap("revoke session", err)
}

// SessionRevoked reports whether the session with nonce was revoked and
// the revocation has not expired yet.
func (s *Store) SessionRevoked(ctx context.Context, nonce string) (bool, error) {
	var one int
	err := s.r.QueryRowContext(ctx, `SELECT 1 FROM session_revocations WHERE nonce_hash = ? AND expires_at > ?`,
		hashToken(nonce), tsNow(now())).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, wrap("session revoked", err)
	}
	return true, nil
}
