package web

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

// countingArchive counts ListItems calls, the overview's expensive ones.
type countingArchive struct {
	Archive
	lists *atomic.Int32
}

func (a countingArchive) ListItems(ctx context.Context, f index.ItemFilter) ([]*index.Item, int, error) {
	a.lists.Add(1)
	return a.Archive.ListItems(ctx, f)
}

func TestOverviewCache(t *testing.T) {
	e := newEnv(t).seed()
	lists := &atomic.Int32{}
	e.serve(func(d *Deps) { d.Archive = countingArchive{Archive: e.st, lists: lists} })
	c := e.client().login("chuyenvien") // login lands on the overview once
	oc := &e.srv.overviewCache
	age := func(refreshing bool) {
		oc.mu.Lock()
		oc.at, oc.refreshing = time.Now().Add(-2*time.Minute), refreshing
		oc.mu.Unlock()
	}
	for _, tc := range []struct {
		name    string
		prepare func()
		want    int32 // ListItems calls the page makes
	}{
		{"fresh numbers come from the cache", func() {}, 0},
		{"old numbers being refreshed by another request are served", func() { age(true) }, 0},
		{"old numbers are refreshed", func() { age(false) }, 4},
		{"and cached again", func() {}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.prepare()
			before := lists.Load()
			if st, _ := c.get("/"); st != 200 {
				t.Fatalf("overview: status %d", st)
			}
			if got := lists.Load() - before; got != tc.want {
				t.Errorf("ListItems calls = %d, want %d", got, tc.want)
			}
		})
	}
}
