package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

func TestListItems(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	seed := []struct {
		id       string
		at       time.Time
		hits     []index.Hit
		status   index.Status
		origin   index.Origin
		assignee string
	}{
		{"n1", day(t, "2021-06-01", 0), []index.Hit{hit("b", "border", index.SeverityHigh)}, "", index.OriginForeign, ""},
		{"n2", day(t, "2021-06-15", 23), []index.Hit{hit("h", "human_rights", index.SeverityMedium)}, "", index.OriginDomestic, "lan"},
		{"n3", day(t, "2021-06-30", 12), []index.Hit{hit("r", "religion", index.SeverityLow)}, index.StatusDismissed, index.OriginForeign, ""},
		{"n4", day(t, "2021-07-01", 0), nil, "", index.OriginDomestic, ""},
		{"n5", day(t, "2021-05-31", 23), []index.Hit{hit("b", "border", index.SeverityHigh), hit("r", "religion", index.SeverityLow)}, index.StatusFlagged, index.OriginDomestic, ""},
	}
	for _, x := range seed {
		it := article(x.id, x.at, x.hits...)
		it.Origin = x.origin
		it.Status = x.status
		it.Assignee = x.assignee
		if x.id == "n1" || x.id == "n5" {
			it.Cluster = "c1"
		}
		mustSave(t, s, it, 0)
	}
	yes, no := true, false
	tests := []struct {
		name      string
		f         index.ItemFilter
		want      []string
		wantTotal int
	}{
		{"all newest first", index.ItemFilter{}, []string{"n4", "n3", "n2", "n1", "n5"}, 5},
		{"oldest first", index.ItemFilter{Order: index.OrderOldest}, []string{"n5", "n1", "n2", "n3", "n4"}, 5},
		{"severity then newest", index.ItemFilter{Order: index.OrderSeverity}, []string{"n1", "n5", "n2", "n3", "n4"}, 5},
		{"statuses", index.ItemFilter{Statuses: []index.Status{index.StatusNew, index.StatusFlagged}}, []string{"n4", "n2", "n1", "n5"}, 4},
		{"one topic", index.ItemFilter{Topics: []string{"religion"}}, []string{"n3", "n5"}, 2},
		{"any of topics", index.ItemFilter{Topics: []string{"religion", "human_rights"}}, []string{"n3", "n2", "n5"}, 3},
		{"origin", index.ItemFilter{Origins: []index.Origin{index.OriginForeign}}, []string{"n3", "n1"}, 2},
		{"flagged", index.ItemFilter{Flagged: &yes}, []string{"n2", "n1", "n5"}, 3},
		{"not flagged", index.ItemFilter{Flagged: &no}, []string{"n4", "n3"}, 2},
		{"assignee", index.ItemFilter{Assignee: "lan"}, []string{"n2"}, 1},
		{"cluster", index.ItemFilter{Cluster: "c1"}, []string{"n1", "n5"}, 2},
		{"source", index.ItemFilter{Sources: []string{"other"}}, nil, 0},
		{"june, dates inclusive at both ends", index.ItemFilter{From: day(t, "2021-06-01", 0), To: day(t, "2021-06-30", 0)}, []string{"n3", "n2", "n1"}, 3},
		{"june in Vietnam time", index.ItemFilter{
			From: time.Date(2021, 6, 1, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600)),
			To:   time.Date(2021, 6, 30, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))}, []string{"n3", "n2", "n1", "n5"}, 4},
		{"exact instant bounds", index.ItemFilter{From: day(t, "2021-06-15", 23), To: day(t, "2021-06-30", 12)}, []string{"n3", "n2"}, 2},
		{"limit and offset keep the total", index.ItemFilter{Limit: 2, Offset: 1}, []string{"n3", "n2"}, 5},
		{"offset only", index.ItemFilter{Offset: 4}, []string{"n5"}, 5},
		{"morning queue", index.ItemFilter{Statuses: []index.Status{index.StatusNew}, Flagged: &yes, Order: index.OrderSeverity}, []string{"n1", "n2"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, total, err := s.ListItems(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(items); !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
			if total != tt.wantTotal {
				t.Errorf("total = %d, want %d", total, tt.wantTotal)
			}
			for _, it := range items {
				if it.Body != "" {
					t.Errorf("listing carries the body of %s", it.ID)
				}
			}
		})
	}
	members, err := s.ClusterMembers(ctx, "c1")
	if err != nil || !slices.Equal(ids(members), []string{"n5", "n1"}) {
		t.Errorf("ClusterMembers = %v, %v; want [n5 n1]", ids(members), err)
	}
}

func TestUpdateItemStaleEditAndAudit(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	mustSave(t, s, article("a1", day(t, "2021-06-01", 0)), 0)
	read, _ := s.GetItem(ctx, "a1")
	time.Sleep(2 * time.Millisecond)
	st := index.StatusFlagged
	got, err := s.UpdateItem(ctx, "lan", "a1", index.ItemUpdate{Status: &st, IfUpdatedAt: read.UpdatedAt})
	if err != nil {
		t.Fatalf("fresh edit: %v", err)
	}
	if got.Status != index.StatusFlagged || !got.UpdatedAt.After(read.UpdatedAt) {
		t.Errorf("after edit status %q updated %v (was %v)", got.Status, got.UpdatedAt, read.UpdatedAt)
	}
	// a second analyst edits from the page read before the first edit
	dis := index.StatusDismissed
	_, err = s.UpdateItem(ctx, "minh", "a1", index.ItemUpdate{Status: &dis, Note: "Không liên quan.", IfUpdatedAt: read.UpdatedAt})
	if !errors.Is(err, index.ErrConflict) {
		t.Fatalf("stale edit = %v, want ErrConflict", err)
	}
	now, _ := s.GetItem(ctx, "a1")
	if now.Status != index.StatusFlagged || len(now.Notes) != 0 {
		t.Errorf("stale edit changed the item: %q, %d notes", now.Status, len(now.Notes))
	}
	if n := countRows(t, s, `SELECT COUNT(*) FROM audit_events WHERE actor = 'minh'`); n != 0 {
		t.Errorf("stale edit wrote %d audit events, want 0", n)
	}
	if n := auditCount(t, s, "item.status"); n != 1 {
		t.Errorf("item.status events = %d, want 1", n)
	}
	// through JSON the time survives at full precision
	if _, err := s.UpdateItem(ctx, "minh", "a1", index.ItemUpdate{Note: "Đã xem.", IfUpdatedAt: got.UpdatedAt.Local()}); err != nil {
		t.Errorf("edit with the current UpdatedAt: %v", err)
	}
	bad := index.Status("archived")
	if _, err := s.UpdateItem(ctx, "minh", "a1", index.ItemUpdate{Status: &bad}); !errors.Is(err, index.ErrInvalid) {
		t.Errorf("bad status = %v, want ErrInvalid", err)
	}
	if _, err := s.UpdateItem(ctx, "minh", "zz", index.ItemUpdate{Status: &st}); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("unknown item = %v, want ErrNotFound", err)
	}
}
