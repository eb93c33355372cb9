package report

import (
	"fmt"
	"strings"
	"time"
)

// Letterhead is what heads and signs the printed report (Decree
// 30/2020/NĐ-CP, Appendix I). The caller fills it from the province
// profile and the config; empty fields are left out of the page.
type Letterhead struct {
	ParentBody      string    // e.g. "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" (upper case, regular)
	IssuingBody     string    // e.g. "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" (upper case, bold)
	NumberPrefix    string    // the symbol after the slash, e.g. "BC-SVHTTDL"
	Number          string    // the number; empty leaves room for the clerk to write it
	Place           string    // e.g. "Quảng Ngãi"
	Date            time.Time // the report's date; zero means today
	Area            string    // what the press wrote about, e.g. "tỉnh Quảng Ngãi"
	Subject         string    // the trích yếu; empty: built from Area and the period
	SignerAuthority string    // e.g. "KT. GIÁM ĐỐC"; may be empty
	SignerTitle     string    // e.g. "PHÓ GIÁM ĐỐC"
	SignerName      string    // e.g. "Nguyễn Văn A"
	Recipients      []string  // e.g. "UBND tỉnh (b/c);", …, "Lưu: VT, TTBCXB."
}

// numberLine is "Số: 12/BC-STTTT", with room for the number when unset.
func (lh Letterhead) numberLine(lang string) string {
	n := lh.Number
	if n == "" {
		n = strings.Repeat("\u00a0", 8)
	}
	label := "Số"
	if lang == "en" {
		label = "No."
	}
	if lh.NumberPrefix == "" {
		return label + ": " + n
	}
	return label + ": " + n + "/" + lh.NumberPrefix
}

// placeDate is the place and date line. In Vietnamese, days below 10 and
// months 1 and 2 take a leading zero (Decree 30/2020, Appendix I):
// "Quảng Ngãi, ngày 05 tháng 12 năm 2026", "… ngày 15 tháng 02 năm 2026",
// "… ngày 09 tháng 3 năm 2026".
func placeDate(place string, t time.Time, lang string) string {
	var d string
	if lang == "en" {
		d = t.Format("02 January 2006")
	} else {
		m := fmt.Sprint(int(t.Month()))
		if t.Month() <= time.February {
			m = "0" + m
		}
		d = fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), m, t.Year())
	}
	if place == "" {
		return d
	}
	return place + ", " + d
}
