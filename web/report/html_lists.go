package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ttdn/monitor/index"
)

// Item statuses of the report's lists: notable items leave out the
// dismissed; items awaiting a response are those not yet answered.
var (
	notableStatuses  = []index.Status{index.StatusNew, index.StatusReviewing, index.StatusFlagged, index.StatusResponded}
	awaitingStatuses = []index.Status{index.StatusNew, index.StatusReviewing, index.StatusFlagged}
)

// listItems lists up to limit flagged items of q in statuses, most severe
// first, and the number there are in all.
func listItems(ctx context.Context, src Source, q Query, statuses []index.Status, limit int, lb *labels, outlets map[string]string) ([]itemLine, int, error) {
	f := q.itemFilter()
	f.Statuses = statuses
	if q.Status != "" {
		if !slices.Contains(statuses, index.Status(q.Status)) {
			return nil, 0, nil
		}
		f.Statuses = []index.Status{index.Status(q.Status)}
	}
	f.Order, f.Limit = index.OrderSeverity, limit
	items, total, err := src.ListItems(ctx, f)
	if err != nil {
		return nil, 0, fmt.Errorf("list items: %w", err)
	}
	if err := fillBodies(ctx, src, items); err != nil {
		return nil, 0, err
	}
	lines := make([]itemLine, len(items))
	for i, it := range items {
		topics := make([]string, len(it.Topics))
		for j, t := range it.Topics {
			topics[j] = word(lb.topic, t)
		}
		lines[i] = itemLine{
			No: i + 1, Title: it.Title, Source: outlet(outlets, it.Source),
			Date:       it.PublishedAt.In(q.loc()).Format("02/01/2006"),
			Excerpt:    excerpt(it),
			Severity:   word(lb.severity, string(it.Severity)),
			TopicsLine: strings.Join(topics, ", "),
		}
	}
	return lines, total, nil
}

// fillResponses counts the responses dated in the period (by kind and
// status) and lists the first of them with the plan task each served.
func (v *reportView) fillResponses(ctx context.Context, src Source, q Query, sum *summary, titles map[string]string, lb *labels, rw *reportWords) error {
	tasks, err := taskTitles(ctx, src)
	if err != nil {
		return err
	}
	f := index.ResponseFilter{Task: q.Task, From: day(q.From), To: endOfDay(q.To)}
	err = eachResponse(ctx, src, f, func(r *index.Response) error {
		sum.addResponse(r)
		if len(v.Responses) >= maxResponses {
			return nil
		}
		items := make([]string, len(r.ItemIDs))
		for i, id := range r.ItemIDs {
			items[i] = cmp.Or(titles[id], id)
		}
		v.Responses = append(v.Responses, responseLine{
			No: len(v.Responses) + 1, Date: r.Date.In(q.loc()).Format("02/01/2006"),
			Kind: word(lb.kind, string(r.Kind)), Task: r.Task, Agency: r.Agency,
			Status: word(lb.respStatus, string(r.Status)), Items: strings.Join(items, "; "),
		})
		return nil
	})
	if err != nil {
		return err
	}
	for _, code := range sum.taskKeys() {
		if code != "" {
			v.TaskLegend = append(v.TaskLegend, taskLine{code, cmp.Or(tasks[code], "—")})
		}
	}
	if n := sum.Responses - len(v.Responses); n > 0 {
		v.ResponsesMore = fmt.Sprintf(rw.RespMoreFmt, n)
	}
	for _, st := range index.ResponseStatuses {
		v.KindHeads = append(v.KindHeads, word(lb.respStatus, string(st)))
	}
	for _, k := range index.ResponseKinds {
		m := sum.RespByKindStatus[string(k)]
		row := countRow{Label: word(lb.kind, string(k))}
		total := 0
		for _, st := range index.ResponseStatuses {
			row.Counts = append(row.Counts, m[string(st)])
			total += m[string(st)]
		}
		if total > 0 {
			v.KindRows = append(v.KindRows, countRow{row.Label, append(row.Counts, total)})
		}
	}
	return nil
}

// fillBodies reads the bodies of the items that have no summary, for
// their excerpts.
func fillBodies(ctx context.Context, src Source, items []*index.Item) error {
	var ids []string
	for _, it := range items {
		if strings.TrimSpace(it.Summary) == "" && it.Body == "" {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	whole, err := src.GetItems(ctx, ids)
	if err != nil {
		return fmt.Errorf("read items: %w", err)
	}
	bodies := make(map[string]string, len(whole))
	for _, it := range whole {
		bodies[it.ID] = it.Body
	}
	for _, it := range items {
		if b, ok := bodies[it.ID]; ok && it.Body == "" {
			it.Body = b
		}
	}
	return nil
}
