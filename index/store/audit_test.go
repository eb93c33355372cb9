package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

// bcrypt-shaped hashes (the store only checks the shape).
const (
	hashA = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"
	hashB = "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3Q2sBqF1G9pZ7q8bKQ1xV2e"
)

// fixture fills a store with what the person-write table needs.
func fixture(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	s := newStore(t)
	mustSave(t, s, article("a1", day(t, "2021-06-01", 0)), 0)
	mustSave(t, s, article("a2", day(t, "2021-06-02", 0)), 0)
	p := index.Plan{ID: "kon-tum-2021", Title: "Kế hoạch công tác thông tin đối ngoại tỉnh Kon Tum năm 2021", Year: 2021}
	tasks := []index.PlanTask{{Code: "II.6.3", Title: "Hạn chế những tác động tiêu cực…", Lead: "Sở Thông tin và Truyền thông", Timeframe: "Thường xuyên"}}
	if err := s.ImportPlan(ctx, "system", p, tasks); err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertSource(ctx, "system", index.Source{Name: "bao-kon-tum", Kind: index.KindFeed,
		URL: "https://baokontum.example.vn/rss", Origin: index.OriginDomestic, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(ctx, "system", &index.User{Username: "lan", Role: index.RoleAnalyst, PasswordHash: hashA}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateResponse(ctx, "lan", &index.Response{ItemIDs: []string{"a2"}, Task: "II.6.3", Kind: index.KindRebuttal,
		Status: index.ResponsePlanned, Date: day(t, "2021-06-03", 0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveRule(ctx, "admin", index.Rule{ID: "bien-gioi", Topic: "border", Severity: index.SeverityHigh, Expr: `"cắm mốc"`}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTags(ctx, "lan", "a2", []string{"cũ"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateToken(ctx, "admin", 1, "máy chủ báo cáo"); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPersonWritesAuditInTheSameTransaction runs every write a person
// makes twice: first with audit inserts failing (a trigger), when the
// write must leave nothing behind, then normally, when the write lands
// with exactly one audit event.
func TestPersonWritesAuditInTheSameTransaction(t *testing.T) {
	ctx := context.Background()
	st := index.StatusFlagged
	who := "lan"
	tests := []struct {
		name   string
		action string
		write  func(s *Store) error
		landed func(s *Store) bool
	}{
		{"item status", "item.status", func(s *Store) error {
			_, err := s.UpdateItem(ctx, "lan", "a1", index.ItemUpdate{Status: &st})
			return err
		}, func(s *Store) bool { it, _ := s.GetItem(ctx, "a1"); return it.Status == st }},
		{"item assignee", "item.assignee", func(s *Store) error {
			_, err := s.UpdateItem(ctx, "lan", "a1", index.ItemUpdate{Assignee: &who})
			return err
		}, func(s *Store) bool { it, _ := s.GetItem(ctx, "a1"); return it.Assignee == "lan" }},
		{"item note", "item.note", func(s *Store) error {
			_, err := s.UpdateItem(ctx, "lan", "a1", index.ItemUpdate{Note: "Đã báo cáo lãnh đạo phòng."})
			return err
		}, func(s *Store) bool { it, _ := s.GetItem(ctx, "a1"); return len(it.Notes) == 1 }},
		{"tag add", "item.tag.add", func(s *Store) error { return s.AddTags(ctx, "lan", "a1", []string{"xuyên tạc"}) },
			func(s *Store) bool { it, _ := s.GetItem(ctx, "a1"); return len(it.Tags) == 1 }},
		{"tag remove", "item.tag.remove", func(s *Store) error { return s.RemoveTag(ctx, "lan", "a2", "cũ") }, func(s *Store) bool { it, _ := s.GetItem(ctx, "a2"); return len(it.Tags) == 0 }},
		{"response create", "response.create", func(s *Store) error {
			return s.CreateResponse(ctx, "lan", &index.Response{ItemIDs: []string{"a1"}, Task: "II.6.3", Kind: index.KindStatement,
				Agency: "Sở Thông tin và Truyền thông", Status: index.ResponseDone, Date: day(t, "2021-06-05", 0)})
		}, func(s *Store) bool { _, n, _ := s.ListResponses(ctx, index.ResponseFilter{}); return n == 2 }},
		{"response update", "response.update", func(s *Store) error {
			r, err := s.GetResponse(ctx, 1)
			if err != nil {
				return err
			}
			r.Status = index.ResponseDone
			return s.UpdateResponse(ctx, "lan", r)
		}, func(s *Store) bool { r, _ := s.GetResponse(ctx, 1); return r.Status == index.ResponseDone }},
		{"rule save", "rule.save", func(s *Store) error {
			_, err := s.SaveRule(ctx, "admin", index.Rule{ID: "bien-gioi", Topic: "border", Severity: index.SeverityHigh, Expr: `"cắm mốc" OR "mốc giới"`})
			return err
		}, func(s *Store) bool { r, _ := s.GetRule(ctx, "bien-gioi"); return r.Version == 2 }},
		{"user create", "user.create", func(s *Store) error {
			return s.CreateUser(ctx, "admin", &index.User{Username: "minh", DisplayName: "Trần Minh", Role: index.RoleViewer, PasswordHash: hashA})
		}, func(s *Store) bool { n, _ := s.CountUsers(ctx); return n == 2 }},
		{"user update", "user.update", func(s *Store) error {
			u, _ := s.GetUser(ctx, "lan")
			u.Role = index.RoleAdmin
			return s.UpdateUser(ctx, "admin", u)
		}, func(s *Store) bool { u, _ := s.GetUser(ctx, "lan"); return u.Role == index.RoleAdmin }},
		{"password", "user.password", func(s *Store) error { return s.SetPassword(ctx, "admin", "lan", hashB) },
			func(s *Store) bool { u, _ := s.GetUser(ctx, "lan"); return u.PasswordHash == hashB }},
		{"token create", "token.create", func(s *Store) error { _, err := s.CreateToken(ctx, "admin", 1, "báo cáo"); return err },
			func(s *Store) bool { ts, _ := s.ListTokens(ctx, 1); return len(ts) == 2 }},
		{"token revoke", "token.revoke", func(s *Store) error { return s.RevokeToken(ctx, "admin", 1) },
			func(s *Store) bool { ts, _ := s.ListTokens(ctx, 1); return ts[0].Revoked }},
		{"source save", "source.save", func(s *Store) error {
			return s.UpsertSource(ctx, "admin", index.Source{Name: "vov", Kind: index.KindSite, URL: "https://vov.example.vn/",
				Origin: index.OriginDomestic, LinkSelector: "h3 a"})
		}, func(s *Store) bool { _, err := s.GetSource(ctx, "vov"); return err == nil }},
		{"source disable", "source.disable", func(s *Store) error { return s.SetSourceEnabled(ctx, "admin", "bao-kon-tum", false) },
			func(s *Store) bool { src, _ := s.GetSource(ctx, "bao-kon-tum"); return !src.Enabled }},
		{"plan import", "plan.import", func(s *Store) error {
			return s.ImportPlan(ctx, "admin", index.Plan{ID: "kon-tum-2022", Title: "Kế hoạch 2022", Year: 2022},
				[]index.PlanTask{{Code: "II.6.1", Title: "Theo dõi dư luận", Lead: "Sở Thông tin và Truyền thông", Timeframe: "Thường xuyên"}})
		}, func(s *Store) bool { ps, _ := s.ListPlans(ctx); return len(ps) == 2 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixture(t)
			before := auditCount(t, s, tt.action)
			if _, err := s.w.Exec(`CREATE TRIGGER audit_down BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`); err != nil {
				t.Fatal(err)
			}
			if err := tt.write(s); err == nil || !strings.Contains(err.Error(), "audit log unavailable") {
				t.Fatalf("write with the audit log failing = %v, want the audit error", err)
			}
			if tt.landed(s) {
				t.Fatal("the write landed although its audit event failed")
			}
			s.w.Exec(`DROP TRIGGER audit_down`)
			if err := tt.write(s); err != nil {
				t.Fatalf("write: %v", err)
			}
			if !tt.landed(s) {
				t.Fatal("the write did not land")
			}
			if got := auditCount(t, s, tt.action) - before; got != 1 {
				t.Errorf("%s audit events written = %d, want 1", tt.action, got)
			}
		})
	}
}

func TestFailedWritesAuditNothing(t *testing.T) {
	ctx := context.Background()
	s := fixture(t)
	bad := index.Status("xoá")
	tests := []struct {
		name  string
		write func() error
		want  error
	}{
		{"bad status", func() error { _, err := s.UpdateItem(ctx, "lan", "a1", index.ItemUpdate{Status: &bad}); return err }, index.ErrInvalid},
		{"unknown item", func() error { return s.AddTags(ctx, "lan", "zz", []string{"x"}) }, index.ErrNotFound},
		{"empty tag", func() error { return s.AddTags(ctx, "lan", "a1", []string{"  "}) }, index.ErrInvalid},
		{"tag not there", func() error { return s.RemoveTag(ctx, "lan", "a1", "không có") }, index.ErrNotFound},
		{"response unknown item", func() error {
			return s.CreateResponse(ctx, "lan", &index.Response{ItemIDs: []string{"a1", "zz"}, Task: "II.6.3", Kind: index.KindRebuttal,
				Status: index.ResponsePlanned, Date: day(t, "2021-06-03", 0)})
		}, index.ErrInvalid},
		{"duplicate user", func() error {
			return s.CreateUser(ctx, "admin", &index.User{Username: "lan", Role: index.RoleViewer, PasswordHash: hashA})
		}, index.ErrConflict},
		{"stale rule edit", func() error {
			_, err := s.SaveRule(ctx, "admin", index.Rule{ID: "bien-gioi", Topic: "border", Severity: index.SeverityLow, Expr: "x", Version: 7})
			return err
		}, index.ErrConflict},
		{"unknown source", func() error { return s.SetSourceEnabled(ctx, "admin", "none", true) }, index.ErrNotFound},
		{"unknown token", func() error { return s.RevokeToken(ctx, "admin", 99) }, index.ErrNotFound},
		{"password not hashed", func() error { return s.SetPassword(ctx, "admin", "lan", "matkhau123") }, index.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := countRows(t, s, `SELECT COUNT(*) FROM audit_events`)
			if err := tt.write(); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if got := countRows(t, s, `SELECT COUNT(*) FROM audit_events`); got != before {
				t.Errorf("a failed write left %d audit events", got-before)
			}
		})
	}
	it, _ := s.GetItem(ctx, "a1")
	if it.Status != index.StatusNew {
		t.Errorf("the refused response changed a1's status to %q", it.Status)
	}
}

func TestListAudit(t *testing.T) {
	ctx := context.Background()
	s := fixture(t)
	if err := s.Audit(ctx, index.AuditEvent{Actor: "lan", Action: "export", Object: "export:xlsx", Detail: "01/01/2021–30/06/2021"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, index.AuditEvent{Actor: "lan", Action: "export"}); !errors.Is(err, index.ErrInvalid) {
		t.Errorf("Audit without object = %v, want ErrInvalid", err)
	}
	evs, total, err := s.ListAudit(ctx, index.AuditFilter{Actor: "lan"})
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || evs[0].Action != "export" || evs[2].Action != "response.create" {
		t.Errorf("ListAudit(lan) = %d %+v; want export, item.tag.add, response.create", total, evs)
	}
	if time.Since(evs[0].At) > time.Minute {
		t.Errorf("audit time %v", evs[0].At)
	}
	_, total, _ = s.ListAudit(ctx, index.AuditFilter{Object: "rule:"})
	if total != 1 {
		t.Errorf("ListAudit(rule:) total = %d, want 1", total)
	}
	evs, total, _ = s.ListAudit(ctx, index.AuditFilter{Limit: 2, Offset: 1})
	if len(evs) != 2 || total < 4 {
		t.Errorf("ListAudit page = %d of %d", len(evs), total)
	}
}
