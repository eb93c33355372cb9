package search

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

// Filtered searches resolve hits through the per-segment cache; after
// items are re-indexed (their old copies deleted inside earlier segments)
// every hit must still be the right item with its current values.
func TestFilteredSearchAfterUpdates(t *testing.T) {
	ix, _, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	item := func(i int, source string) *index.Item {
		return &index.Item{
			ID: fmt.Sprintf("tin-%02d", i), Title: fmt.Sprintf("Tuần tra biên giới số %d", i),
			Body: "Đồn Biên phòng tuần tra đường biên giới Việt Nam – Lào.", Source: source,
			Origin: index.OriginDomestic, Language: "vi", Status: index.StatusNew,
			PublishedAt: time.Date(2026, 11, 1+i%28, 8, 0, 0, 0, time.UTC),
		}
	}
	for batch := range 3 { // three segments
		var items []*index.Item
		for i := batch * 10; i < batch*10+10; i++ {
			items = append(items, item(i, "Báo Quảng Ngãi"))
		}
		if err := ix.Put(items); err != nil {
			t.Fatal(err)
		}
		// a search between batches fills the cache for these segments
		searchIDs(t, ix, Request{Sources: []string{"Báo Quảng Ngãi"}}, "biên")
	}
	var moved []*index.Item
	var wantMoved []string
	for _, i := range []int{0, 3, 4, 12, 25} {
		moved = append(moved, item(i, "VnExpress"))
		wantMoved = append(wantMoved, fmt.Sprintf("tin-%02d", i))
	}
	if err := ix.Put(moved); err != nil {
		t.Fatal(err)
	}
	// New items after the segment holding deleted copies: their document
	// numbers count the deleted ones too.
	var fresh []*index.Item
	var wantFresh []string
	for i := 30; i < 40; i++ {
		fresh = append(fresh, item(i, "Tuổi Trẻ"))
		wantFresh = append(wantFresh, fmt.Sprintf("tin-%02d", i))
	}
	if err := ix.Put(fresh); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, ix, Request{Sources: []string{"Tuổi Trẻ"}}, "biên"); !slices.Equal(sorted(got), wantFresh) {
		t.Errorf("Tuổi Trẻ hits = %v, want %v", got, wantFresh)
	}
	got := searchIDs(t, ix, Request{Sources: []string{"VnExpress"}}, "biên")
	slices.Sort(got)
	if !slices.Equal(got, wantMoved) {
		t.Errorf("VnExpress hits = %v, want %v", got, wantMoved)
	}
	rest := searchIDs(t, ix, Request{Sources: []string{"Báo Quảng Ngãi"}}, "biên")
	if len(rest) != 25 {
		t.Errorf("Báo Quảng Ngãi hits = %d, want 25", len(rest))
	}
	for _, id := range rest {
		if slices.Contains(wantMoved, id) {
			t.Errorf("%s moved to VnExpress but is still found under its old source", id)
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
