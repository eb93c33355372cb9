package report

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestXLSX(t *testing.T) {
	data := exportBytes(t, fixture(t), h1Query(FormatXLSX))
	f := openXLSX(t, data)
	if got, want := f.GetSheetList(), []string{"Tin bài", "Xử lý", "Tổng hợp"}; !cmp.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	rows, err := f.GetRows("Tin bài")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(viLabels.itemColumns, rows[0]); diff != "" {
		t.Errorf("items header (-want +got):\n%s", diff)
	}
	if got, want := len(rows)-1, 6; got != want {
		t.Errorf("got %d item rows, want %d", got, want)
	}
	row := findRow(rows, titleBorder)
	if row < 0 {
		t.Fatalf("Vietnamese title not found verbatim in %v", rows)
	}
	// The date is a number (a date serial) shown as dd/mm/yyyy.
	cell, _ := excelize.CoordinatesToCellName(1, row+1)
	raw, _ := f.GetCellValue("Tin bài", cell, excelize.Options{RawCellValue: true})
	if raw != "46027" { // 2026-01-05
		t.Errorf("date cell raw value %q, want the serial 46027", raw)
	}
	if got, _ := f.GetCellValue("Tin bài", cell); got != "05/01/2026" {
		t.Errorf("date cell shows %q, want 05/01/2026", got)
	}
	styleID, _ := f.GetCellStyle("Tin bài", cell)
	if st, err := f.GetStyle(styleID); err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "dd/mm/yyyy" {
		t.Errorf("date cell style %+v (%v), want number format dd/mm/yyyy", st, err)
	}
	if findRow(rows, titleFormula) < 0 {
		t.Errorf("formula-looking title not kept verbatim as text")
	}
	assertNoFormulas(t, f, data)
	panes, err := f.GetPanes("Tin bài")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v (%v), want the header row frozen", panes, err)
	}
	if tables, err := f.GetTables("Tin bài"); err != nil || len(tables) != 1 || tables[0].Range != "A1:L7" {
		t.Errorf("tables %+v (%v), want one filtered table A1:L7", tables, err)
	}

	resp, _ := f.GetRows("Xử lý")
	if len(resp) != 3 || resp[0][1] != "Hình thức xử lý" {
		t.Fatalf("responses sheet %v, want a header and 2 rows", resp)
	}
	// Newest first, as the store lists them.
	if got := resp[1][0] + " " + resp[2][0]; got != "20/02/2026 07/01/2026" {
		t.Errorf("response dates %q, want newest first", got)
	}
	if !strings.Contains(resp[2][7], titleBorder) {
		t.Errorf("response row does not name its item: %v", resp[2])
	}
	if resp[2][9] != "-Đăng bài phản bác trên trang nhất" {
		t.Errorf("note %q not kept verbatim", resp[2][9])
	}
	sum, _ := f.GetRows("Tổng hợp")
	flat := strings.Join(flatten(sum), "|")
	for _, want := range []string{"Biên giới, chủ quyền|2|1|3", "Nhân quyền|0|2|2", "II.6.3", "Bài viết phản bác|0|0|1|1"} {
		if !strings.Contains(flat, want) {
			t.Errorf("summary lacks %q:\n%s", want, flat)
		}
	}
}

// assertNoFormulas checks through excelize and in the raw sheet XML that
// no cell holds a formula.
func assertNoFormulas(t *testing.T, f *excelize.File, data []byte) {
	t.Helper()
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for r, row := range rows {
			for c := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if fm, _ := f.GetCellFormula(sheet, cell); fm != "" {
					t.Errorf("%s!%s holds formula %q", sheet, cell, fm)
				}
			}
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte("<f>")) || bytes.Contains(b, []byte("<f ")) {
			t.Errorf("%s contains a formula element", zf.Name)
		}
	}
}

func findRow(rows [][]string, title string) int {
	for i, r := range rows {
		if len(r) > 3 && r[3] == title {
			return i
		}
	}
	return -1
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "|"))
	}
	return out
}

// TestXLSXLibreOffice proves a real office suite reads the workbook:
// LibreOffice converts the items sheet to CSV (skipped when LibreOffice
// is not installed; Debian package libreoffice-calc-nogui).
func TestXLSXLibreOffice(t *testing.T) {
	exe, err := exec.LookPath("libreoffice")
	if err != nil {
		t.Skip("libreoffice not installed (apt-get install libreoffice-calc-nogui)")
	}
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "bao-cao.xlsx")
	if err := os.WriteFile(in, exportBytes(t, fixture(t), h1Query(FormatXLSX)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "bao-cao.csv"))
	if err != nil {
		t.Fatalf("libreoffice wrote no csv: %v", err)
	}
	text := string(got)
	for _, want := range []string{"Tiêu đề", titleBorder, "05/01/2026", "HYPERLINK"} {
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice's CSV lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Bấm vào đây để xem\n") {
		t.Errorf("LibreOffice evaluated the HYPERLINK title as a formula:\n%s", text)
	}
}
