package web

import (
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
)

type planPage struct {
	Plans []index.Plan
	Plan  index.Plan
	Tasks []index.PlanTask
}

// currentPlan picks the plan asked for, else the latest year's.
func (s *Server) currentPlan(c *gin.Context, want string) ([]index.Plan, index.Plan, error) {
	plans, err := s.deps.Archive.ListPlans(c.Request.Context())
	if err != nil {
		return nil, index.Plan{}, err
	}
	sort.Slice(plans, func(i, j int) bool { return plans[i].Year > plans[j].Year })
	for _, p := range plans {
		if p.ID == want {
			return plans, p, nil
		}
	}
	if want != "" || len(plans) == 0 {
		return plans, index.Plan{}, index.ErrNotFound
	}
	return plans, plans[0], nil
}

func (s *Server) planPage(c *gin.Context) {
	plans, plan, err := s.currentPlan(c, c.Query("plan"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	tasks, err := s.deps.Archive.ListTasks(c.Request.Context(), plan.ID)
	if err != nil {
		s.pageError(c, err)
		return
	}
	v := s.view(c, "plan.title")
	v.Data = planPage{Plans: plans, Plan: plan, Tasks: tasks}
	s.render(c, http.StatusOK, "plan", v)
}

type taskPage struct {
	Task      *index.PlanTask
	Responses []index.Response
	Items     []*index.Item
	ItemTotal int
}

func (s *Server) taskPage(c *gin.Context) {
	ctx := c.Request.Context()
	_, plan, err := s.currentPlan(c, c.Query("plan"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	task, err := s.deps.Archive.GetTask(ctx, plan.ID, c.Param("code"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	p := taskPage{Task: task}
	if p.Responses, _, err = s.deps.Archive.ListResponses(ctx, index.ResponseFilter{Task: task.Code}); err != nil {
		s.pageError(c, err)
		return
	}
	if p.Items, p.ItemTotal, err = s.deps.Archive.ListItems(ctx, index.ItemFilter{Task: task.Code, Order: index.OrderNewest, Limit: 200}); err != nil {
		s.pageError(c, err)
		return
	}
	v := s.view(c, "task.title")
	v.Data = p
	s.render(c, http.StatusOK, "task", v)
}
