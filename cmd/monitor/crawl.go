package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/ttdn/monitor/crawler"
)

// newCrawlCmd is `monitor crawl [--once] [--source NAME]`: crawl the
// configured sources into the archive. With --source it crawls that one
// source now and fails when the source does; with --once every due
// source once; with neither it keeps crawling sources as they fall due
// until interrupted.
func newCrawlCmd(a *app) *cobra.Command {
	var once bool
	var source string
	cmd := &cobra.Command{
		Use:   "crawl [--once] [--source NAME]",
		Short: "crawl now; --once: every due source once, then exit",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runCrawl(cmd.Context(), once, source)
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "crawl every due source once, then exit")
	cmd.Flags().StringVar(&source, "source", "", "crawl only the source of this name, now, due or not")
	return cmd
}

func (a *app) runCrawl(ctx context.Context, once bool, source string) error {
	ar, err := a.openArchive(ctx)
	if err != nil {
		return err
	}
	if err := a.seedSources(ctx, ar, false); err != nil {
		return err
	}
	total := 1
	if source == "" {
		if total, err = a.dueSources(ctx, ar); err != nil {
			return err
		}
	}
	bar := newProgress(a.stderr, a.log, "crawl", total)
	var mu sync.Mutex
	done := 0
	cfg := a.crawlerConfig(nil)
	cfg.OnSource = func(r crawler.SourceReport) {
		mu.Lock()
		defer mu.Unlock()
		done++
		if once || source != "" {
			bar.Set(min(done, total))
		}
	}
	cr, err := crawler.New(cfg, ar.store, ar.ingest)
	if err != nil {
		return fmt.Errorf("crawler: %w", err)
	}
	switch {
	case source != "":
		rep, err := cr.CrawlSource(ctx, source)
		bar.Finish()
		if err != nil {
			return err
		}
		a.printCrawl(rep)
		if sr := rep.Sources[0]; sr.Err != nil {
			return fmt.Errorf("nguồn %s: %w", sr.Name, sr.Err)
		}
		return nil
	case once:
		if total == 0 {
			fmt.Fprintln(a.stdout, "Không có nguồn nào đến hạn tải. / No source is due.")
			return nil
		}
		rep, err := cr.CrawlDue(ctx)
		bar.Finish()
		a.printCrawl(rep)
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
		return ctx.Err()
	}
	a.log.Info("crawling sources as they fall due; Ctrl-C to stop")
	return cr.Run(ctx)
}

// dueSources counts the enabled sources due now.
func (a *app) dueSources(ctx context.Context, ar *archive) (int, error) {
	srcs, err := ar.store.ListSources(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	now := time.Now()
	for _, s := range srcs {
		if s.Enabled && !s.Health.NextDue.After(now) {
			n++
		}
	}
	return n, nil
}

// printCrawl prints one line per source and a total.
func (a *app) printCrawl(rep crawler.Report) {
	for _, s := range rep.Sources {
		fmt.Fprintln(a.stdout, s.String())
	}
	t := rep.Totals()
	fmt.Fprintf(a.stdout, "Tổng: %d nguồn, %d lỗi, %d bài mới, %d cập nhật, %d không đổi, trong %s\n",
		len(rep.Sources), len(rep.Failures()), t.Created, t.Updated, t.Unchanged+t.Aliases,
		rep.Finished.Sub(rep.Started).Round(time.Millisecond))
}
