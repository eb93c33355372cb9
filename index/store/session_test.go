package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

func TestRevokeSessionSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeSession(ctx, "nonce-a", time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("RevokeSession: %v", err)
	}
	if err := s.RevokeSession(ctx, "nonce-a", time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("RevokeSession twice: %v", err)
	}
	s.Close()

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tc := range []struct {
		name  string
		nonce string
		want  bool
	}{
		{"revoked", "nonce-a", true},
		{"never revoked", "nonce-b", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.SessionRevoked(ctx, tc.nonce)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("SessionRevoked(%q) = %v, want %v", tc.nonce, got, tc.want)
			}
		})
	}
}

func TestRevokeSessionPrunesExpired(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	// A revocation whose session has since expired, written as an earlier
	// logout would have left it.
	if _, err := s.w.ExecContext(ctx, `INSERT INTO session_revocations (nonce_hash, expires_at) VALUES (?, ?)`,
		hashToken("old"), tsNow(time.Now().Add(-time.Minute))); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.SessionRevoked(ctx, "old"); got {
		t.Error("an expired revocation still counts")
	}
	if err := s.RevokeSession(ctx, "new", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeSession(ctx, "gone", time.Now().Add(-time.Hour)); err != nil {
		t.Fatalf("revoking an expired session: %v", err)
	}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM session_revocations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("rows after pruning = %d, want 1 (only the live revocation)", n)
	}
}

func TestRevokeSessionEmptyNonce(t *testing.T) {
	s := newStore(t)
	err := s.RevokeSession(context.Background(), "", time.Now().Add(time.Hour))
	var fe *index.FieldError
	if !errors.As(err, &fe) || fe.Field != "nonce" {
		t.Errorf("err = %v, want a FieldError on nonce", err)
	}
}
