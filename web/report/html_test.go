package report

import (
	"bytes"
	stdhtml "html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestHTMLReport(t *testing.T) {
	html := string(exportBytes(t, fixture(t), h1Query(FormatHTML)))
	for _, want := range []string{
		"ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-SVHTTDL", "Quảng Ngãi, ngày 05 tháng 6 năm 2026",
		"BÁO CÁO", "Kết quả theo dõi, xử lý thông tin báo chí trong và ngoài nước về tỉnh Quảng Ngãi (địa bàn tỉnh Kon Tum cũ) 6 tháng đầu năm 2026",
		titleBorder, stdhtml.EscapeString(titleEnglish), "RFA Tiếng Việt", "bao-gia-lai", "05/01/2026",
		"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Tôn giáo ở Tây Nguyên &amp; “tự do” &lt;b&gt;đậm&lt;/b&gt;",
		"Ban Tôn giáo tỉnh đã làm rõ", // excerpt read from the body
		"II.6.3", "Bài viết phản bác", "Nơi nhận:", "Lưu: VT, TTBCXB.", "KT. GIÁM ĐỐC", "Nguyễn Văn An",
		"size: A4", "Times New Roman", "@top-center",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(html), "<script") {
		t.Errorf("report contains a script element")
	}
	if strings.Contains(html, titleDismissed) {
		t.Errorf("dismissed item listed in the report")
	}
	if !strings.Contains(html, "đã thu thập 7 tin, bài; trong đó 6 tin, bài") {
		t.Errorf("summary figures wrong:\n%s", html)
	}
}

func TestPlaceDate(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		{"december", time.Date(2026, 12, 5, 0, 0, 0, 0, ict), "Quảng Ngãi, ngày 05 tháng 12 năm 2026"},
		{"february leading zero", time.Date(2026, 2, 15, 0, 0, 0, 0, ict), "Quảng Ngãi, ngày 15 tháng 02 năm 2026"},
		{"march no zero", time.Date(2026, 3, 9, 0, 0, 0, 0, ict), "Quảng Ngãi, ngày 09 tháng 3 năm 2026"},
		{"january", time.Date(2027, 1, 1, 0, 0, 0, 0, ict), "Quảng Ngãi, ngày 01 tháng 01 năm 2027"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := placeDate("Quảng Ngãi", tt.t, "vi"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// TestPDF prints the report with headless Chromium; it checks the file
// and its page count, and renders page 1 to PNG when pdftoppm is there
// (REPORT_SCREENSHOT=path writes it to that path).
func TestPDF(t *testing.T) {
	if _, err := findChromium(); err != nil {
		t.Skip(err)
	}
	pdf := exportBytes(t, fixture(t), h1Query(FormatPDF))
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(16, len(pdf))])
	}
	if got, want := len(pdfPage.FindAll(pdf, -1)), 3; got != want {
		t.Errorf("got %d pages, want %d", got, want)
	}
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Log("pdftoppm not installed; page 1 not rendered")
		return
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "page1")
	if b, err := exec.Command(pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", in, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	png, err := os.ReadFile(out + ".png")
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("page 1 not rendered: %v", err)
	}
	if dest := os.Getenv("REPORT_SCREENSHOT"); dest != "" {
		if err := os.WriteFile(dest, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestHTMLReportEnglish(t *testing.T) {
	q := h1Query(FormatHTML)
	q.Lang = "en"
	html := string(exportBytes(t, fixture(t), q))
	for _, want := range []string{`<html lang="en">`, "REPORT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Quảng Ngãi, 05 June 2026", "from 05/12/2025 to 14/06/2026", "I. MONITORING RESULTS",
		"Rebuttal article", "Recipients:", titleBorder} {
		if !strings.Contains(html, want) {
			t.Errorf("english report lacks %q", want)
		}
	}
}
