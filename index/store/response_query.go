package store

import (
	"context"
	"fmt"

	"github.com/ttdn/monitor/index"
)

const responseCols = `id, task, kind, agency, status, date, url, note, recorded_by, created_at, updated_at`

func scanResponse(sc scanner) (index.Response, error) {
	var r index.Response
	err := sc.Scan(&r.ID, &r.Task, &r.Kind, &r.Agency, &r.Status, tsc(&r.Date), &r.URL, &r.Note, &r.RecordedBy,
		tsc(&r.CreatedAt), tsc(&r.UpdatedAt))
	r.ItemIDs = []string{}
	return r, err
}

func getResponse(ctx context.Context, q querier, id int64) (*index.Response, error) {
	r, err := scanResponse(q.QueryRowContext(ctx, `SELECT `+responseCols+` FROM responses WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	list := []index.Response{r}
	if err := fillResponseItems(ctx, q, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// GetResponse returns one response with its items; index.ErrNotFound
// when unknown.
func (s *Store) GetResponse(ctx context.Context, id int64) (*index.Response, error) {
	r, err := getResponse(ctx, s.r, id)
	return r, wrap(fmt.Sprintf("get response %d", id), err)
}

// ListResponses returns the responses f selects, latest date first, with
// their items, and how many match in all. From and To bound the
// response date, inclusive (a To at midnight stands for the whole day).
func (s *Store) ListResponses(ctx context.Context, f index.ResponseFilter) ([]index.Response, int, error) {
	w := &where{}
	if f.Task != "" {
		w.add(`task = ?`, f.Task)
	}
	if f.ItemID != "" {
		w.add(`id IN (SELECT response_id FROM response_items WHERE item_id = ?)`, f.ItemID)
	}
	if f.Status != "" {
		w.add(`status = ?`, string(f.Status))
	}
	if !f.From.IsZero() {
		w.add(`date >= ?`, ts(f.From))
	}
	if !f.To.IsZero() {
		w.add(`date < ?`, ts(dayEnd(f.To)))
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM responses`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, wrap("list responses", err)
	}
	lim, largs := page(f.Limit, f.Offset)
	rows, err := s.r.QueryContext(ctx, `SELECT `+responseCols+` FROM responses`+w.sql()+
		` ORDER BY date DESC, id DESC`+lim, append(w.args, largs...)...)
	if err != nil {
		return nil, 0, wrap("list responses", err)
	}
	out := []index.Response{}
	for rows.Next() {
		r, err := scanResponse(rows)
		if err != nil {
			rows.Close()
			return nil, 0, wrap("list responses", err)
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, wrap("list responses", err)
	}
	if err := fillResponseItems(ctx, s.r, out); err != nil {
		return nil, 0, wrap("list responses", err)
	}
	return out, total, nil
}

// fillResponseItems loads the item ids of each response.
func fillResponseItems(ctx context.Context, q querier, rs []index.Response) error {
	byID := make(map[int64]*index.Response, len(rs))
	ids := make([]int64, 0, len(rs))
	for i := range rs {
		byID[rs[i].ID] = &rs[i]
		ids = append(ids, rs[i].ID)
	}
	for _, chunk := range chunks(ids, 500) {
		rows, err := q.QueryContext(ctx, `SELECT response_id, item_id FROM response_items WHERE response_id IN (`+
			placeholders(len(chunk))+`) ORDER BY response_id, item_id`, anys(chunk)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var item string
			if err := rows.Scan(&id, &item); err != nil {
				rows.Close()
				return err
			}
			byID[id].ItemIDs = append(byID[id].ItemIDs, item)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
