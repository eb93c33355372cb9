package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ttdn/monitor/index"
)

func TestSaveItemInsertAndUpdateKeepsPeoplesWork(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	it := article("a1", day(t, "2021-06-10", 8), hit("border-bo-y", "border", index.SeverityHigh))
	mustSave(t, s, it, 0xABCD)
	if it.Status != index.StatusNew {
		t.Errorf("status of new item = %q, want new", it.Status)
	}
	st := index.StatusReviewing
	who := "lan"
	if _, err := s.UpdateItem(ctx, "lan", "a1", index.ItemUpdate{Status: &st, Assignee: &who, Note: "Cần đối chiếu với Đồn Biên phòng."}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTags(ctx, "lan", "a1", []string{"biên giới", "Bờ Y"}); err != nil {
		t.Fatal(err)
	}
	// the crawler fetches the article again, with a new title and no hits
	again := article("a1", day(t, "2021-06-10", 8))
	again.Title = "Tuần tra song phương tại cửa khẩu Bờ Y (cập nhật)"
	mustSave(t, s, again, 0xABCE)
	got, err := s.GetItem(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != again.Title {
		t.Errorf("title = %q, want %q", got.Title, again.Title)
	}
	if got.Status != index.StatusReviewing || got.Assignee != "lan" {
		t.Errorf("status, assignee = %q, %q; want reviewing, lan", got.Status, got.Assignee)
	}
	if diff := cmp.Diff([]string{"Bờ Y", "biên giới"}, got.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	if len(got.Notes) != 1 || got.Notes[0].Author != "lan" {
		t.Errorf("notes = %+v, want one note by lan", got.Notes)
	}
	if len(got.Hits) != 0 || len(got.Topics) != 0 || got.Severity != "" || got.Flagged {
		t.Errorf("hits, topics, severity, flagged = %v %v %q %v; want all replaced by none", got.Hits, got.Topics, got.Severity, got.Flagged)
	}
	if again.Status != index.StatusReviewing || len(again.Tags) != 2 {
		t.Errorf("SaveItem did not fill the stored status and tags back: %q %v", again.Status, again.Tags)
	}
	if n, _ := s.CountItems(ctx); n != 1 {
		t.Errorf("CountItems = %d, want 1", n)
	}
}

func TestSaveItemRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	it := article("a2", time.Date(2021, 9, 2, 1, 30, 0, 123456789, time.FixedZone("ICT", 7*3600)),
		hit("hr-1", "human_rights", index.SeverityMedium), hit("border-1", "border", index.SeverityLow))
	it.Aliases = []string{"https://m.baokontum.example.vn/a2"}
	it.Cluster = "c-a2"
	mustSave(t, s, it, 1)
	got, err := s.GetItem(ctx, "a2")
	if err != nil {
		t.Fatal(err)
	}
	want := *it
	want.PublishedAt = it.PublishedAt.UTC().Truncate(time.Microsecond)
	want.FetchedAt = it.FetchedAt.UTC().Truncate(time.Microsecond)
	want.Notes = nil
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("stored item (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"border", "human_rights"}, got.Topics); diff != "" {
		t.Errorf("topics (-want +got):\n%s", diff)
	}
	if got.Severity != index.SeverityMedium || !got.Flagged {
		t.Errorf("severity, flagged = %q, %v; want medium, true", got.Severity, got.Flagged)
	}
}

func TestSaveItemRefuses(t *testing.T) {
	s := newStore(t)
	mustSave(t, s, article("a1", day(t, "2021-01-01", 0)), 0)
	tests := []struct {
		name string
		edit func(*index.Item)
		want error
	}{
		{"no id", func(it *index.Item) { it.ID = "" }, index.ErrInvalid},
		{"no title", func(it *index.Item) { it.Title = "" }, index.ErrInvalid},
		{"no canonical url", func(it *index.Item) { it.CanonicalURL = "" }, index.ErrInvalid},
		{"bad status", func(it *index.Item) { it.Status = "archived" }, index.ErrInvalid},
		{"canonical url of another item", func(it *index.Item) { it.CanonicalURL = article("a1", time.Time{}).CanonicalURL }, index.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := article("b1", day(t, "2021-01-02", 0))
			tt.edit(it)
			err := s.SaveItem(context.Background(), it, 0)
			if !errors.Is(err, tt.want) {
				t.Errorf("SaveItem = %v, want %v", err, tt.want)
			}
		})
	}
	if n, _ := s.CountItems(context.Background()); n != 1 {
		t.Errorf("CountItems = %d after refused saves, want 1", n)
	}
}

func TestFindByURLAndAliases(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a := article("a1", day(t, "2021-03-01", 0))
	a.URL = "https://baokontum.example.vn/thoi-su/a1.html?page=1"
	mustSave(t, s, a, 0)
	mustSave(t, s, article("b1", day(t, "2021-03-01", 0)), 0)
	if err := s.AddAlias(ctx, "a1", "https://dantoc.example.vn/bai/a1-copy"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, url, want string
		err             error
	}{
		{"canonical", a.CanonicalURL, "a1", nil},
		{"fetched url recorded as alias", a.URL, "a1", nil},
		{"added alias", "https://dantoc.example.vn/bai/a1-copy", "a1", nil},
		{"other item", article("b1", time.Time{}).CanonicalURL, "b1", nil},
		{"unknown", "https://example.org/none", "", index.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.FindByURL(ctx, tt.url)
			if !errors.Is(err, tt.err) {
				t.Fatalf("FindByURL err = %v, want %v", err, tt.err)
			}
			if err == nil && got.ID != tt.want {
				t.Errorf("FindByURL = %s, want %s", got.ID, tt.want)
			}
			if err != nil && got != nil {
				t.Errorf("FindByURL returned an item with an error")
			}
		})
	}
	aliasTests := []struct {
		name, id, url string
		want          error
	}{
		{"again is fine", "a1", "https://dantoc.example.vn/bai/a1-copy", nil},
		{"own canonical is fine", "a1", a.CanonicalURL, nil},
		{"alias of another", "b1", "https://dantoc.example.vn/bai/a1-copy", index.ErrConflict},
		{"canonical of another", "b1", a.CanonicalURL, index.ErrConflict},
		{"unknown item", "zz", "https://example.org/x", index.ErrNotFound},
	}
	for _, tt := range aliasTests {
		t.Run("alias "+tt.name, func(t *testing.T) {
			if err := s.AddAlias(ctx, tt.id, tt.url); !errors.Is(err, tt.want) {
				t.Errorf("AddAlias = %v, want %v", err, tt.want)
			}
		})
	}
	got, _ := s.GetItem(ctx, "a1")
	if diff := cmp.Diff([]string{a.URL, "https://dantoc.example.vn/bai/a1-copy"}, got.Aliases); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
}

