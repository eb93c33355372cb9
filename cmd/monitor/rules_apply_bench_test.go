package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/ingest"
	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/index/search/searchtest"
	"github.com/ttdn/monitor/rules"
)

// BenchmarkRulesApply times what `monitor rules apply` does once the
// archive is open (applyRules: read every item in batches, match, write
// the items whose hits changed, re-index them after each batch) over an
// archive of RULES_APPLY_BENCH_DOCS generated items (default 2000; the
// issue asks for 100000). Meanwhile a simulated dashboard user opens the
// queue, runs a faceted search and tags an item every 200 ms, and the
// longest wait of each is reported: the apply must not hold the write
// lock so long that the dashboard stops answering.
//
// The archive is built once by `monitor import` of the generated items,
// in RULES_APPLY_BENCH_DIR when set (and kept for later runs) or in a
// temporary directory:
//
//	RULES_APPLY_BENCH_DOCS=100000 RULES_APPLY_BENCH_DIR=/tmp/rab100k \
//	  go test ./cmd/monitor -run '^$' -bench RulesApply -benchtime 1x -timeout 3h
//
// Cases, in this order: unchanged (the rules the items were matched with:
// everything read and matched, nothing written), new-rule (the built-in
// rules plus one on "Kon Tum", about 40 % of the items gain a hit),
// rule-removed (back to the built-in rules: those items lose it again).
func BenchmarkRulesApply(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("RULES_APPLY_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
	dir := os.Getenv("RULES_APPLY_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	ctx := context.Background()
	a := &app{stdin: nil, stdout: io.Discard, stderr: io.Discard,
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	a.cfg.Data = filepath.Join(dir, "data")
	defer a.close()
	ar := benchArchive(ctx, b, a, dir, n)

	builtin, extra := benchMatchers(b, ar)
	// setup, when set, is applied untimed first, so that test has
	// something to change.
	cases := []struct {
		name        string
		setup, test ingest.Matcher
	}{
		{"unchanged", nil, builtin},
		{"new-rule", builtin, extra},
		{"rule-removed", extra, builtin},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var st applyStats
			var dash *dashboardProbe
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				if c.setup != nil {
					if _, err := a.applyRules(ctx, ar, c.setup); err != nil {
						b.Fatal(err)
					}
				}
				dash = startDashboard(ctx, b, ar)
				b.StartTimer()
				cpu0 := cpuTime()
				var err error
				if st, err = a.applyRules(ctx, ar, c.test); err != nil {
					b.Fatal(err)
				}
				cpu = cpuTime() - cpu0
				b.StopTimer()
				dash.stop()
			}
			b.ReportMetric(float64(st.checked)/st.took.Seconds(), "items/s")
			b.ReportMetric(float64(st.changed), "changed")
			b.ReportMetric(st.took.Seconds(), "s/apply")
			b.ReportMetric(cpu.Seconds(), "cpu-s/apply") // the process's, probe included
			dash.report(b)
		})
	}
}

// benchArchive opens the data directory, importing n generated items
// first unless it already holds them.
func benchArchive(ctx context.Context, b *testing.B, a *app, dir string, n int) *archive {
	b.Helper()
	ar, err := a.openArchive(ctx)
	if err != nil {
		b.Fatal(err)
	}
	have, err := ar.store.CountItems(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if have >= n {
		b.Logf("archive %s: %d items (built earlier)", a.cfg.Data, have)
		return ar
	}
	jsonl := filepath.Join(dir, fmt.Sprintf("items-%d.jsonl", n))
	if err := writeBenchItems(jsonl, n); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := a.runImport(ctx, jsonl); err != nil {
		b.Fatal(err)
	}
	b.Logf("archive %s: imported %d items in %s", a.cfg.Data, n, time.Since(start).Round(time.Second))
	return ar
}

// writeBenchItems writes n generated items (searchtest, seed 1) as
// `monitor import` input, with distinct URLs as outlets give them.
func writeBenchItems(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create bench items: %w", err)
	}
	enc := json.NewEncoder(f)
	for i, it := range searchtest.Docs(n, 1) {
		rec := map[string]string{
			"url":   fmt.Sprintf("https://bao-%d.example.vn/tin/%s.html", i%40, it.ID),
			"title": it.Title, "summary": it.Summary, "body": it.Body,
			"published_at": it.PublishedAt.Format(time.RFC3339), "source": it.Source,
			"origin": string(it.Origin), "language": it.Language,
		}
		if err := enc.Encode(rec); err != nil {
			f.Close()
			return fmt.Errorf("write bench items: %w", err)
		}
	}
	return f.Close()
}

