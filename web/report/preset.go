package report

import (
	"fmt"
	"time"

	"github.com/ttdn/monitor/index"
)

// Preset keys, as the command line (--preset) and the API (preset=) take
// them.
const (
	PresetHalfYear  = "half-year"
	PresetYear      = "year"
	PresetQuarter   = "quarter"
	PresetLastMonth = "last-month"
	PresetCustom    = "custom"
)

// Preset is a named reporting period.
//
// The plan (section IV.1) has agencies report every six months before 15
// June and every year before 05 December. Following the cut-off rule of
// Decree 09/2019/NĐ-CP (art. 12: a period ends the day before the
// deadline's reference day and the next starts the day after, so no day
// is left out or counted twice), the periods are:
//
//   - "6 tháng đầu năm Y": 05/12/(Y−1) – 14/06/Y, ending the day before
//     the 15 June deadline and starting where the previous annual period
//     stopped;
//   - "Cả năm Y": 05/12/(Y−1) – 04/12/Y, ending the day before the
//     05 December deadline;
//   - "Quý": the last calendar quarter that has ended (the plan dates its
//     tasks by calendar quarter, "Quý III/2021");
//   - "Tháng trước": the previous calendar month;
//   - "Tùy chọn": a custom range (From and To zero).
//
// Y is the year whose deadline is nearest to now, before or after, so in
// January the annual preset still offers the report just sent and in July
// the one being prepared. An end date after today is cut to today.
type Preset struct {
	Key    string    `json:"key"`
	Label  string    `json:"label"`  // e.g. "6 tháng đầu năm 2026 (05/12/2025 – 14/06/2026)"
	Period string    `json:"period"` // the report subject's words, e.g. "6 tháng đầu năm 2026"
	From   time.Time `json:"from"`
	To     time.Time `json:"to"`
}

// Presets lists the reporting periods as of now in loc, in the order the
// export form shows them; the last is the custom range.
func Presets(now time.Time, loc *time.Location) []Preset {
	now = now.In(loc)
	today := day(now)
	cut := func(p Preset) Preset {
		if p.To.After(today) {
			p.To = today
		}
		p.Label = fmt.Sprintf("%s (%s – %s)", p.Period, p.From.Format("02/01/2006"), p.To.Format("02/01/2006"))
		return p
	}
	hy := nearestYear(now, time.June, 15, loc)
	ay := nearestYear(now, time.December, 5, loc)
	qFrom, qTo, qn := lastQuarter(today)
	mFrom := time.Date(today.Year(), today.Month()-1, 1, 0, 0, 0, 0, loc)
	mTo := time.Date(today.Year(), today.Month(), 0, 0, 0, 0, 0, loc)
	return []Preset{
		cut(Preset{Key: PresetHalfYear, Period: fmt.Sprintf("6 tháng đầu năm %d", hy),
			From: time.Date(hy-1, time.December, 5, 0, 0, 0, 0, loc), To: time.Date(hy, time.June, 14, 0, 0, 0, 0, loc)}),
		cut(Preset{Key: PresetYear, Period: fmt.Sprintf("năm %d", ay),
			From: time.Date(ay-1, time.December, 5, 0, 0, 0, 0, loc), To: time.Date(ay, time.December, 4, 0, 0, 0, 0, loc)}),
		cut(Preset{Key: PresetQuarter, Period: fmt.Sprintf("quý %s năm %d", roman[qn], qFrom.Year()), From: qFrom, To: qTo}),
		cut(Preset{Key: PresetLastMonth, Period: fmt.Sprintf("tháng %d năm %d", mFrom.Month(), mFrom.Year()), From: mFrom, To: mTo}),
		{Key: PresetCustom, Label: "Tùy chọn", Period: ""},
	}
}

// PresetByKey returns the preset with that key as of now, or an
// *index.FieldError for an unknown key.
func PresetByKey(key string, now time.Time, loc *time.Location) (Preset, error) {
	for _, p := range Presets(now, loc) {
		if p.Key == key && key != PresetCustom {
			return p, nil
		}
	}
	return Preset{}, index.Invalid("preset", "unknown preset %q (want half-year, year, quarter or last-month)", key)
}

var roman = []string{"", "I", "II", "III", "IV"}

// nearestYear is the year Y whose deadline (month, day of Y) is nearest
// to now.
func nearestYear(now time.Time, m time.Month, d int, loc *time.Location) int {
	best, bestDist := now.Year(), time.Duration(1<<62)
	for y := now.Year() - 1; y <= now.Year()+1; y++ {
		dist := time.Date(y, m, d, 0, 0, 0, 0, loc).Sub(now).Abs()
		if dist < bestDist {
			best, bestDist = y, dist
		}
	}
	return best
}

// lastQuarter is the last calendar quarter that ended before today: its
// first and last day and its number.
func lastQuarter(today time.Time) (from, to time.Time, n int) {
	q := (int(today.Month())-1)/3 + 1 // current quarter
	y := today.Year()
	q--
	if q == 0 {
		q, y = 4, y-1
	}
	from = time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, today.Location())
	to = from.AddDate(0, 3, -1)
	return from, to, q
}
