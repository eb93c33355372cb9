package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNeutralise(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"formula", `=HYPERLINK("x")`, `'=HYPERLINK("x")`},
		{"plus", "+84 905 000 000", "'+84 905 000 000"},
		{"minus", "-2+3", "'-2+3"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\t=1", "'\t=1"},
		{"carriage return", "\r=1", "'\r=1"},
		{"plain Vietnamese", "Đắk Glei", "Đắk Glei"},
		{"inner equals", "a=b", "a=b"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := neutralise(tt.in); got != tt.want {
				t.Errorf("neutralise(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func exportBytes(t *testing.T, src Source, q Query) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(context.Background(), &buf, src, q, testLetterhead(), nil); err != nil {
		t.Fatalf("Export %s: %v", q.Format, err)
	}
	return buf.Bytes()
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Fatalf("csv does not start with a UTF-8 BOM: % x", data[:min(8, len(data))])
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("parse csv: %v", err)
	}
	return recs
}

func TestCSV(t *testing.T) {
	src := fixture(t)
	recs := readCSV(t, exportBytes(t, src, h1Query(FormatCSV)))
	if got, want := recs[0], viLabels.itemColumns; !cmp.Equal(got, want) {
		t.Errorf("header (-got +want):\n%s", cmp.Diff(got, want))
	}
	byTitle := map[string][]string{}
	for _, r := range recs[1:] {
		byTitle[r[3]] = r
	}
	if got, want := len(recs)-1, 6; got != want {
		t.Errorf("got %d rows, want %d (flagged items in range): %v", got, want, recs[1:])
	}
	border := byTitle[titleBorder]
	if border == nil {
		t.Fatalf("no row with the Vietnamese title verbatim; rows: %v", recs[1:])
	}
	want := []string{"05/01/2026", "Báo Kon Tum", "Trong nước", titleBorder, "https://bao-kon-tum.example/tin/a1.html",
		"Biên giới, chủ quyền", "Cao", "Đã xử lý", "biên giới, đã phản bác", "cột mốc, Bờ Y", "2",
		"Bài viết phản bác · II.6.3 · Đã hoàn thành"}
	if diff := cmp.Diff(want, border); diff != "" {
		t.Errorf("border row (-want +got):\n%s", diff)
	}
	if byTitle["'"+titleFormula] == nil {
		t.Errorf("formula title not neutralised with a leading quote; titles: %v", keys(byTitle))
	}
	if byTitle[titleHTML] == nil {
		t.Errorf("title with markup not kept verbatim")
	}
	if byTitle["Tin ngoài kỳ báo cáo"] != nil || byTitle["Kon Tum đón khách du lịch dịp Tết"] != nil {
		t.Errorf("out-of-range or unflagged item exported")
	}
	if r := byTitle[titleEnglish]; r == nil || r[0] != "14/06/2026" {
		t.Errorf("item of 14/06 23:00 ICT: got %v, want date 14/06/2026", r)
	}
}

func TestCSVEnglishAndFilters(t *testing.T) {
	src := fixture(t)
	q := h1Query(FormatCSV)
	q.Lang, q.Origin, q.Topic = "en", "foreign", "human_rights"
	recs := readCSV(t, exportBytes(t, src, q))
	if got := recs[0][0]; got != "Date" {
		t.Errorf("english header starts %q, want Date", got)
	}
	var titles []string
	for _, r := range recs[1:] {
		titles = append(titles, r[3])
		if r[2] != "Foreign" {
			t.Errorf("origin %q, want Foreign", r[2])
		}
	}
	if want := []string{"'" + titleFormula, titleEnglish}; !cmp.Equal(titles, want) {
		t.Errorf("titles (-got +want):\n%s", cmp.Diff(titles, want))
	}
	if !strings.Contains(strings.Join(recs[1], "|"), "Reported to the competent authority · II.6.2 · In progress") {
		t.Errorf("english response label missing: %v", recs[1])
	}
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
