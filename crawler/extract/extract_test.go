package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPageWorld(t *testing.T) {
	tests := []struct {
		file, url                      string
		title, author, canonical, date string
		lang                           string
		first, last                    string
	}{
		{"baogialai/thoi-su/kiem-tra-song-phuong-moc-bien-gioi-bo-y.html", "http://baogialai.test/thoi-su/kiem-tra-song-phuong-moc-bien-gioi-bo-y.html?utm_source=rss",
			"Việt Nam - Lào kiểm tra song phương mốc quốc giới khu vực Bờ Y", "Thanh Tùng",
			"http://baogialai.test/thoi-su/kiem-tra-song-phuong-moc-bien-gioi-bo-y.html", "2026-11-12T07:20:00Z", "vi",
			"Ngày 12/11, tại Cửa khẩu quốc tế Bờ Y", "khi phát hiện dấu hiệu bất thường."},
		{"mekongwatch/news/highlands-coffee-harvest-begins.html", "http://mekongwatch.test/news/highlands-coffee-harvest-begins.html",
			"Central Highlands coffee harvest begins under clear skies", "",
			"http://mekongwatch.test/news/highlands-coffee-harvest-begins.html", "2026-11-16T06:30:00Z", "en",
			"Farmers in the Central Highlands", "for the six-week season."},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "testdata", "world", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := Page(b, tc.url, Options{ContentType: "text/html; charset=utf-8"})
			if err != nil {
				t.Fatalf("Page: %v", err)
			}
			if a.Title != tc.title || a.Canonical != tc.canonical || a.Language != tc.lang {
				t.Errorf("title/canonical/lang = %q %q %q, want %q %q %q", a.Title, a.Canonical, a.Language, tc.title, tc.canonical, tc.lang)
			}
			if tc.author != "" && a.Author != tc.author {
				t.Errorf("author = %q, want %q", a.Author, tc.author)
			}
			if got := a.Published.UTC().Format(time.RFC3339); got != tc.date {
				t.Errorf("published = %s, want %s", got, tc.date)
			}
			if !strings.HasPrefix(a.Body, tc.first) || !strings.HasSuffix(a.Body, tc.last) {
				t.Errorf("body does not run from %q to %q:\n%s", tc.first, tc.last, a.Body)
			}
		})
	}
}

func TestPageNoContent(t *testing.T) {
	_, err := Page([]byte(`<html><head><script>var app = {};</script></head><body><div id="app"></div></body></html>`), "http://x.test/", Options{})
	if err != ErrNoContent {
		t.Errorf("err = %v, want ErrNoContent", err)
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Lực lượng chức năng hai nước đã phối hợp kiểm tra song phương hệ thống mốc quốc giới trên tuyến biên giới.", "vi"},
		{"Luc luong chuc nang hai nuoc da phoi hop kiem tra song phuong he thong moc quoc gioi tren tuyen bien gioi.", "vi"},
		{"Traders at the border gate say cross-border traffic has recovered strongly this year.", "en"},
		{"Les commerçants espèrent écouler davantage de produits agricoles vers le Vietnam cette année.", "fr"},
		{"ຄະນະກຳມະການປະຊາຊົນແຂວງອັດຕະປືໄດ້ຈັດກອງປະຊຸມກ່ຽວກັບການຄຸ້ມຄອງຊາຍແດນ", "lo"},
		{"ក្រសួងការបរទេសកម្ពុជាបានប្រកាសអំពីកិច្ចប្រជុំព្រំដែនជាមួយវៀតណាម", "km"},
		{"越南与老挝边境贸易今年大幅增长，口岸车辆通行时间缩短。", "zh"},
		{"ok", ""},
	}
	for _, tc := range tests {
		if got := DetectLanguage(tc.text); got != tc.want {
			t.Errorf("DetectLanguage(%.30q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>Một</p><p>Hai &amp; ba</p>", "Một\n\nHai & ba"},
		{"Dòng một\nDòng hai", "Dòng một\n\nDòng hai"},
		{`<div>Đầu<br>cuối<script>alert(1)</script></div>`, "Đầu\n\ncuối"},
		{"<ul><li>a</li><li>b</li></ul>", "a\n\nb"},
	}
	for _, tc := range tests {
		if got := HTMLText(tc.in); got != tc.want {
			t.Errorf("HTMLText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-11-12T14:20:00+07:00", "2026-11-12T07:20:00Z"},
		{"2026-11-12T14:20:00+0700", "2026-11-12T07:20:00Z"},
		{"2026-11-12", "2026-11-12T00:00:00Z"},
		{"12/11/2026 14:20", "2026-11-12T14:20:00Z"},
		{"Thu, 12 Nov 2026 09:30:00 +0700", "2026-11-12T02:30:00Z"},
		{"1900-01-01", "0001-01-01T00:00:00Z"},
		{"hôm qua", "0001-01-01T00:00:00Z"},
	}
	for _, tc := range tests {
		if got := ParseDate(tc.in).UTC().Format(time.RFC3339); got != tc.want {
			t.Errorf("ParseDate(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func BenchmarkPage(b *testing.B) {
	page, err := os.ReadFile(filepath.Join("..", "testdata", "world", "ubnd", "thong-bao", "tap-huan-thong-tin-doi-ngoai.html"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Page(page, "http://ubnd.test/thong-bao/tap-huan-thong-tin-doi-ngoai.html", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
