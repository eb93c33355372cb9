package store

import (
	"context"
	"errors"
	"testing"

	"github.com/ttdn/monitor/index"
)

func TestPlansAndTaskCounts(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.ListTasks(ctx, ""); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("ListTasks with no plan = %v, want ErrNotFound", err)
	}
	p21 := index.Plan{ID: "kon-tum-2021", Title: "Kế hoạch công tác thông tin đối ngoại tỉnh Kon Tum năm 2021", Year: 2021}
	tasks21 := []index.PlanTask{
		{Code: "II.6.1", Title: "Theo dõi và tổng hợp dư luận báo chí", Lead: "Các cơ quan, đơn vị, địa phương", Timeframe: "Thường xuyên"},
		{Code: "II.6.3", Title: "Hạn chế những tác động tiêu cực", Lead: "Sở Thông tin và Truyền thông", Timeframe: "Thường xuyên"},
		{Code: "II.7", Title: "Tổ chức tập huấn", Lead: "Sở Thông tin và Truyền thông", Timeframe: "Dự kiến tổ chức trong quý III/2021"},
	}
	if err := s.ImportPlan(ctx, "system", p21, tasks21); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a1", "a2", "a3"} {
		mustSave(t, s, article(id, day(t, "2021-06-01", 0)), 0)
	}
	resp := func(task string, items ...string) {
		t.Helper()
		r := &index.Response{ItemIDs: items, Task: task, Kind: index.KindRebuttal, Status: index.ResponseDone, Date: day(t, "2021-06-10", 0)}
		if err := s.CreateResponse(ctx, "lan", r); err != nil {
			t.Fatal(err)
		}
	}
	resp("II.6.3", "a1", "a2")
	resp("II.6.3", "a2")
	resp("II.6.1", "a3")
	got, err := s.ListTasks(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		code             string
		responses, items int
	}{{"II.6.1", 1, 1}, {"II.6.3", 2, 2}, {"II.7", 0, 0}}
	if len(got) != len(want) {
		t.Fatalf("ListTasks = %d tasks, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Code != w.code || got[i].Responses != w.responses || got[i].Items != w.items || got[i].Plan != p21.ID {
			t.Errorf("task %d = %s %d responses %d items (plan %s); want %s %d %d", i, got[i].Code, got[i].Responses, got[i].Items, got[i].Plan, w.code, w.responses, w.items)
		}
	}
	task, err := s.GetTask(ctx, "", "II.6.3")
	if err != nil || task.Responses != 2 || task.Lead != "Sở Thông tin và Truyền thông" {
		t.Errorf("GetTask = %+v, %v", task, err)
	}
	if _, err := s.GetTask(ctx, "kon-tum-2021", "II.9.9"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("GetTask(unknown) = %v, want ErrNotFound", err)
	}

	// a re-import rewords a task and drops an unused one; one that
	// responses refer to cannot be dropped
	tasks21b := []index.PlanTask{tasks21[1], tasks21[0]}
	tasks21b[0].Title = "Hạn chế những tác động tiêu cực của những thông tin, luận điệu sai trái"
	if err := s.ImportPlan(ctx, "admin", p21, tasks21b); err != nil {
		t.Fatal(err)
	}
	got, _ = s.ListTasks(ctx, "kon-tum-2021")
	if len(got) != 2 || got[0].Code != "II.6.3" || got[0].Title != tasks21b[0].Title || got[0].Responses != 2 {
		t.Errorf("after re-import tasks = %+v", got)
	}
	err = s.ImportPlan(ctx, "admin", p21, tasks21b[:1])
	if !errors.Is(err, index.ErrConflict) {
		t.Errorf("import dropping a task with responses = %v, want ErrConflict", err)
	}
	if got, _ = s.ListTasks(ctx, ""); len(got) != 2 {
		t.Errorf("a refused import changed the tasks: %d", len(got))
	}

	// a newer plan becomes the default; a response is filed under the
	// plan of its year
	p22 := index.Plan{ID: "kon-tum-2022", Title: "Kế hoạch năm 2022", Year: 2022}
	if err := s.ImportPlan(ctx, "admin", p22, []index.PlanTask{{Code: "II.6.3", Title: "Đấu tranh phản bác", Lead: "Sở Thông tin và Truyền thông", Timeframe: "Thường xuyên"}}); err != nil {
		t.Fatal(err)
	}
	plans, _ := s.ListPlans(ctx)
	if len(plans) != 2 || plans[0].ID != "kon-tum-2022" {
		t.Errorf("ListPlans = %+v, want 2022 first", plans)
	}
	if got, _ := s.ListTasks(ctx, ""); len(got) != 1 || got[0].Responses != 0 {
		t.Errorf("newest plan tasks = %+v", got)
	}
	r := &index.Response{ItemIDs: []string{"a1"}, Task: "II.6.3", Kind: index.KindStatement, Status: index.ResponseDone, Date: day(t, "2022-03-01", 0)}
	if err := s.CreateResponse(ctx, "lan", r); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.GetTask(ctx, "kon-tum-2022", "II.6.3"); got.Responses != 1 {
		t.Errorf("2022 response not filed under the 2022 plan: %+v", got)
	}
	if got, _ := s.GetTask(ctx, "kon-tum-2021", "II.6.3"); got.Responses != 2 {
		t.Errorf("2021 count changed: %+v", got)
	}
	for _, bad := range []struct {
		name  string
		p     index.Plan
		tasks []index.PlanTask
	}{
		{"no tasks", p22, nil},
		{"no title", index.Plan{ID: "x", Year: 2023}, tasks21},
		{"duplicate code", p22, []index.PlanTask{tasks21[0], tasks21[0]}},
		{"task without lead", p22, []index.PlanTask{{Code: "II.1", Title: "t", Timeframe: "Thường xuyên"}}},
	} {
		if err := s.ImportPlan(ctx, "admin", bad.p, bad.tasks); !errors.Is(err, index.ErrInvalid) {
			t.Errorf("ImportPlan(%s) = %v, want ErrInvalid", bad.name, err)
		}
	}
}
