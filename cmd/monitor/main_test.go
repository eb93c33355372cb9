package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary act as the monitor binary, so subprocess
// tests (the crash test) run the real program without a separate build.
func TestMain(m *testing.M) {
	if os.Getenv("MONITOR_TEST_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// monitor runs one command line in-process and returns stdout, stderr and
// the exit status.
func monitor(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	return runStdin(stdin, args...)
}

// runArgs runs one command line in-process with empty stdin.
func runArgs(args ...string) (string, string, int) { return runStdin("", args...) }

func runStdin(stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// mustMonitor is monitor that fails the test on a non-zero exit.
func mustMonitor(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := monitor(t, "", args...)
	if code != 0 {
		t.Fatalf("monitor %s: exit %d\nstderr: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

// searchJSON runs `monitor search --json` and decodes its output.
func searchJSON(t *testing.T, data string, args ...string) searchOutput {
	t.Helper()
	out := mustMonitor(t, append([]string{"search", "--data", data, "--json"}, args...)...)
	var res searchOutput
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search output is not JSON: %v\n%s", err, out)
	}
	return res
}

var (
	viPlaces   = []string{"Kon Tum", "Ngọc Hồi", "Đắk Glei", "Sa Thầy", "Kon Plông", "Măng Đen", "Đắk Tô", "Tu Mơ Rông", "Bờ Y", "Quảng Ngãi", "Gia Lai", "Đà Nẵng"}
	viSubjects = []string{"giá cà phê", "đường Hồ Chí Minh", "lễ hội cồng chiêng", "mùa mưa", "trường học vùng cao", "chợ phiên", "sâm Ngọc Linh", "đồn biên phòng", "nông dân trồng mì", "nhà rông văn hóa"}
	viVerbs    = []string{"tăng mạnh", "được đầu tư", "thu hút du khách", "gặp khó khăn", "đón nhận tin vui", "hoàn thành sớm", "chuẩn bị khai mạc", "ghi nhận kết quả tốt"}
	enSubjects = []string{"coffee prices", "the border checkpoint", "a new highway", "the rainy season", "a highland school", "ginseng farmers", "the provincial hospital", "rubber plantations"}
	enVerbs    = []string{"rose sharply", "drew record visitors", "faced delays", "won national praise", "opened this week", "reported strong growth"}
)

// writeJSONL writes n distinct import lines (Vietnamese and English) and
// returns the file's path.
func writeJSONL(t testing.TB, dir string, n int, seed int64) string {
	t.Helper()
	r := rand.New(rand.NewSource(seed))
	var b strings.Builder
	start := time.Date(2021, 1, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		rec := importRecord{
			URL:         fmt.Sprintf("https://bao-demo.vn/tin-tuc/bai-%06d.html?utm_source=rss", i),
			PublishedAt: start.Add(time.Duration(i) * 7 * time.Hour).Format(time.RFC3339),
			Source:      "bao-demo",
			Origin:      "domestic",
		}
		place := viPlaces[r.Intn(len(viPlaces))]
		if i%3 == 2 {
			rec.Language = "en"
			rec.Title = fmt.Sprintf("In %s, %s %s (report %d)", place, enSubjects[r.Intn(len(enSubjects))], enVerbs[r.Intn(len(enVerbs))], i)
			rec.Body = enBody(r, place, i)
		} else {
			rec.Language = "vi"
			rec.Title = fmt.Sprintf("%s: %s %s (bài %d)", place, viSubjects[r.Intn(len(viSubjects))], viVerbs[r.Intn(len(viVerbs))], i)
			rec.Body = viBody(r, place, i)
		}
		line, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(dir, fmt.Sprintf("items-%d.jsonl", seed))
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func viBody(r *rand.Rand, place string, i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s – Bài số %d. ", strings.ToUpper(place), i)
	for s := 0; s < 6; s++ {
		fmt.Fprintf(&b, "Tại %s, %s %s trong tuần qua. ", viPlaces[r.Intn(len(viPlaces))],
			viSubjects[r.Intn(len(viSubjects))], viVerbs[r.Intn(len(viVerbs))])
	}
	return b.String()
}

func enBody(r *rand.Rand, place string, i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — Story number %d. ", strings.ToUpper(place), i)
	for s := 0; s < 6; s++ {
		fmt.Fprintf(&b, "Officials said %s %s in %s. ", enSubjects[r.Intn(len(enSubjects))],
			enVerbs[r.Intn(len(enVerbs))], viPlaces[r.Intn(len(viPlaces))])
	}
	return b.String()
}