func TestFindByContentHash(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	mustSave(t, s, article("a1", day(t, "2021-03-01", 0)), 0)
	got, err := s.FindByContentHash(ctx, "hash-a1")
	if err != nil || got.ID != "a1" {
		t.Errorf("FindByContentHash = %v, %v; want a1", got, err)
	}
	for _, h := range []string{"", "hash-zz"} {
		if _, err := s.FindByContentHash(ctx, h); !errors.Is(err, index.ErrNotFound) {
			t.Errorf("FindByContentHash(%q) = %v, want ErrNotFound", h, err)
		}
	}
}

func TestFindSimilar(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	base := uint64(0x0123_4567_89AB_CDEF)
	items := map[string]uint64{
		"same":   base,
		"near1":  base ^ 1,
		"near3":  base ^ (1 | 1<<17 | 1<<40),         // 3 bits, three bands
		"far4":   base ^ (1 | 1<<17 | 1<<33 | 1<<49), // 4 bits, one per band: no band matches
		"far-b0": base ^ (0xFF << 16),                // band 0 matches, 8 bits off
		"other":  ^base,
	}
	for id, h := range items {
		it := article(id, day(t, "2021-05-01", 0))
		it.Cluster = "c-" + id
		mustSave(t, s, it, h)
	}
	mustSave(t, s, article("nohash", day(t, "2021-05-01", 0)), 0)
	got, err := s.FindSimilar(ctx, base, 3)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range got {
		ids = append(ids, c.ID)
		if c.Simhash != items[c.ID] || c.Cluster != "c-"+c.ID {
			t.Errorf("candidate %+v: wrong simhash or cluster", c)
		}
	}
	slices.Sort(ids)
	if diff := cmp.Diff([]string{"near1", "near3", "same"}, ids); diff != "" {
		t.Errorf("FindSimilar ids (-want +got):\n%s", diff)
	}
	if got, _ := s.FindSimilar(ctx, 0, 3); len(got) != 0 {
		t.Errorf("FindSimilar(0) = %v, want none", got)
	}
}

