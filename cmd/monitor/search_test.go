package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// importFixture imports testdata/archive.jsonl into a new data dir.
func importFixture(t *testing.T) string {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	mustMonitor(t, "import", "--data", data, filepath.Join("testdata", "archive.jsonl"))
	return data
}

func hitTitles(res searchOutput) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Title)
	}
	return out
}

func TestSearchVietnamese(t *testing.T) {
	data := importFixture(t)
	const (
		border  = "Tuần tra song phương bảo vệ biên giới Việt Nam – Lào"
		rights  = "Bác bỏ luận điệu sai trái về nhân quyền ở Tây Nguyên"
		nfd     = "Hội thảo về quyền con người"
		mangDen = "Măng Đen mùa hoa mai anh đào"
		dakGlei = "Đắk Glei xây dựng nông thôn mới"
		rfa     = "Police set up checkpoints near the Lao border"
		rfi     = "Vietnam : tensions à la frontière avec le Laos"
	)
	tests := []struct {
		name  string
		args  []string
		want  []string // in any order unless first is set
		first string
	}{
		{name: "diacritics", args: []string{`"nhân quyền"`}, want: []string{rights, nfd}, first: rights},
		{name: "no diacritics", args: []string{`"nhan quyen"`}, want: []string{rights, nfd}},
		{name: "upper case", args: []string{`"NHÂN QUYỀN"`}, want: []string{rights, nfd}},
		{name: "nfd query", args: []string{"\"nha\u0302n quye\u0302\u0300n\""}, want: []string{rights, nfd}},
		{name: "old and new tone marks", args: []string{"hoà"}, want: []string{mangDen, dakGlei}},
		{name: "new tone mark", args: []string{"hòa"}, want: []string{mangDen, dakGlei}},
		{name: "d stroke", args: []string{"Dak"}, want: []string{mangDen, dakGlei}},
		{name: "exact escape", args: []string{`="Đăk"`}, want: []string{mangDen}},
		{name: "exact form first", args: []string{"Đắk"}, want: []string{mangDen, dakGlei}, first: dakGlei},
		{name: "english stemming", args: []string{"checkpoint"}, want: []string{rfa}},
		{name: "french folding", args: []string{"frontiere"}, want: []string{rfi}},
		{name: "phrase", args: []string{`"biên giới"`}, want: []string{border}},
		{name: "bare words ANDed", args: []string{"Kon", "Tum", "frontière"}, want: []string{rfi}},
		{name: "from to inclusive", args: []string{"--from", "2024-03-12", "--to", "2024-03-15", "*"}, want: []string{border, rights}},
		{name: "single day", args: []string{"--from", "2024-04-02", "--to", "2024-04-02", ""}, want: []string{dakGlei, rfa}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := searchJSON(t, data, tt.args...)
			got := hitTitles(res)
			if res.Total != len(tt.want) || !sameSet(got, tt.want) {
				t.Fatalf("search %v = %q (total %d), want %q", tt.args, got, res.Total, tt.want)
			}
			if tt.first != "" && got[0] != tt.first {
				t.Errorf("first hit = %q, want %q", got[0], tt.first)
			}
		})
	}
}

func TestSearchLimitAndEverything(t *testing.T) {
	data := importFixture(t)
	for _, q := range []string{"*", ""} {
		res := searchJSON(t, data, "--limit", "2", q)
		if res.Total != 7 || len(res.Hits) != 2 {
			t.Errorf("search %q --limit 2: total %d, %d hits; want 7 and 2", q, res.Total, len(res.Hits))
		}
	}
	res := searchJSON(t, data, `"biên giới"`)
	h := res.Hits[0]
	if h.PublishedAt != "2024-03-11T17:00:00Z" || h.Source != "bao-kon-tum" || h.Origin != "domestic" ||
		h.Language != "vi" || h.Status != "new" || !h.Flagged || !slices.Contains(h.Topics, "border") {
		t.Errorf("hit fields = %+v", h)
	}
}

func TestSearchSyntaxErrorExits2(t *testing.T) {
	data := importFixture(t)
	_, stderr, code := monitor(t, "", "search", "--data", data, `("biên giới" OR "cắm mốc"`)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(stderr, "col ") || !strings.Contains(stderr, `expected ")"`) {
		t.Errorf("stderr %q does not name the column and what was expected", stderr)
	}
}

func TestImportDedupAndBadLines(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	input := filepath.Join(dir, "in.jsonl")
	lines := strings.Join([]string{
		`{"url":"https://baokontum.vn/a.html","title":"Bờ Y thông quan","body":"Cửa khẩu Bờ Y thông quan trở lại sau đợt mưa lũ.","published_at":"2024-05-01"}`,
		`{"url":"https://baokontum.vn/a.html?utm_source=zalo&fbclid=xyz#top","title":"Bờ Y thông quan","body":"Cửa khẩu Bờ Y thông quan trở lại sau đợt mưa lũ.","published_at":"2024-05-01"}`,
		`{"url":"https://m.baokontum.vn/a.html","title":"Bờ Y thông quan","body":"Cửa khẩu  Bờ Y thông quan trở lại sau đợt mưa lũ.","published_at":"2024-05-01"}`,
		`this is not json`,
		`{"title":"Không có địa chỉ"}`,
		`{"url":"https://baokontum.vn/b.html","body":"không có tiêu đề"}`,
		`{"url":"https://baokontum.vn/c.html","title":"Ngày sai","published_at":"2024-13-45"}`,
		`{"url":"https://baokontum.vn/d.html","title":"Bài hợp lệ cuối cùng","body":"Nội dung.","published_at":"2024-05-02"}`,
	}, "\n")
	if err := os.WriteFile(input, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := monitor(t, "", "import", "--data", data, input)
	if code == 0 {
		t.Error("exit 0 although lines were refused")
	}
	for _, line := range []string{":4:", ":5:", ":6:", ":7:"} {
		if !strings.Contains(stderr, line) {
			t.Errorf("stderr does not report line %s:\n%s", line, stderr)
		}
	}
	if !strings.Contains(out, "2 new") {
		t.Errorf("summary %q, want 2 new items", out)
	}
	if res := searchJSON(t, data, "*"); res.Total != 2 {
		t.Errorf("archive holds %d items, want 2 (three URLs of one story, one more)", res.Total)
	}
}
