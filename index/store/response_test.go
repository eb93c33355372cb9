package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

func TestResponses(t *testing.T) {
	ctx := context.Background()
	s := fixture(t) // response 1: a2, II.6.3, planned, 03/06/2021
	mustSave(t, s, article("a3", day(t, "2021-06-03", 0)), 0)
	seq, _ := s.ItemSeq(ctx)
	s.MarkIndexed(ctx, seq)
	r := &index.Response{ItemIDs: []string{"a3", "a1", "a3"}, Task: "II.6.3", Kind: index.KindCorrectionRequest,
		Agency: "Sở Thông tin và Truyền thông", Status: index.ResponseInProgress, Date: day(t, "2021-06-20", 0),
		URL: "https://stttt.example.gov.vn/phan-bac-thong-tin-sai-lech", Note: "Đề nghị gỡ bỏ bài viết sai lệch về cột mốc."}
	if err := s.CreateResponse(ctx, "lan", r); err != nil {
		t.Fatal(err)
	}
	if r.ID == 0 || r.RecordedBy != "lan" || r.CreatedAt.IsZero() {
		t.Errorf("CreateResponse did not fill id, recorder, times: %+v", r)
	}
	for _, id := range []string{"a1", "a3"} {
		it, _ := s.GetItem(ctx, id)
		if it.Status != index.StatusResponded {
			t.Errorf("item %s status = %q, want responded", id, it.Status)
		}
	}
	if items, _, _ := s.Unindexed(ctx, 10); !slices.Equal(ids(items), []string{"a3", "a1"}) {
		t.Errorf("responded items not queued for indexing: %v", ids(items))
	}
	got, err := s.GetResponse(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.ItemIDs, []string{"a1", "a3"}) || got.Note != r.Note || !got.Date.Equal(r.Date) || got.Task != "II.6.3" {
		t.Errorf("GetResponse = %+v", got)
	}
	tests := []struct {
		name string
		f    index.ResponseFilter
		want []int64
	}{
		{"all, latest first", index.ResponseFilter{}, []int64{2, 1}},
		{"task", index.ResponseFilter{Task: "II.6.3"}, []int64{2, 1}},
		{"other task", index.ResponseFilter{Task: "II.6.1"}, nil},
		{"item", index.ResponseFilter{ItemID: "a2"}, []int64{1}},
		{"status", index.ResponseFilter{Status: index.ResponsePlanned}, []int64{1}},
		{"dates inclusive", index.ResponseFilter{From: day(t, "2021-06-03", 0), To: day(t, "2021-06-20", 0)}, []int64{2, 1}},
		{"from after", index.ResponseFilter{From: day(t, "2021-06-04", 0)}, []int64{2}},
		{"limit", index.ResponseFilter{Limit: 1}, []int64{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := s.ListResponses(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []int64
			for _, r := range list {
				gotIDs = append(gotIDs, r.ID)
			}
			if !slices.Equal(gotIDs, tt.want) {
				t.Errorf("ids = %v, want %v", gotIDs, tt.want)
			}
			if tt.f.Limit == 0 && total != len(tt.want) {
				t.Errorf("total = %d, want %d", total, len(tt.want))
			}
		})
	}

	// update: stale edits are refused, a fresh one replaces the items
	stale := *got
	got.Status = index.ResponseDone
	got.ItemIDs = []string{"a1", "a2"}
	time.Sleep(time.Millisecond)
	if err := s.UpdateResponse(ctx, "minh", got); err != nil {
		t.Fatal(err)
	}
	stale.Note = "sửa từ trang cũ"
	if err := s.UpdateResponse(ctx, "lan", &stale); !errors.Is(err, index.ErrConflict) {
		t.Errorf("stale response edit = %v, want ErrConflict", err)
	}
	after, _ := s.GetResponse(ctx, r.ID)
	if after.Status != index.ResponseDone || !slices.Equal(after.ItemIDs, []string{"a1", "a2"}) || after.RecordedBy != "lan" {
		t.Errorf("after update = %+v", after)
	}
	if err := s.UpdateResponse(ctx, "lan", &index.Response{ID: 99, ItemIDs: []string{"a1"}, Task: "II.6.3", Kind: index.KindBriefing,
		Status: index.ResponseDone, Date: day(t, "2021-06-20", 0)}); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("update unknown = %v, want ErrNotFound", err)
	}
	if _, err := s.GetResponse(ctx, 99); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("GetResponse(99) = %v, want ErrNotFound", err)
	}
	items, total, _ := s.ListItems(ctx, index.ItemFilter{Task: "II.6.3"})
	if total != 2 || !slices.Contains(ids(items), "a2") {
		t.Errorf("ListItems(task) = %v (%d)", ids(items), total)
	}
}

func TestCreateResponseRefuses(t *testing.T) {
	ctx := context.Background()
	s := fixture(t)
	good := func() *index.Response {
		return &index.Response{ItemIDs: []string{"a1"}, Task: "II.6.3", Kind: index.KindRebuttal, Status: index.ResponseDone, Date: day(t, "2021-06-20", 0)}
	}
	tests := []struct {
		name, field string
		edit        func(*index.Response)
	}{
		{"kind", "kind", func(r *index.Response) { r.Kind = "tweet" }},
		{"status", "status", func(r *index.Response) { r.Status = "" }},
		{"task unknown", "task", func(r *index.Response) { r.Task = "II.9.1" }},
		{"task empty", "task", func(r *index.Response) { r.Task = "" }},
		{"no items", "item_ids", func(r *index.Response) { r.ItemIDs = nil }},
		{"item unknown", "item_ids", func(r *index.Response) { r.ItemIDs = []string{"nope"} }},
		{"no date", "date", func(r *index.Response) { r.Date = time.Time{} }},
		{"date out of range", "date", func(r *index.Response) { r.Date = time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"url", "url", func(r *index.Response) { r.URL = "javascript:alert(1)" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good()
			tt.edit(r)
			err := s.CreateResponse(ctx, "lan", r)
			var fe *index.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("CreateResponse = %v, want a FieldError on %s", err, tt.field)
			}
		})
	}
	if _, n, _ := s.ListResponses(ctx, index.ResponseFilter{}); n != 1 {
		t.Errorf("refused responses were stored: %d", n)
	}
}
