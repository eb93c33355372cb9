package report

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ttdn/monitor/index"
	"github.com/xuri/excelize/v2"
)

// sheetRows writes rows one after another on a stream writer.
type sheetRows struct {
	sw  *excelize.StreamWriter
	n   int
	err error
}

func (s *sheetRows) add(cells ...any) {
	if s.err != nil {
		return
	}
	s.n++
	cell, _ := excelize.CoordinatesToCellName(1, s.n)
	s.err = s.sw.SetRow(cell, cells)
}

// summary writes the summary sheet: counts by topic × origin, by source,
// by plan task, and responses by kind and status.
func (x *xlsxExport) summary() error {
	sw, err := x.f.NewStreamWriter(x.lb.sheets[2])
	if err != nil {
		return fmt.Errorf("xlsx summary: %w", err)
	}
	_ = sw.SetColWidth(1, 1, 36)
	_ = sw.SetColWidth(2, 2, 50)
	_ = sw.SetColWidth(3, 6, 16)
	s, lb, sum := &sheetRows{sw: sw}, x.lb, x.sum
	h := func(v string) excelize.Cell { return excelize.Cell{StyleID: x.st.header, Value: v} }
	b := func(v any) excelize.Cell { return excelize.Cell{StyleID: x.st.bold, Value: v} }
	origins := []string{string(index.OriginDomestic), string(index.OriginForeign)}

	s.add(b(lb.text["period"]), x.q.From.Format("02/01/2006")+" – "+x.q.To.Format("02/01/2006"))
	s.add(b(lb.text["count"]), sum.Items)
	s.add()
	s.add(b(lb.text["by_topic_origin"]))
	s.add(h(lb.text["topic"]), h(word(lb.origin, origins[0])), h(word(lb.origin, origins[1])), h(lb.text["total"]))
	for _, t := range sum.topicKeys() {
		m := sum.ByTopicOrigin[t]
		s.add(word(lb.topic, t), m[origins[0]], m[origins[1]], m[origins[0]]+m[origins[1]])
	}
	s.add(b(lb.text["total"]), b(sum.ByOrigin[origins[0]]), b(sum.ByOrigin[origins[1]]), b(sum.Items))
	s.add()
	s.add(b(lb.text["by_source"]))
	s.add(h(lb.text["source"]), h(lb.text["count"]))
	for _, src := range byCount(sum.BySource) {
		s.add(outlet(x.outlets, src), sum.BySource[src])
	}
	s.add()
	s.add(b(lb.text["by_task"]))
	s.add(h(lb.text["task"]), h(lb.text["task_title"]), h(lb.text["items"]), h(lb.text["responses"]))
	for _, t := range sum.taskKeys() {
		s.add(t, x.tasks[t], sum.ItemsByTask[t], sum.RespByTask[t])
	}
	s.add()
	s.add(b(lb.text["resp_by_kind"]))
	hdr := []any{h(lb.text["kind"])}
	for _, st := range index.ResponseStatuses {
		hdr = append(hdr, h(word(lb.respStatus, string(st))))
	}
	s.add(append(hdr, h(lb.text["total"]))...)
	for _, k := range index.ResponseKinds {
		m := sum.RespByKindStatus[string(k)]
		row, total := []any{word(lb.kind, string(k))}, 0
		for _, st := range index.ResponseStatuses {
			row = append(row, m[string(st)])
			total += m[string(st)]
		}
		s.add(append(row, total)...)
	}
	if s.err != nil {
		return fmt.Errorf("xlsx summary: %w", s.err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx summary: %w", err)
	}
	return nil
}

// taskTitles maps plan task codes to their titles.
func taskTitles(ctx context.Context, src Source) (map[string]string, error) {
	tasks, err := src.ListTasks(ctx, "")
	if errors.Is(err, index.ErrNotFound) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list plan tasks: %w", err)
	}
	m := make(map[string]string, len(tasks))
	for _, t := range tasks {
		m[t.Code] = t.Title
	}
	return m, nil
}

// timeUTC is a day at midnight UTC: excelize turns it into the date
// serial of that wall-clock day.
func timeUTC(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
