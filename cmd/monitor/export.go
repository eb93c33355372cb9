package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ttdn/monitor/web/report"
)

// exportFlags are the flags of `monitor export`.
type exportFlags struct {
	from, to, topic, origin, status, task, preset, format, out, lang string
}

func newExportCmd(a *app) *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export --from D --to D [--topic T] [--origin O] [--status S] [--task CODE] [--preset NAME] --format csv|xlsx|html|pdf --out FILE [--lang vi|en]",
		Short: "export flagged items and responses (CSV, XLSX, printable report as HTML or PDF)",
		Long: "Export the flagged items of a period and the responses made to them.\n\n" +
			"Presets (--preset) follow the 2021 plan's deadlines: half-year (05/12 of the year before to 14/06),\n" +
			"year (05/12 of the year before to 04/12), quarter (the last calendar quarter), last-month;\n" +
			"--from and --to override a preset's dates. The file is written whole or not at all.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runExport(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.from, "from", "", "first day, YYYY-MM-DD")
	fl.StringVar(&f.to, "to", "", "last day, YYYY-MM-DD (inclusive)")
	fl.StringVar(&f.topic, "topic", "", "only this topic (border, human_rights, religion, …)")
	fl.StringVar(&f.origin, "origin", "", "only domestic or foreign outlets")
	fl.StringVar(&f.status, "status", "", "only items in this status (new, reviewing, flagged, responded, dismissed)")
	fl.StringVar(&f.task, "task", "", "only items answered under this plan task (e.g. II.6.3)")
	fl.StringVar(&f.preset, "preset", "", "period: half-year, year, quarter or last-month")
	fl.StringVar(&f.format, "format", "", "csv, xlsx, html or pdf (default: from --out's extension)")
	fl.StringVar(&f.out, "out", "", "file to write")
	fl.StringVar(&f.lang, "lang", "vi", "language of the column names and the report: vi or en")
	return cmd
}

// exportQuery turns the flags into a report query, checking everything
// that needs no archive.
func exportQuery(f exportFlags, now time.Time) (report.Query, error) {
	if f.out == "" {
		return report.Query{}, fmt.Errorf("--out: a file to write is required")
	}
	format := strings.ToLower(f.format)
	if format == "" {
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(f.out)), ".")
	}
	q := report.Query{Topic: f.topic, Origin: f.origin, Status: f.status, Task: f.task, Format: format, Lang: f.lang}
	if f.preset != "" {
		p, err := report.PresetByKey(f.preset, now, vietnam())
		if err != nil {
			return q, fmt.Errorf("--%w", err)
		}
		q.From, q.To, q.Period = p.From, p.To, p.Period
	}
	for _, d := range []struct {
		flag, val string
		dst       *time.Time
	}{{"from", f.from, &q.From}, {"to", f.to, &q.To}} {
		if d.val == "" {
			continue
		}
		t, err := parseDay(d.flag, d.val)
		if err != nil {
			return q, err
		}
		*d.dst, q.Period = t, ""
	}
	if err := q.Validate(nil); err != nil {
		return q, fmt.Errorf("--%w", err)
	}
	return q, nil
}

func (a *app) runExport(cmd *cobra.Command, f exportFlags) error {
	ctx := cmd.Context()
	q, err := exportQuery(f, time.Now())
	if err != nil {
		return err
	}
	ar, err := a.openArchive(ctx)
	if err != nil {
		return err
	}
	if err := q.Validate(ar.topics()); err != nil {
		return fmt.Errorf("--%w", err)
	}
	var bar *progress
	onProgress := func(done, total int) {
		if bar == nil {
			bar = newProgress(a.stderr, a.log, "export", total)
		}
		bar.Set(done)
	}
	start := time.Now()
	err = report.WriteFile(ctx, f.out, ar.store, q, a.letterhead(ar.profile), onProgress)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return err
	}
	a.log.Info("export written", "file", f.out, "format", q.Format,
		"from", q.From.Format(time.DateOnly), "to", q.To.Format(time.DateOnly), "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}
