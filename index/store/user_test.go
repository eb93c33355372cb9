package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttdn/monitor/index"
)

func TestUsers(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if n, _ := s.CountUsers(ctx); n != 0 {
		t.Fatalf("fresh store has %d users", n)
	}
	u := &index.User{Username: "lan.nguyen", DisplayName: "Nguyễn Thị Lan", Role: index.RoleAnalyst, PasswordHash: hashA}
	if err := s.CreateUser(ctx, "system", u); err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.CreatedAt.IsZero() {
		t.Errorf("CreateUser did not set id and time: %+v", u)
	}
	got, err := s.GetUser(ctx, "lan.nguyen")
	if err != nil || got.DisplayName != "Nguyễn Thị Lan" || got.PasswordHash != hashA || got.Role != index.RoleAnalyst {
		t.Errorf("GetUser = %+v, %v", got, err)
	}
	byID, err := s.GetUserByID(ctx, u.ID)
	if err != nil || byID.Username != "lan.nguyen" {
		t.Errorf("GetUserByID = %+v, %v", byID, err)
	}
	got.Role, got.Disabled = index.RoleViewer, true
	if err := s.UpdateUser(ctx, "admin", got); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.GetUser(ctx, "lan.nguyen"); again.Role != index.RoleViewer || !again.Disabled {
		t.Errorf("after UpdateUser = %+v", again)
	}
	got.Username = "khac"
	if err := s.UpdateUser(ctx, "admin", got); !errors.Is(err, index.ErrInvalid) {
		t.Errorf("renaming through UpdateUser = %v, want ErrInvalid", err)
	}
	tests := []struct {
		name string
		u    index.User
		want error
	}{
		{"taken", index.User{Username: "lan.nguyen", Role: index.RoleViewer, PasswordHash: hashA}, index.ErrConflict},
		{"bad username", index.User{Username: "Lan Nguyễn", Role: index.RoleViewer, PasswordHash: hashA}, index.ErrInvalid},
		{"bad role", index.User{Username: "minh", Role: "root", PasswordHash: hashA}, index.ErrInvalid},
		{"plain password", index.User{Username: "minh", Role: index.RoleViewer, PasswordHash: "matkhau"}, index.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.CreateUser(ctx, "admin", &tt.u); !errors.Is(err, tt.want) {
				t.Errorf("CreateUser = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := s.GetUser(ctx, "none"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("GetUser(none) = %v, want ErrNotFound", err)
	}
	if err := s.SetPassword(ctx, "admin", "none", hashB); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("SetPassword(none) = %v, want ErrNotFound", err)
	}
	users, _ := s.ListUsers(ctx)
	if len(users) != 1 {
		t.Errorf("ListUsers = %d users, want 1", len(users))
	}
}

func TestTokensAreStoredHashed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	u := &index.User{Username: "bao-cao", Role: index.RoleAnalyst, PasswordHash: hashA}
	if err := s.CreateUser(ctx, "admin", u); err != nil {
		t.Fatal(err)
	}
	plain, err := s.CreateToken(ctx, "admin", u.ID, "xuất báo cáo tự động")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(plain, "ttdn_") || len(plain) < 40 {
		t.Errorf("token %q too short or unmarked", plain)
	}
	other, _ := s.CreateToken(ctx, "admin", u.ID, "thứ hai")
	if other == plain {
		t.Error("two tokens are equal")
	}
	got, err := s.UserByToken(ctx, plain)
	if err != nil || got.Username != "bao-cao" {
		t.Fatalf("UserByToken = %+v, %v", got, err)
	}
	toks, _ := s.ListTokens(ctx, u.ID)
	if len(toks) != 2 || toks[1].Name != "xuất báo cáo tự động" || toks[1].LastUsed.IsZero() || !toks[0].LastUsed.IsZero() {
		t.Errorf("ListTokens = %+v", toks)
	}
	for _, bad := range []string{"", "ttdn_", plain + "x", strings.TrimPrefix(plain, "ttdn_"), hashToken(plain)} {
		if _, err := s.UserByToken(ctx, bad); !errors.Is(err, index.ErrUnauthorized) {
			t.Errorf("UserByToken(%q) = %v, want ErrUnauthorized", bad, err)
		}
	}
	if err := s.RevokeToken(ctx, "admin", toks[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, "admin", toks[1].ID); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	if _, err := s.UserByToken(ctx, plain); !errors.Is(err, index.ErrUnauthorized) {
		t.Errorf("revoked token = %v, want ErrUnauthorized", err)
	}
	u.Disabled = true
	s.UpdateUser(ctx, "admin", u)
	if _, err := s.UserByToken(ctx, other); !errors.Is(err, index.ErrUnauthorized) {
		t.Errorf("token of a disabled user = %v, want ErrUnauthorized", err)
	}
	if _, err := s.CreateToken(ctx, "admin", 999, "x"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("token for unknown user = %v, want ErrNotFound", err)
	}
	s.Close() // checkpoint the WAL into the file
	for _, f := range []string{"archive.db", "archive.db-wal"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			continue
		}
		for _, tok := range []string{plain, other, strings.TrimPrefix(plain, "ttdn_")} {
			if bytes.Contains(data, []byte(tok)) {
				t.Errorf("%s holds a raw token", f)
			}
		}
		if f == "archive.db" && !bytes.Contains(data, []byte(hashToken(plain))) {
			t.Errorf("%s does not hold the token's hash", f)
		}
	}
}
