package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/index/search/searchtest"
	"github.com/ttdn/monitor/index/store"
	"github.com/ttdn/monitor/rules"
)

// Benchmarks take their corpus size from INGEST_BENCH_DOCS (default
// 2000), so -benchtime does not change what is measured. Compare
// BenchmarkIngest (normalise, dedup, cluster, rules, SQLite, bleve) with
// BenchmarkIngestBareBleve (bleve alone, same documents, same mapping) in
// one run: go test -run '^$' -bench Ingest -benchtime 1x ./index/ingest

func ingestBenchN() int {
	if n, err := strconv.Atoi(os.Getenv("INGEST_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 2000
}

func builtinMatcher(tb testing.TB) Matcher {
	tb.Helper()
	prof, err := rules.DefaultProfile()
	if err != nil {
		tb.Fatal(err)
	}
	packs, err := rules.BuiltinPacks(prof)
	if err != nil {
		tb.Fatal(err)
	}
	var all []rules.Rule
	for _, p := range packs {
		all = append(all, p.Rules...)
	}
	m, err := rules.Compile(all)
	if err != nil {
		tb.Fatal(err)
	}
	return RuleMatcher(m)
}

// benchItems gives the generated items URLs, as articles arriving from
// outlets have.
func benchItems(n int) []*index.Item {
	items := searchtest.Docs(n, 1)
	for i, it := range items {
		it.URL = fmt.Sprintf("https://bao-%d.example.vn/tin/%s.html?utm_source=rss", i%40, it.ID)
		it.ID = ""
	}
	return items
}

func BenchmarkIngest(b *testing.B) {
	n := ingestBenchN()
	items := benchItems(n)
	m := builtinMatcher(b)
	ctx := context.Background()
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		st, err := store.Open(ctx, filepath.Join(dir, "archive.db"))
		if err != nil {
			b.Fatal(err)
		}
		ix, _, err := search.Open(filepath.Join(dir, "index.bleve"))
		if err != nil {
			b.Fatal(err)
		}
		g := New(st, ix, m, nil)
		start, cpu0 := time.Now(), cpuTime()
		// As monitor import does: prepare one step ahead on another
		// goroutine, commit in order, index in the background.
		bulk := g.Bulk(ctx)
		prepared := make(chan *Prepared, 64)
		go func() {
			defer close(prepared)
			for _, it := range items {
				cp := *it
				p, err := g.Prepare(&cp)
				if err != nil {
					panic(err)
				}
				prepared <- p
			}
		}()
		j := 0
		for p := range prepared {
			if _, err := g.Commit(ctx, p); err != nil {
				b.Fatal(err)
			}
			if j++; j%flushBatch == 0 {
				if err := bulk.Kick(); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := bulk.Close(nil); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
		ix.Close()
		st.Close()
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "docs/s")
	b.ReportMetric(cpu.Seconds()*1000/float64(n*b.N), "cpu-ms/doc")
}

func BenchmarkIngestBareBleve(b *testing.B) {
	n := ingestBenchN()
	items := searchtest.Docs(n, 1)
	ids := make([]string, n)
	docs := make([]any, n)
	for i, it := range items {
		ids[i], docs[i] = it.ID, search.Document(it)
	}
	m, err := search.Mapping()
	if err != nil {
		b.Fatal(err)
	}
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		dir := filepath.Join(b.TempDir(), "bare.bleve")
		start, cpu0 := time.Now(), cpuTime()
		ix, err := searchtest.BareIndex(dir, m, ids, docs, flushBatch)
		if err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
		ix.Close()
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "docs/s")
	b.ReportMetric(cpu.Seconds()*1000/float64(n*b.N), "cpu-ms/doc")
}

// TestWriteBenchJSONL writes the benchmark corpus as `monitor import`
// input when INGEST_BENCH_JSONL names a file, for measuring a whole
// import's time and peak memory with /usr/bin/time -v.
func TestWriteBenchJSONL(t *testing.T) {
	path := os.Getenv("INGEST_BENCH_JSONL")
	if path == "" {
		t.Skip("set INGEST_BENCH_JSONL=FILE to write the benchmark corpus")
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for _, it := range benchItems(ingestBenchN()) {
		rec := map[string]string{"url": it.URL, "title": it.Title, "summary": it.Summary, "body": it.Body,
			"published_at": it.PublishedAt.Format(time.RFC3339), "source": it.Source,
			"origin": string(it.Origin), "language": it.Language}
		if err := enc.Encode(rec); err != nil {
			t.Fatal(err)
		}
	}
}