func TestUnindexedAndMarkIndexed(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for _, id := range []string{"a", "b", "c"} {
		mustSave(t, s, article(id, day(t, "2021-05-01", 0)), 0)
	}
	items, seq, err := s.Unindexed(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(items); !slices.Equal(got, []string{"a", "b"}) || seq != 2 {
		t.Fatalf("Unindexed(2) = %v, %d; want [a b], 2", got, seq)
	}
	if err := s.MarkIndexed(ctx, seq); err != nil {
		t.Fatal(err)
	}
	// a person's edit and a rules apply queue the item again
	st := index.StatusDismissed
	if _, err := s.UpdateItem(ctx, "lan", "a", index.ItemUpdate{Status: &st}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetHits(ctx, "b", []index.Hit{hit("r", "religion", index.SeverityHigh)}); err != nil {
		t.Fatal(err)
	}
	items, seq, _ = s.Unindexed(ctx, 10)
	if got := ids(items); !slices.Equal(got, []string{"c", "a", "b"}) || seq != 5 {
		t.Fatalf("Unindexed after edits = %v, %d; want [c a b], 5", got, seq)
	}
	if items[1].Status != index.StatusDismissed || !items[2].Flagged || items[2].Topics[0] != "religion" {
		t.Errorf("Unindexed items do not carry the changes: %+v %+v", items[1], items[2])
	}
	s.MarkIndexed(ctx, seq)
	s.MarkIndexed(ctx, 1) // never moves back
	items, seq, _ = s.Unindexed(ctx, 10)
	if len(items) != 0 || seq != 5 {
		t.Errorf("Unindexed when caught up = %v, %d; want none, 5", ids(items), seq)
	}
	if err := s.ResetIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if items, _, _ = s.Unindexed(ctx, 10); len(items) != 3 {
		t.Errorf("Unindexed after reset = %d items, want 3", len(items))
	}
	if err := s.SetHits(ctx, "zz", nil); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("SetHits(unknown) = %v, want ErrNotFound", err)
	}
}

func TestEachItemAndGetItems(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	var want []string
	for i := range 23 {
		id := string(rune('a'+i)) + "x"
		want = append(want, id)
		mustSave(t, s, article(id, day(t, "2021-05-01", i)), 0)
	}
	var got []string
	batches := 0
	err := s.EachItem(ctx, 5, func(items []*index.Item) error {
		batches++
		for _, it := range items {
			if it.Body == "" {
				t.Errorf("EachItem item %s has no body", it.ID)
			}
			got = append(got, it.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) || batches != 5 {
		t.Errorf("EachItem = %v in %d batches; want %v in 5", got, batches, want)
	}
	stop := errors.New("stop")
	if err := s.EachItem(ctx, 5, func([]*index.Item) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("EachItem error = %v, want fn's error", err)
	}
	items, err := s.GetItems(ctx, []string{"cx", "missing", "ax", "cx"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(items); !slices.Equal(got, []string{"cx", "ax"}) {
		t.Errorf("GetItems = %v, want [cx ax]", got)
	}
	light, _ := s.GetItemsLight(ctx, []string{"bx"})
	if len(light) != 1 || light[0].Body != "" || light[0].Title == "" {
		t.Errorf("GetItemsLight = %+v, want bx without body", light)
	}
	if _, err := s.GetItem(ctx, "missing"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("GetItem(missing) = %v, want ErrNotFound", err)
	}
}

func ids(items []*index.Item) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}
