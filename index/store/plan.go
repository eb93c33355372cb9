package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ttdn/monitor/index"
)

// ImportPlan stores a plan and replaces its tasks, in one transaction
// with an audit event: tasks are added or reworded, and tasks the new
// file lacks are removed, unless a response refers to one, which makes
// the whole import fail with index.ErrConflict (nothing changes). It
// returns an index.FieldError for a plan without id, title, year or
// tasks, or a task without code, title, lead or timeframe.
func (s *Store) ImportPlan(ctx context.Context, actor string, p index.Plan, tasks []index.PlanTask) error {
	if err := validatePlan(p, tasks); err != nil {
		return fmt.Errorf("import plan: %w", err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		at := tsNow(now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO plans (id, title, number, issuer, year, imported_at, imported_by)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title, number = excluded.number,
			issuer = excluded.issuer, year = excluded.year, imported_at = excluded.imported_at,
			imported_by = excluded.imported_by`, p.ID, p.Title, p.Number, p.Issuer, p.Year, at, actor); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plan_tasks SET position = -1 - position WHERE plan_id = ?`, p.ID); err != nil {
			return err
		}
		for i, t := range tasks {
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_tasks (plan_id, code, position, title, lead, coordinating, timeframe)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (plan_id, code) DO UPDATE SET position = excluded.position,
				title = excluded.title, lead = excluded.lead, coordinating = excluded.coordinating,
				timeframe = excluded.timeframe`, p.ID, t.Code, i, t.Title, t.Lead, t.Coordinating, t.Timeframe); err != nil {
				return err
			}
		}
		if err := dropOldTasks(ctx, tx, p.ID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "plan.import", "plan:"+p.ID, fmt.Sprintf("%d tasks", len(tasks)))
	})
	return wrap("import plan "+p.ID, err)
}

// dropOldTasks removes the tasks an import left out (negative
// positions), refusing when a response refers to one.
func dropOldTasks(ctx context.Context, tx *sql.Tx, planID string) error {
	var code string
	err := tx.QueryRowContext(ctx, `SELECT t.code FROM plan_tasks t JOIN responses r ON r.plan_id = t.plan_id AND r.task = t.code
		WHERE t.plan_id = ? AND t.position < 0 LIMIT 1`, planID).Scan(&code)
	if err == nil {
		return fmt.Errorf("%w: task %s is not in the new file but responses refer to it", index.ErrConflict, code)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM plan_tasks WHERE plan_id = ? AND position < 0`, planID)
	return err
}

func validatePlan(p index.Plan, tasks []index.PlanTask) error {
	switch {
	case !slugRe.MatchString(p.ID):
		return index.Invalid("id", "%q must be a slug", p.ID)
	case p.Title == "":
		return index.Invalid("title", "required")
	case p.Year == 0:
		return index.Invalid("year", "required")
	case len(tasks) == 0:
		return index.Invalid("tasks", "the plan has no tasks")
	}
	seen := map[string]bool{}
	for _, t := range tasks {
		switch {
		case t.Code == "":
			return index.Invalid("code", "a task needs a code")
		case seen[t.Code]:
			return index.Invalid("code", "task %s given twice", t.Code)
		case t.Title == "" || t.Lead == "" || t.Timeframe == "":
			return index.Invalid("tasks", "task %s needs a title, a lead agency and a timeframe", t.Code)
		}
		seen[t.Code] = true
	}
	return nil
}

// ListPlans returns the stored plans, newest year first.
func (s *Store) ListPlans(ctx context.Context) ([]index.Plan, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, title, number, issuer, year FROM plans ORDER BY year DESC, imported_at DESC, id`)
	if err != nil {
		return nil, wrap("list plans", err)
	}
	defer rows.Close()
	out := []index.Plan{}
	for rows.Next() {
		var p index.Plan
		if err := rows.Scan(&p.ID, &p.Title, &p.Number, &p.Issuer, &p.Year); err != nil {
			return nil, wrap("list plans", err)
		}
		out = append(out, p)
	}
	return out, wrap("list plans", rows.Err())
}

// newestPlan returns the id of the plan of the latest year;
// index.ErrNotFound when there is none.
func newestPlan(ctx context.Context, q querier) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM plans ORDER BY year DESC, imported_at DESC, id LIMIT 1`).Scan(&id)
	return id, err
}

const taskSelect = `SELECT t.plan_id, t.code, t.title, t.lead, t.coordinating, t.timeframe,
	(SELECT COUNT(*) FROM responses r WHERE r.plan_id = t.plan_id AND r.task = t.code),
	(SELECT COUNT(DISTINCT ri.item_id) FROM responses r JOIN response_items ri ON ri.response_id = r.id
		WHERE r.plan_id = t.plan_id AND r.task = t.code)
	FROM plan_tasks t`

func scanTask(sc scanner) (index.PlanTask, error) {
	var t index.PlanTask
	err := sc.Scan(&t.Plan, &t.Code, &t.Title, &t.Lead, &t.Coordinating, &t.Timeframe, &t.Responses, &t.Items)
	return t, err
}

// ListTasks returns a plan's tasks in the plan's order, each with how
// many responses were recorded against it and how many distinct items
// they cover. planID "" is the newest plan. It returns index.ErrNotFound
// for an unknown plan (or no plan at all).
func (s *Store) ListTasks(ctx context.Context, planID string) ([]index.PlanTask, error) {
	if planID == "" {
		id, err := newestPlan(ctx, s.r)
		if err != nil {
			return nil, wrap("list tasks", err)
		}
		planID = id
	} else if err := exists(ctx, s.r, `SELECT 1 FROM plans WHERE id = ?`, planID); err != nil {
		return nil, wrap("list tasks of plan "+planID, err)
	}
	rows, err := s.r.QueryContext(ctx, taskSelect+` WHERE t.plan_id = ? ORDER BY t.position`, planID)
	if err != nil {
		return nil, wrap("list tasks", err)
	}
	defer rows.Close()
	out := []index.PlanTask{}
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, wrap("list tasks", err)
		}
		out = append(out, t)
	}
	return out, wrap("list tasks", rows.Err())
}

// GetTask returns one task with its counts; planID "" is the newest
// plan. It returns index.ErrNotFound when the plan or task is unknown.
func (s *Store) GetTask(ctx context.Context, planID, code string) (*index.PlanTask, error) {
	if planID == "" {
		id, err := newestPlan(ctx, s.r)
		if err != nil {
			return nil, wrap("get task "+code, err)
		}
		planID = id
	}
	t, err := scanTask(s.r.QueryRowContext(ctx, taskSelect+` WHERE t.plan_id = ? AND t.code = ?`, planID, code))
	if err != nil {
		return nil, wrap("get task "+code, err)
	}
	return &t, nil
}
