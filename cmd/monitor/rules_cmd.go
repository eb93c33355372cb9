package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/ingest"
	"github.com/ttdn/monitor/rules"
)

// rulesBatch is how many items `rules test` and `rules apply` read at a
// time. Each changed item is written in its own short transaction, and
// the index catches up after every batch, so no write lock is held for
// long and the archive stays usable while a long apply runs.
const rulesBatch = 500

func newRulesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules list | test EXPR | apply",
		Short: "list the keyword rules, try an expression over the archive, re-apply the rules",
	}
	cmd.AddCommand(newRulesListCmd(a), newRulesTestCmd(a), newRulesApplyCmd(a))
	return cmd
}

func newRulesListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "list the stored rules (built-in packs, config packs and admins' rules)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ar, err := a.openArchive(cmd.Context())
			if err != nil {
				return err
			}
			rs, err := ar.store.ListRules(cmd.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tPACK\tTOPIC\tSEVERITY\tENABLED\tVERSION\tLANGUAGES\tDESCRIPTION")
			for _, r := range rs {
				langs := strings.Join(r.Languages, ",")
				if langs == "" {
					langs = "*"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\t%d\t%s\t%s\n", r.ID, r.Pack, r.Topic, r.Severity,
					r.Enabled, r.Version, langs, shorten(r.Description, 70))
			}
			return tw.Flush()
		},
	}
}

func newRulesTestCmd(a *app) *cobra.Command {
	var (
		ruleID string
		sample int
	)
	cmd := &cobra.Command{
		Use:   "test [--rule ID] [--sample N] EXPR",
		Short: "dry run: which archived items an expression matches (nothing is changed)",
		Long: "Evaluates EXPR over every archived item and prints how many match and a sample\n" +
			"with the matched terms marked «like this». With --rule ID it compares EXPR with\n" +
			"that rule's current hits: which items it would newly match and which it would\n" +
			"no longer match.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			expr := strings.Join(args, " ")
			node, err := rules.Parse(expr)
			if err != nil {
				return &exitError{code: 2, err: fmt.Errorf("expression: %w", err)}
			}
			ar, err := a.openArchive(cmd.Context())
			if err != nil {
				return err
			}
			var rule *index.Rule
			if ruleID != "" {
				if rule, err = ar.store.GetRule(cmd.Context(), ruleID); err != nil {
					return fmt.Errorf("--rule: %w", err)
				}
			}
			res, err := a.dryRun(cmd.Context(), ar, node, rule, sample)
			if err != nil {
				return err
			}
			res.print(a, rule, sample)
			return nil
		},
	}
	cmd.Flags().StringVar(&ruleID, "rule", "", "compare with this rule's current hits")
	cmd.Flags().IntVar(&sample, "sample", 10, "show at most N matching items")
	return cmd
}

// dryRunItem is one item of a dry run's output.
type dryRunItem struct {
	it      *index.Item
	matches []rules.Match
}

type dryRunResult struct {
	total, matched    int
	sample            []dryRunItem
	newly, noLonger   []dryRunItem
	newlyN, noLongerN int
	took              time.Duration
}

// dryRun evaluates node over the whole archive. With a rule, documents in
// languages the rule does not run on are left out, as the matcher would.
func (a *app) dryRun(ctx context.Context, ar *archive, node rules.Node, rule *index.Rule, sample int) (*dryRunResult, error) {
	total, err := ar.store.CountItems(ctx)
	if err != nil {
		return nil, err
	}
	res := &dryRunResult{total: total}
	bar := newProgress(a.stderr, a.log, "rules test", total)
	start, done := time.Now(), 0
	err = ar.store.EachItem(ctx, rulesBatch, func(items []*index.Item) error {
		for _, it := range items {
			ok, ms := false, []rules.Match(nil)
			if rule == nil || len(rule.Languages) == 0 || it.Language == "" || slices.Contains(rule.Languages, it.Language) {
				ok, ms = rules.Eval(node, rules.Doc{Title: it.Title, Summary: it.Summary, Body: it.Body, Language: it.Language})
			}
			if ok {
				res.matched++
				if len(res.sample) < sample {
					res.sample = append(res.sample, dryRunItem{it, ms})
				}
			}
			if rule != nil {
				res.compare(it, ok, ms, rule.ID, sample)
			}
		}
		done += len(items)
		bar.Set(done)
		return ctx.Err()
	})
	bar.Finish()
	res.took = time.Since(start)
	return res, err
}

func (res *dryRunResult) compare(it *index.Item, ok bool, ms []rules.Match, ruleID string, sample int) {
	had := slices.ContainsFunc(it.Hits, func(h index.Hit) bool { return h.RuleID == ruleID })
	switch {
	case ok && !had:
		res.newlyN++
		if len(res.newly) < sample {
			res.newly = append(res.newly, dryRunItem{it, ms})
		}
	case had && !ok:
		res.noLongerN++
		if len(res.noLonger) < sample {
			res.noLonger = append(res.noLonger, dryRunItem{it, nil})
		}
	}
}

