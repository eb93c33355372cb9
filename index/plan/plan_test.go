package plan

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ttdn/monitor/index"
	"golang.org/x/text/unicode/norm"
)

// seedTasks reads the plan document itself (a copy of the seed in
// testdata) and returns, for every task of section II, its code and its
// lead agency as the document words them. It shares no code with Parse.
func seedTasks(t *testing.T) (codes []string, lead map[string]string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "ke-hoach-ttdn-kon-tum-2021.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	start := strings.Index(doc, "II. NỘI DUNG THỰC HIỆN")
	end := strings.Index(doc, "III. KINH PHÍ THỰC HIỆN")
	if start < 0 || end < start {
		t.Fatal("section II not found in the seed")
	}
	heading := regexp.MustCompile(`(?m)^(\d+)\.(?:(\d+)\.)? \S`)
	leadLine := regexp.MustCompile(`(?m)^- \*(?:Cơ quan chủ trì|Cơ quan thực hiện|Đơn vị chủ trì thực hiện)\*?:\*? *(.+)$`)
	section := doc[start:end]
	marks := heading.FindAllStringSubmatchIndex(section, -1)
	lead = map[string]string{}
	hasSub := map[string]bool{}
	type span struct {
		code       string
		start, end int
	}
	var spans []span
	for i, m := range marks {
		code := "II." + section[m[2]:m[3]]
		if m[4] >= 0 {
			hasSub[code] = true
			code += "." + section[m[4]:m[5]]
		}
		stop := len(section)
		if i+1 < len(marks) {
			stop = marks[i+1][0]
		}
		spans = append(spans, span{code, m[0], stop})
	}
	for _, sp := range spans {
		if hasSub[sp.code] {
			continue // a section heading whose tasks are numbered below it
		}
		codes = append(codes, sp.code)
		if m := leadLine.FindStringSubmatch(section[sp.start:sp.end]); m != nil {
			v := strings.ReplaceAll(m[1], "*", "")
			lead[sp.code] = strings.TrimRight(strings.TrimSpace(v), ".;")
		}
	}
	return codes, lead
}

func TestBuiltinHasEverySeedTaskWithItsLead(t *testing.T) {
	p, tasks, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "kon-tum-2021" || p.Year != 2021 || !strings.Contains(p.Title, "Kon Tum năm 2021") {
		t.Errorf("plan = %+v", p)
	}
	codes, lead := seedTasks(t)
	if len(codes) < 20 {
		t.Fatalf("the seed parser found only %d tasks: %v", len(codes), codes)
	}
	byCode := map[string]index.PlanTask{}
	for _, tk := range tasks {
		byCode[tk.Code] = tk
	}
	for _, c := range codes {
		tk, ok := byCode[c]
		if !ok {
			t.Errorf("task %s of the seed is missing", c)
			continue
		}
		if want, ok := lead[c]; !ok {
			t.Errorf("seed task %s: no lead agency found in the seed", c)
		} else if tk.Lead != want {
			t.Errorf("task %s lead = %q, want %q", c, tk.Lead, want)
		}
	}
	if len(tasks) != len(codes) {
		t.Errorf("built-in plan has %d tasks, the seed %d", len(tasks), len(codes))
	}
	for _, tk := range tasks {
		for _, s := range []string{tk.Title, tk.Lead, tk.Coordinating, tk.Timeframe} {
			if !norm.NFC.IsNormalString(s) || !utf8.ValidString(s) || strings.ContainsAny(s, "⁽⁾*") {
				t.Errorf("task %s: text not clean NFC: %q", tk.Code, s)
			}
		}
		if tk.Plan != p.ID {
			t.Errorf("task %s plan = %q", tk.Code, tk.Plan)
		}
	}
	if got := byCode["II.6.3"]; !strings.Contains(got.Title, "biên, đảo, dân chủ, nhân quyền, tôn giáo") || got.Timeframe != "Thường xuyên" {
		t.Errorf("II.6.3 = %+v; want the title joined across the page break", got)
	}
	if got := byCode["II.7"].Timeframe; got != "Dự kiến tổ chức trong quý III/2021" {
		t.Errorf("II.7 timeframe = %q", got)
	}
}

func TestParseRefusesWithLine(t *testing.T) {
	head := "plan:\n  id: quang-ngai-2026\n  title: Kế hoạch thông tin đối ngoại năm 2026\n  year: 2026\ntasks:\n"
	task := func(code string) string {
		return "  - code: " + code + "\n    title: Theo dõi báo chí nước ngoài\n    lead: Sở Văn hóa, Thể thao và Du lịch\n    timeframe: Thường xuyên\n"
	}
	tests := []struct {
		name, data, want string
	}{
		{"good", head + task("II.6.1") + task("II.6.2"), ""},
		{"missing code", head + task("II.6.1") + "  - title: Tập huấn\n    lead: Sở Nội vụ\n    timeframe: Quý III/2026\n", "line 10: task: code is required"},
		{"missing lead", head + "  - code: II.1.1\n    title: Rà soát quy chế\n    timeframe: Quý II/2026\n", "line 6: task II.1.1: lead is required"},
		{"empty timeframe", head + "  - code: II.1.1\n    title: Rà soát\n    lead: Sở Nội vụ\n    timeframe: \"\"\n", "line 9: task II.1.1: timeframe is required"},
		{"missing title", head + "  - code: II.1.1\n    lead: Sở Nội vụ\n    timeframe: Quý II/2026\n", "line 6: task II.1.1: title is required"},
		{"duplicate code", head + task("II.6.1") + task("II.6.1"), "line 10: task II.6.1: code already used at line 6"},
		{"bad code shape", head + task("6.3"), "line 6: task 6.3: code must look like II.6.3"},
		{"bad code letters", head + task("II.6.a"), "line 6: task II.6.a: code must look like"},
		{"unknown task key", head + task("II.6.1") + "    owner: ai đó\n", "line 10: task: unknown key \"owner\""},
		{"no plan id", "plan:\n  title: Kế hoạch\n  year: 2026\ntasks:\n" + task("II.1.1"), "line 2: plan: id is required"},
		{"bad year", "plan:\n  id: p\n  title: Kế hoạch\n  year: hai nghìn\ntasks:\n" + task("II.1.1"), "line 4: plan: year \"hai nghìn\" is not a year"},
		{"no tasks", head, "tasks: expected a list"},
		{"not yaml", "plan: [\n", "did not find expected"},
		{"not a mapping", "- a\n- b\n", "line 1: expected a mapping"},
		{"empty", "", "empty plan file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, tasks, err := Parse([]byte(tt.data))
			if tt.want == "" {
				if err != nil || len(tasks) != 2 {
					t.Fatalf("Parse = %d tasks, %v; want 2, nil", len(tasks), err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse accepted a bad file; want error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
			if !errors.Is(err, index.ErrInvalid) {
				t.Errorf("error %v is not index.ErrInvalid", err)
			}
		})
	}
}

func TestLoadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ke-hoach-2026.yaml")
	os.WriteFile(path, []byte("plan:\n  id: x\n  title: y\n  year: 2026\ntasks:\n  - code: II.1\n    title: t\n    lead: l\n"), 0o600)
	_, _, err := LoadFile(path)
	if err == nil || !strings.Contains(err.Error(), path+": line 6: task II.1: timeframe is required") {
		t.Errorf("LoadFile error = %v, want the file and line named", err)
	}
	if _, _, err := LoadFile(filepath.Join(t.TempDir(), "none.yaml")); err == nil {
		t.Error("LoadFile of a missing file succeeded")
	}
}