// benchMatchers returns the archive's rules as compiled at start, and the
// same with one more rule that about 40 % of generated items match.
func benchMatchers(b *testing.B, ar *archive) (builtin, extra ingest.Matcher) {
	b.Helper()
	var all []rules.Rule
	for _, p := range ar.packs {
		all = append(all, p.Rules...)
	}
	m, err := rules.Compile(all)
	if err != nil {
		b.Fatal(err)
	}
	more := append(all[:len(all):len(all)], rules.Rule{ID: "bench.kontum", Topic: "bench", Severity: rules.SeverityMedium,
		Expr: `"` + searchtest.BroadPlace + `"`, Enabled: true, Version: 1})
	mx, err := rules.Compile(more)
	if err != nil {
		b.Fatal(err)
	}
	return ingest.RuleMatcher(m), ingest.RuleMatcher(mx)
}

// dashboardProbe is one analyst using the dashboard while rules apply
// runs: every 200 ms the queue page, a faceted search with highlights, and
// a tag added to an item and removed again, each timed.
type dashboardProbe struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	ops    map[string]*probeStat
	err    error
}

type probeStat struct {
	n          int
	total, max time.Duration
}

func startDashboard(ctx context.Context, b *testing.B, ar *archive) *dashboardProbe {
	b.Helper()
	q, err := rules.Parse(`"biên giới" OR border`)
	if err != nil {
		b.Fatal(err)
	}
	first, _, err := ar.store.ListItems(ctx, index.ItemFilter{Limit: 1})
	if err != nil || len(first) == 0 {
		b.Fatalf("no item to tag: %v", err)
	}
	id := first[0].ID
	ctx, cancel := context.WithCancel(ctx)
	d := &dashboardProbe{cancel: cancel, ops: map[string]*probeStat{}}
	ops := []struct {
		name string
		fn   func() error
	}{
		{"queue", func() error {
			_, _, err := ar.store.ListItems(ctx, index.ItemFilter{Limit: 50})
			return err
		}},
		{"search", func() error {
			_, err := ar.index.Search(ctx, search.Request{Query: q, Size: 20, Facets: true, Highlight: true})
			return err
		}},
		{"tag", func() error {
			if err := ar.store.AddTags(ctx, "bench", id, []string{"bench-probe"}); err != nil {
				return err
			}
			return ar.store.RemoveTag(ctx, "bench", id, "bench-probe")
		}},
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			for _, op := range ops {
				start := time.Now()
				err := op.fn()
				d.record(ctx, op.name, time.Since(start), err)
			}
		}
	}()
	return d
}

func (d *dashboardProbe) record(ctx context.Context, name string, took time.Duration, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err != nil && ctx.Err() == nil && d.err == nil {
		d.err = fmt.Errorf("dashboard %s: %w", name, err)
	}
	s := d.ops[name]
	if s == nil {
		s = &probeStat{}
		d.ops[name] = s
	}
	s.n++
	s.total += took
	s.max = max(s.max, took)
}

func (d *dashboardProbe) stop() {
	d.cancel()
	d.wg.Wait()
}

// report adds, per dashboard action, its longest and mean time in ms.
func (d *dashboardProbe) report(b *testing.B) {
	b.Helper()
	if d.err != nil {
		b.Error(d.err)
	}
	for _, name := range []string{"queue", "search", "tag"} {
		s := d.ops[name]
		if s == nil || s.n == 0 {
			continue
		}
		b.ReportMetric(float64(s.max.Microseconds())/1000, name+"-max-ms")
		b.ReportMetric(float64(s.total.Microseconds())/1000/float64(s.n), name+"-mean-ms")
	}
}

// cpuTime is the CPU time (user and system) this process has used: on a
// machine shared with other work, wall time alone says little.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