func (res *dryRunResult) print(a *app, rule *index.Rule, sample int) {
	w := a.stdout
	fmt.Fprintf(w, "%d of %d items match (%s)\n", res.matched, res.total, res.took.Round(time.Millisecond))
	for _, d := range res.sample {
		printDryRunItem(a, d)
	}
	if res.matched > len(res.sample) && sample > 0 {
		fmt.Fprintf(w, "  … and %d more\n", res.matched-len(res.sample))
	}
	if rule == nil {
		return
	}
	fmt.Fprintf(w, "\ncompared with rule %s (version %d): %s\n", rule.ID, rule.Version, rule.Expr)
	fmt.Fprintf(w, "would newly match: %d\n", res.newlyN)
	for _, d := range res.newly {
		printDryRunItem(a, d)
	}
	fmt.Fprintf(w, "would no longer match: %d\n", res.noLongerN)
	for _, d := range res.noLonger {
		printDryRunItem(a, d)
	}
}

func printDryRunItem(a *app, d dryRunItem) {
	day := ""
	if !d.it.PublishedAt.IsZero() {
		day = d.it.PublishedAt.Format("02/01/2006")
	}
	fmt.Fprintf(a.stdout, "  %s  %s  [%s] %s\n", day, d.it.Title, d.it.Source, d.it.ID)
	if len(d.matches) > 0 {
		fmt.Fprintf(a.stdout, "      %s\n", highlightSnippet(d.it, d.matches, 90))
	}
}

// highlightSnippet shows the first match's field around it, every match
// inside the window marked «…».
func highlightSnippet(it *index.Item, ms []rules.Match, width int) string {
	first := ms[0]
	text := map[string]string{"title": it.Title, "summary": it.Summary, "body": it.Body}[first.Field]
	lo, hi := max(first.Start-width/2, 0), min(first.End+width/2, len(text))
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	var b strings.Builder
	b.WriteString(first.Field + ": ")
	if lo > 0 {
		b.WriteString("…")
	}
	pos := lo
	for _, m := range ms {
		if m.Field != first.Field || m.Start < pos || m.End > hi {
			continue
		}
		b.WriteString(oneLine(text[pos:m.Start]))
		b.WriteString("«" + text[m.Start:m.End] + "»")
		pos = m.End
	}
	b.WriteString(oneLine(text[pos:hi]))
	if hi < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// oneLine collapses each run of white space (newlines included) into one
// space, keeping a space at either end where there was one.
func oneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func newRulesApplyCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "apply",
		Short: "re-run every enabled rule over the archive and update hits, topics, severity and flagged",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			ar, err := a.openArchive(ctx)
			if err != nil {
				return err
			}
			m, err := a.compileRules(ctx, ar)
			if err != nil {
				return err
			}
			st, err := a.applyRules(ctx, ar, m)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "checked %d items with %d rules: %d changed (%s)\n",
				st.checked, st.rules, st.changed, st.took.Round(time.Millisecond))
			return nil
		},
	}
}

type applyStats struct {
	checked, changed, rules int
	took                    time.Duration
}

// applyRules re-matches every item, writes the hits of those that
// changed (one short transaction each) and brings the index up to date
// after every batch.
func (a *app) applyRules(ctx context.Context, ar *archive, m ingest.Matcher) (applyStats, error) {
	total, err := ar.store.CountItems(ctx)
	if err != nil {
		return applyStats{}, err
	}
	st := applyStats{}
	if rs, err := ar.store.ListRules(ctx); err == nil {
		for _, r := range rs {
			if r.Enabled {
				st.rules++
			}
		}
	}
	bar := newProgress(a.stderr, a.log, "rules apply", total)
	start := time.Now()
	err = ar.store.EachItem(ctx, rulesBatch, func(items []*index.Item) error {
		for _, it := range items {
			hits := m.Match(it)
			st.checked++
			if sameHits(it.Hits, hits) {
				continue
			}
			if err := ar.store.SetHits(ctx, it.ID, hits); err != nil {
				if errors.Is(err, index.ErrNotFound) {
					continue // deleted meanwhile
				}
				return err
			}
			st.changed++
		}
		if err := ar.ingest.Flush(ctx, nil); err != nil {
			return fmt.Errorf("index updated items: %w", err)
		}
		bar.Set(st.checked)
		return ctx.Err()
	})
	bar.Finish()
	st.took = time.Since(start)
	if err == nil {
		a.log.Info("rules applied", "items", st.checked, "changed", st.changed, "rules", st.rules, "took", st.took.Round(time.Millisecond))
	}
	return st, err
}

// sameHits reports whether two hit lists say the same, in any order.
func sameHits(a, b []index.Hit) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(h index.Hit) string {
		var s strings.Builder
		fmt.Fprintf(&s, "%s|%d|%s|%s", h.RuleID, h.RuleVersion, h.Topic, h.Severity)
		for _, m := range h.Matches {
			fmt.Fprintf(&s, "|%s:%d:%d:%s", m.Field, m.Start, m.End, m.Term)
		}
		return s.String()
	}
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		ka[i], kb[i] = key(a[i]), key(b[i])
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(ka, kb)
}
