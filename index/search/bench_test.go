package search

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/search/searchtest"
)

// Benchmarks take their corpus size from SEARCH_BENCH_DOCS (default
// 5000) so -benchtime does not change what is measured. Set
// SEARCH_BENCH_DIR to keep the query benchmarks' indexes between runs
// (they are rebuilt when their document count differs).

func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("SEARCH_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 5000
}

var (
	benchOnce  sync.Once
	benchItems []*index.Item
)

func benchDocs(b *testing.B) []*index.Item {
	b.Helper()
	benchOnce.Do(func() { benchItems = searchtest.Docs(benchN(), 1) })
	return benchItems
}

// bareDocs returns the ids and bleve documents of items; unigram drops
// the bigram fields.
func bareDocs(items []*index.Item, unigram bool) ([]string, []any) {
	ids := make([]string, len(items))
	docs := make([]any, len(items))
	for i, it := range items {
		d := Document(it)
		if unigram {
			delete(d, fTitleBigram)
			delete(d, fBodyBigram)
		}
		ids[i], docs[i] = it.ID, d
	}
	return ids, docs
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func reportIndexing(b *testing.B, n int, elapsed time.Duration, dir string) {
	b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "docs/s")
	b.ReportMetric(float64(dirSize(dir))/(1<<20), "MB-on-disk")
}

func benchBare(b *testing.B, m *mapping.IndexMappingImpl, unigram bool) {
	items := benchDocs(b)
	ids, docs := bareDocs(items, unigram)
	var dir string
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		dir = filepath.Join(b.TempDir(), "bare")
		ix, err := searchtest.BareIndex(dir, m, ids, docs, BatchSize)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	reportIndexing(b, len(items), elapsed, dir)
}

// BenchmarkIndexBareBleve indexes the generated documents with bleve
// directly, under the full mapping (bigram fields included).
func BenchmarkIndexBareBleve(b *testing.B) {
	m, err := Mapping()
	if err != nil {
		b.Fatal(err)
	}
	benchBare(b, m, false)
}

// BenchmarkIndexBareBleveUnigram is the same without bigram fields, with
// positions on the folded fields instead (plain bleve phrases).
func BenchmarkIndexBareBleveUnigram(b *testing.B) {
	m, err := unigramMapping()
	if err != nil {
		b.Fatal(err)
	}
	benchBare(b, m, true)
}

// BenchmarkIndexPut indexes the same documents through Open and Put.
func BenchmarkIndexPut(b *testing.B) {
	items := benchDocs(b)
	var dir string
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		dir = filepath.Join(b.TempDir(), "index")
		ix, _, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Put(items); err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	reportIndexing(b, len(items), elapsed, dir)
}

// latencies records one duration per query and reports percentiles.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	s := slices.Clone(l)
	slices.Sort(s)
	at := func(p float64) float64 {
		return float64(s[min(len(s)-1, int(p*float64(len(s))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

func timed(b *testing.B, queries int, run func(i int) int) {
	b.Helper()
	lat := make(latencies, 0, b.N)
	hits := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := time.Now()
		hits += run(i % queries)
		lat = append(lat, time.Since(t))
	}
	b.StopTimer()
	lat.report(b)
	b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
}
