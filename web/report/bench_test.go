package report

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/plan"
	"github.com/ttdn/monitor/index/store"
	"github.com/xuri/excelize/v2"
)

// The memory benchmark: REPORT_BENCH=1 go test ./web/report -run
// TestExportMemoryScaling -v -timeout 30m. It builds archives of 1k and
// 100k flagged items, then exports each in every format in a fresh
// process (so peak RSS is the export's own) and checks that the 100k
// export's peak heap stays within twice the 1k export's (for XLSX, plus
// excelize's fixed in-memory chunk; see below). REPORT_BENCH_SIZES and
// REPORT_BENCH_FORMATS pick other sizes and formats; REPORT_BENCH_DIR
// keeps the archives for the next run.

// benchChild, when set, makes the test binary export one archive and
// print its measurements instead of running tests.
const benchChildEnv = "REPORT_BENCH_CHILD"

func TestExportMemoryScaling(t *testing.T) {
	if os.Getenv("REPORT_BENCH") == "" {
		t.Skip("set REPORT_BENCH=1 to run the 100k-row memory benchmark (minutes)")
	}
	dir := os.Getenv("REPORT_BENCH_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	sizes := []int{1000, 100000}
	if env := os.Getenv("REPORT_BENCH_SIZES"); env != "" { // e.g. 1000,30000,100000
		sizes = nil
		for _, f := range strings.Split(env, ",") {
			n, err := strconv.Atoi(f)
			if err != nil {
				t.Fatalf("REPORT_BENCH_SIZES: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	dbs := map[int]string{}
	for _, n := range sizes {
		path := filepath.Join(dir, fmt.Sprintf("bench-%d.db", n))
		if _, err := os.Stat(path); err != nil {
			start := time.Now()
			buildBenchArchive(t, path, n)
			t.Logf("built %d items in %s", n, time.Since(start).Round(time.Millisecond))
		}
		dbs[n] = path
	}
	formats := []string{FormatCSV, FormatXLSX, FormatHTML, FormatPDF}
	if env := os.Getenv("REPORT_BENCH_FORMATS"); env != "" {
		formats = strings.Split(env, ",")
	}
	results := map[string]benchResult{}
	for _, f := range formats {
		if f == FormatPDF {
			if _, err := findChromium(); err != nil {
				t.Logf("pdf skipped: %v", err)
				continue
			}
		}
		for _, n := range sizes {
			r := runBenchChild(t, dbs[n], f, filepath.Join(dir, fmt.Sprintf("out-%d.%s", n, f)))
			results[fmt.Sprintf("%s/%d", f, n)] = r
			t.Logf("%-4s %6d rows: %8.2fs  peak heap %6.1f MiB  live %6.1f MiB  peak RSS %6.1f MiB  file %7.1f MiB",
				f, n, r.Seconds, mib(r.PeakHeap), mib(r.PeakLive), mib(r.PeakRSS), mib(r.FileBytes))
		}
		small := results[fmt.Sprintf("%s/%d", f, sizes[0])]
		big := results[fmt.Sprintf("%s/%d", f, sizes[len(sizes)-1])]
		if big.PeakHeap <= 2*small.PeakHeap {
			continue
		}
		if f != FormatXLSX {
			t.Errorf("%s: peak heap %.1f MiB at %d rows is more than twice %.1f MiB at %d",
				f, mib(big.PeakHeap), sizes[len(sizes)-1], mib(small.PeakHeap), sizes[0])
			continue
		}
		// excelize's stream writer keeps up to StreamChunkSize (16 MiB)
		// of sheet XML in a bytes.Buffer before it spills to its
		// temporary file, and keeps the buffer (its capacity, by
		// doubling, between 16 and 32 MiB) for the next chunk; the Go
		// heap may hold as much garbage as live data before a collection
		// (GOGC=100). So an XLSX export grows until about 30k rows, then
		// stays flat: it must stay within the 2x target plus twice the
		// largest buffer, and (when a middle size was measured) not grow
		// between the last two sizes.
		allowance := 2*small.PeakHeap + 4*excelize.StreamChunkSize
		t.Logf("xlsx: peak heap %.1f MiB at %d rows exceeds twice %.1f MiB at %d (excelize's 16 MiB in-memory chunk); bound %.1f MiB",
			mib(big.PeakHeap), sizes[len(sizes)-1], mib(small.PeakHeap), sizes[0], mib(allowance))
		if big.PeakHeap > allowance {
			t.Errorf("xlsx: peak heap %.1f MiB at %d rows is over the bound %.1f MiB", mib(big.PeakHeap), sizes[len(sizes)-1], mib(allowance))
		}
		if len(sizes) >= 3 {
			mid := results[fmt.Sprintf("%s/%d", f, sizes[len(sizes)-2])]
			if float64(big.PeakHeap) > 1.3*float64(mid.PeakHeap) {
				t.Errorf("xlsx: peak heap still grows: %.1f MiB at %d rows, %.1f MiB at %d",
					mib(mid.PeakHeap), sizes[len(sizes)-2], mib(big.PeakHeap), sizes[len(sizes)-1])
			}
		}
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

type benchResult struct {
	Seconds   float64 `json:"seconds"`
	PeakHeap  uint64  `json:"peak_heap"`
	PeakLive  uint64  `json:"peak_live"`
	PeakRSS   uint64  `json:"peak_rss"`
	FileBytes uint64  `json:"file_bytes"`
}

func runBenchChild(t *testing.T, db, format, out string) benchResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestBenchChild$")
	cmd.Env = append(os.Environ(), benchChildEnv+"="+db+"|"+format+"|"+out)
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("bench child %s %s: %v\n%s", db, format, err, b)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "BENCH "); ok {
			var r benchResult
			if err := json.Unmarshal([]byte(rest), &r); err != nil {
				t.Fatal(err)
			}
			return r
		}
	}
	t.Fatalf("bench child printed no result:\n%s", b)
	return benchResult{}
}

// TestBenchChild is the child process of TestExportMemoryScaling.
func TestBenchChild(t *testing.T) {
	spec := os.Getenv(benchChildEnv)
	if spec == "" {
		t.Skip("child process of TestExportMemoryScaling")
	}
	parts := strings.Split(spec, "|")
	db, format, out := parts[0], parts[1], parts[2]
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q := h1Query(format)
	q.From = time.Date(2020, 1, 1, 0, 0, 0, 0, ict)

	runtime.GC()
	// Peak heap is what the target is about; the live heap (what the
	// last collection found reachable) tells growth with the rows apart
	// from the collector's pacing, which lets the heap reach about twice
	// the live heap, and at least 4 MiB, before it collects.
	var peak, peakLive uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // sample the heap every millisecond
		defer wg.Done()
		var ms runtime.MemStats
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			runtime.ReadMemStats(&ms)
			metrics.Read(live)
			peak = max(peak, ms.HeapInuse)
			peakLive = max(peakLive, live[0].Value.Uint64())
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	start := time.Now()
	err = WriteFile(ctx, out, st, q, testLetterhead(), nil)
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(out)
	r := benchResult{Seconds: elapsed.Seconds(), PeakHeap: peak, PeakLive: peakLive, PeakRSS: vmHWM(), FileBytes: uint64(fi.Size())}
	b, _ := json.Marshal(r)
	fmt.Printf("BENCH %s\n", b)
}

// vmHWM is the process's peak resident set size, from /proc (0 where
// there is none).
func vmHWM() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// buildBenchArchive writes n flagged items (a fifth of them in story
// clusters of three, a response for every fiftieth) to a new store.
func buildBenchArchive(t *testing.T, path string, n int) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, tasks, _ := plan.Builtin()
	if err := st.ImportPlan(ctx, "bench", p, tasks); err != nil {
		t.Fatal(err)
	}
	topicsOf := []string{"border", "human_rights", "religion"}
	sources := []string{"bao-kon-tum", "bao-gia-lai", "rfa-example", "voa-example", "hrw-example", "bbc-example"}
	base := time.Date(2020, 1, 1, 8, 0, 0, 0, ict)
	step := time.Duration(int64(6*365*24*time.Hour) / int64(n))
	for i := range n {
		id := fmt.Sprintf("b%06d", i)
		src := sources[i%len(sources)]
		origin := index.OriginDomestic
		if i%len(sources) >= 2 {
			origin = index.OriginForeign
		}
		sev := index.SeverityMedium
		if i%4 == 0 {
			sev = index.SeverityHigh
		}
		it := fixtureItem(id, src, origin, fmt.Sprintf("Tin số %d: thông tin xuyên tạc về chủ quyền biên giới tại Bờ Y, Ngọc Hồi", i),
			base.Add(time.Duration(i)*step), hitOf(topicsOf[i%3], sev, "chủ quyền", "biên giới"))
		if err := st.SaveItem(ctx, it, uint64(i)); err != nil {
			t.Fatal(err)
		}
		if i%15 < 3 {
			if err := st.SetCluster(ctx, id, fmt.Sprintf("c%06d", i/15)); err != nil {
				t.Fatal(err)
			}
		}
		if i%50 == 49 {
			r := &index.Response{ItemIDs: []string{id}, Task: "II.6.3", Kind: index.ResponseKinds[i%len(index.ResponseKinds)],
				Agency: "Sở Thông tin và Truyền thông", Status: index.ResponseDone, Date: it.PublishedAt.Add(24 * time.Hour)}
			if err := st.CreateResponse(ctx, "bench", r); err != nil {
				t.Fatal(err)
			}
		}
	}
}
