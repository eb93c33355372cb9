package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ttdn/monitor/index"
)

// Source is the part of the archive an export reads (the store satisfies
// it). ListItems and ListResponses page with Limit and Offset and return
// the total before paging; ListItems may leave bodies out, GetItems
// returns whole items (for the printed report's excerpts). ListTasks("")
// lists the newest plan's tasks and may return index.ErrNotFound when no
// plan is stored.
type Source interface {
	ListItems(ctx context.Context, f index.ItemFilter) ([]*index.Item, int, error)
	GetItems(ctx context.Context, ids []string) ([]*index.Item, error)
	ListResponses(ctx context.Context, f index.ResponseFilter) ([]index.Response, int, error)
	ListTasks(ctx context.Context, planID string) ([]index.PlanTask, error)
}

// pageSize is how many items or responses one store call returns; memory
// holds one page at a time.
const pageSize = 1000

// eachItem calls fn for every item f selects, oldest first, one page at
// a time, and reports progress after each page. f must bound the dates
// (From), since pages follow one another by publication time rather than
// by offset: a page starts at the last publication time of the one
// before, skipping the items of that time already seen, so the store
// never walks past the rows of earlier pages. f's Order, Limit and
// Offset are overwritten.
func eachItem(ctx context.Context, src Source, f index.ItemFilter, progress func(done, total int), fn func(*index.Item) error) error {
	return eachItemPaged(ctx, src, f, pageSize, progress, fn)
}

func eachItemPaged(ctx context.Context, src Source, f index.ItemFilter, size int, progress func(done, total int), fn func(*index.Item) error) error {
	f.Order, f.Limit, f.Offset = index.OrderOldest, size, 0
	done, total := 0, -1
	for {
		items, n, err := src.ListItems(ctx, f)
		if err != nil {
			return fmt.Errorf("list items: %w", err)
		}
		if total < 0 {
			total = n
		}
		for _, it := range items {
			if err := fn(it); err != nil {
				return err
			}
		}
		done += len(items)
		if progress != nil {
			progress(min(done, total), total)
		}
		if len(items) < size {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		f.From, f.Offset = nextPage(items, f.From, f.Offset)
	}
}

// nextPage is where the page after items starts: at the last item's
// publication time, skipping the items of that time already returned.
func nextPage(items []*index.Item, from time.Time, offset int) (time.Time, int) {
	last := items[len(items)-1].PublishedAt
	same := 0
	for i := len(items) - 1; i >= 0 && items[i].PublishedAt.Equal(last); i-- {
		same++
	}
	if same == len(items) && last.Equal(from) {
		return from, offset + same
	}
	return last, same
}

// eachResponse calls fn for every response f selects, a page at a time.
func eachResponse(ctx context.Context, src Source, f index.ResponseFilter, fn func(*index.Response) error) error {
	done := 0
	for {
		f.Limit, f.Offset = pageSize, done
		rs, total, err := src.ListResponses(ctx, f)
		if err != nil {
			return fmt.Errorf("list responses: %w", err)
		}
		for i := range rs {
			if err := fn(&rs[i]); err != nil {
				return err
			}
		}
		done += len(rs)
		if len(rs) < pageSize || done >= total {
			return nil
		}
	}
}

// respRef is what an item row shows of one response linked to it.
type respRef struct {
	kind, task, status string
}

// linkedResponses maps item ids to the responses linked to them. It holds
// the responses dated from the query's first day on (a response comes
// after the story it answers), whatever their task: a few per flagged
// item at most, far fewer than the items themselves.
func linkedResponses(ctx context.Context, src Source, q Query) (map[string][]respRef, error) {
	m := map[string][]respRef{}
	err := eachResponse(ctx, src, index.ResponseFilter{From: day(q.From)}, func(r *index.Response) error {
		ref := respRef{kind: string(r.Kind), task: r.Task, status: string(r.Status)}
		for _, id := range r.ItemIDs {
			m[id] = append(m[id], ref)
		}
		return nil
	})
	return m, err
}

// clusterSizes counts the members of story clusters, asking the store
// once per cluster and remembering a bounded number of answers.
type clusterSizes struct {
	src  Source
	seen map[string]int
}

func newClusterSizes(src Source) *clusterSizes {
	return &clusterSizes{src: src, seen: map[string]int{}}
}

// size is the number of items in it's cluster, 1 when it stands alone.
func (c *clusterSizes) size(ctx context.Context, it *index.Item) (int, error) {
	if it.Cluster == "" {
		return 1, nil
	}
	if n, ok := c.seen[it.Cluster]; ok {
		return n, nil
	}
	_, n, err := c.src.ListItems(ctx, index.ItemFilter{Cluster: it.Cluster, Limit: 1})
	if err != nil {
		return 0, fmt.Errorf("cluster %s: %w", it.Cluster, err)
	}
	n = max(n, 1)
	if len(c.seen) >= 10000 { // bound memory on huge archives
		clear(c.seen)
	}
	c.seen[it.Cluster] = n
	return n, nil
}

// matchedTerms lists the distinct matched terms of it's rule hits, in the
// order found, compared without case.
func matchedTerms(it *index.Item) []string {
	var terms []string
	seen := map[string]bool{}
	for _, h := range it.Hits {
		for _, m := range h.Matches {
			k := strings.ToLower(m.Term)
			if m.Term == "" || seen[k] {
				continue
			}
			seen[k] = true
			terms = append(terms, m.Term)
		}
	}
	return terms
}

// SourceLister is what a Source may also offer: the outlets, whose
// titles ("Báo Kon Tum") then replace their slugs in every export.
type SourceLister interface {
	ListSources(ctx context.Context) ([]index.Source, error)
}

// outletNames maps source slugs to their titles when src lists sources;
// it is empty otherwise.
func outletNames(ctx context.Context, src Source) (map[string]string, error) {
	m := map[string]string{}
	sl, ok := src.(SourceLister)
	if !ok {
		return m, nil
	}
	list, err := sl.ListSources(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	for _, s := range list {
		if s.Title != "" {
			m[s.Name] = s.Title
		}
	}
	return m, nil
}

// outlet is a source's title, or its slug.
func outlet(names map[string]string, slug string) string {
	if t, ok := names[slug]; ok {
		return t
	}
	return slug
}
