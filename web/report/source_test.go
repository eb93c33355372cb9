package report

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ttdn/monitor/index"
)

// TestEachItemPages pages through items that share publication times
// (feeds often give only a day) with pages smaller than those runs: every
// item comes once, in order.
func TestEachItemPages(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	noon := at(2026, 3, 1, 12)
	times := []time.Time{at(2026, 2, 1, 8), noon, noon, noon, noon, noon, at(2026, 3, 2, 8), at(2026, 3, 2, 8), at(2026, 4, 1, 8)}
	var want []string
	for i, pt := range times {
		id := fmt.Sprintf("p%02d", i)
		want = append(want, id)
		it := fixtureItem(id, "bao-kon-tum", index.OriginDomestic, "Tuần tra biên giới "+id, pt, hitOf("border", index.SeverityMedium, "biên giới"))
		if err := st.SaveItem(ctx, it, 0); err != nil {
			t.Fatal(err)
		}
	}
	q := h1Query(FormatCSV)
	for _, size := range []int{1, 2, 3, 4, 100} {
		t.Run(fmt.Sprint("page ", size), func(t *testing.T) {
			var got []string
			var last [2]int
			err := eachItemPaged(ctx, st, q.itemFilter(), size, func(done, total int) { last = [2]int{done, total} }, func(it *index.Item) error {
				got = append(got, it.ID)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if last != [2]int{len(want), len(want)} {
				t.Errorf("last progress %v, want %d/%d", last, len(want), len(want))
			}
		})
	}
}
