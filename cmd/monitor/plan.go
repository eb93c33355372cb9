package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ttdn/monitor/index/plan"
)

func newPlanCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "the plan catalogue (the 2021 plan is built in)",
	}
	var planID string
	list := &cobra.Command{
		Use:   "list",
		Short: "list the tasks of a plan (the newest by default)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runPlanList(cmd.Context(), planID)
		},
	}
	list.Flags().StringVar(&planID, "plan", "", "plan id (see the first line of the listing)")
	imp := &cobra.Command{
		Use:   "import FILE",
		Short: "load another year's plan (same format as the built-in one)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runPlanImport(cmd.Context(), args[0])
		},
	}
	cmd.AddCommand(list, imp)
	return cmd
}

func (a *app) runPlanList(ctx context.Context, planID string) error {
	ar, err := a.openArchive(ctx)
	if err != nil {
		return err
	}
	plans, err := ar.store.ListPlans(ctx)
	if err != nil {
		return err
	}
	for _, p := range plans {
		if planID == "" || p.ID == planID {
			fmt.Fprintf(a.stdout, "%s\t%s\n", p.ID, p.Title)
		}
	}
	tasks, err := ar.store.ListTasks(ctx, planID)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MÃ\tNHIỆM VỤ\tCHỦ TRÌ\tTHỜI GIAN")
	for _, t := range tasks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Code, truncate(t.Title, 70), truncate(t.Lead, 40), t.Timeframe)
	}
	return tw.Flush()
}

func (a *app) runPlanImport(ctx context.Context, path string) error {
	p, tasks, err := plan.LoadFile(path)
	if err != nil {
		return err // names the line at fault; nothing is touched
	}
	ar, err := a.openArchive(ctx)
	if err != nil {
		return err
	}
	if err := ar.store.ImportPlan(ctx, currentUser(), p, tasks); err != nil {
		return fmt.Errorf("import plan: %w", err)
	}
	fmt.Fprintf(a.stdout, "plan %s imported: %d tasks\n", p.ID, len(tasks))
	return nil
}
