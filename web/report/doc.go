// Package report exports the archive's flagged items and the responses
// made to them, for the six-monthly and annual reports the 2021 plan asks
// of the press office (section IV: "định kỳ 6 tháng (trước 15 tháng 6),
// hàng năm (trước 05 tháng 12)"). Four formats come from one Query:
//
//   - csv: UTF-8 with a byte-order mark, RFC 4180 quoting, one row per
//     flagged item;
//   - xlsx: excelize's stream writer, so memory does not grow with the
//     row count: an items sheet, a responses sheet and a summary sheet;
//   - html: a printable administrative report laid out as Decree
//     30/2020/NĐ-CP sets for a "Báo cáo" (A4, Times New Roman 13 pt);
//   - pdf: the same HTML printed by headless Chromium (chromedp).
//
// Which items: every item the rules flagged (Item.Flagged) whose
// publication date falls in [From, To] (whole days, both inclusive, in
// the query's time zone), narrowed by topic, origin, item status and plan
// task. Dismissed items stay in the spreadsheets (their status column
// says so) but the printed report lists them only in its counts.
//
// Spreadsheet safety (OWASP "CSV injection"): in CSV a cell that starts
// with = + - @, a tab or a carriage return gets a leading single quote, so
// no spreadsheet evaluates it and the text stays readable. In XLSX every
// text is written as an inline string, which no spreadsheet evaluates,
// and kept verbatim; no cell is ever written as a formula.
//
// Periods (Presets): see preset.go for how the plan's deadlines map to
// date ranges.
package report
