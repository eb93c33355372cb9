package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exportArchive imports a few articles into a fresh data dir: two about
// the border in the province (flagged by the built-in rules), one about
// tourism (not flagged).
func exportArchive(t *testing.T) string {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	lines := strings.Join([]string{
		`{"url":"https://baokontum.example/bien-phong-bo-y.html","title":"Bộ đội Biên phòng Kon Tum tuần tra song phương tại cửa khẩu Bờ Y","body":"Sáng 12/3, Đồn Biên phòng Cửa khẩu Quốc tế Bờ Y, huyện Ngọc Hồi, tỉnh Kon Tum phối hợp với lực lượng bảo vệ biên giới Lào tổ chức tuần tra song phương, kiểm tra hệ thống mốc quốc giới trên tuyến biên giới.","published_at":"2026-03-12","source":"bao-kon-tum","origin":"domestic","language":"vi"}`,
		`{"url":"https://foreign.example/border-dispute.html","title":"=HYPERLINK(\"http://evil.example/\",\"Xem ngay\") tranh chấp biên giới ở Kon Tum","body":"Một trang mạng nước ngoài đăng bài xuyên tạc về chủ quyền biên giới quốc gia tại Ngọc Hồi, Kon Tum, cho rằng có tranh chấp biên giới với Lào và đường biên bị thay đổi.","published_at":"2026-04-02","source":"foreign-site","origin":"foreign","language":"vi"}`,
		`{"url":"https://baokontum.example/mang-den.html","title":"Măng Đen đón khách du lịch dịp lễ","body":"Khu du lịch Măng Đen, huyện Kon Plông, tỉnh Kon Tum đón hàng nghìn lượt khách trong dịp nghỉ lễ.","published_at":"2026-04-30","source":"bao-kon-tum","origin":"domestic","language":"vi"}`,
	}, "\n")
	in := filepath.Join(t.TempDir(), "items.jsonl")
	if err := os.WriteFile(in, []byte(lines+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustExport(t, "import", "--data", data, in)
	return data
}

// mustExport runs a command line with the export command registered.
func mustExport(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := runWithExport(args...)
	if code != 0 {
		t.Fatalf("monitor %s: exit %d\nstderr: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

// runWithExport runs one command line in-process.
func runWithExport(args ...string) (string, string, int) { return runArgs(args...) }

func TestExportCommand(t *testing.T) {
	data := exportArchive(t)
	out := filepath.Join(t.TempDir(), "bao-cao.csv")
	mustExport(t, "export", "--data", data, "--from", "2026-01-01", "--to", "2026-06-14", "--out", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatalf("no BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if len(recs) < 2 || !strings.Contains(text, "Bộ đội Biên phòng Kon Tum tuần tra song phương tại cửa khẩu Bờ Y") {
		t.Fatalf("export lacks the flagged border item:\n%s", text)
	}
	if strings.Contains(text, "Măng Đen đón khách") {
		t.Errorf("unflagged item exported")
	}
	if strings.Contains(text, `,"=HYPERLINK`) || strings.Contains(text, ",=HYPERLINK") {
		t.Errorf("formula cell not neutralised:\n%s", text)
	}
}

func TestExportCommandBadInput(t *testing.T) {
	data := exportArchive(t)
	dir := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"from after to", []string{"--from", "2026-06-14", "--to", "2026-01-01", "--format", "csv", "--out", filepath.Join(dir, "a.csv")}, "--from: start date 2026-06-14 is after end date 2026-01-01"},
		{"impossible date", []string{"--from", "2021-13-45", "--to", "2021-12-31", "--format", "csv", "--out", filepath.Join(dir, "a.csv")}, `--from: "2021-13-45" is not a date`},
		{"unknown topic", []string{"--from", "2026-01-01", "--to", "2026-06-14", "--topic", "weather", "--format", "csv", "--out", filepath.Join(dir, "a.csv")}, `--topic: unknown topic "weather"`},
		{"unknown format", []string{"--from", "2026-01-01", "--to", "2026-06-14", "--format", "docx", "--out", filepath.Join(dir, "a.docx")}, `--format: unknown format "docx"`},
		{"unknown preset", []string{"--preset", "weekly", "--format", "csv", "--out", filepath.Join(dir, "a.csv")}, `--preset: unknown preset "weekly"`},
		{"no out", []string{"--from", "2026-01-01", "--to", "2026-06-14", "--format", "csv"}, "--out: a file to write is required"},
		{"unwritable path", []string{"--from", "2026-01-01", "--to", "2026-06-14", "--format", "csv", "--out", filepath.Join(dir, "missing", "a.csv")}, "cannot write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runWithExport(append([]string{"export", "--data", data, "--log-format", "text"}, tt.args...)...)
			if code == 0 {
				t.Fatalf("exit 0, want an error")
			}
			lines := strings.Split(strings.TrimSpace(errs), "\n")
			last := lines[len(lines)-1]
			if !strings.Contains(last, tt.wantErr) {
				t.Errorf("stderr's last line %q, want it to contain %q", last, tt.wantErr)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
}
