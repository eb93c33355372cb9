package report

import (
	"archive/zip"
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ttdn/monitor/index"
	"github.com/xuri/excelize/v2"
)

// itemWidths are the items sheet's column widths, in characters.
var itemWidths = []float64{12, 18, 14, 60, 40, 22, 11, 13, 18, 30, 10, 40}

var responseWidths = []float64{12, 28, 10, 40, 28, 15, 10, 60, 40, 40, 16}

// xlsxStyles are the cell styles of the workbook.
type xlsxStyles struct {
	header, date, bold int
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	}); err != nil {
		return s, err
	}
	format := "dd/mm/yyyy"
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
		return s, err
	}
	s.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	return s, err
}

// xlsxExport is one workbook being written.
type xlsxExport struct {
	f       *excelize.File
	st      xlsxStyles
	lb      *labels
	q       Query
	src     Source
	tasks   map[string]string // code → title
	sum     *summary
	links   map[string][]respRef
	titles  map[string]string // ids of items linked to responses → title
	outlets map[string]string
}

// writeXLSX writes the items, responses and summary sheets with
// excelize's stream writer (rows go to a temporary file, not memory) and
// then the workbook to w.
func writeXLSX(ctx context.Context, w io.Writer, src Source, q Query, progress func(done, total int)) (err error) {
	x := &xlsxExport{f: excelize.NewFile(), lb: labelsFor(q.lang()), q: q, src: src, sum: newSummary(), titles: map[string]string{}}
	defer func() {
		if cerr := x.f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close xlsx: %w", cerr)
		}
	}()
	if x.tasks, err = taskTitles(ctx, src); err != nil {
		return err
	}
	if x.links, err = linkedResponses(ctx, src, q); err != nil {
		return err
	}
	if x.outlets, err = outletNames(ctx, src); err != nil {
		return err
	}
	if x.st, err = newXLSXStyles(x.f); err != nil {
		return fmt.Errorf("xlsx styles: %w", err)
	}
	if err := x.f.SetSheetName("Sheet1", x.lb.sheets[0]); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for _, name := range x.lb.sheets[1:] {
		if _, err := x.f.NewSheet(name); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := x.items(ctx, progress); err != nil {
		return err
	}
	if err := x.responses(ctx); err != nil {
		return err
	}
	if err := x.summary(); err != nil {
		return err
	}
	if err := writeWorkbook(x.f, w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// writeWorkbook zips f straight into w. excelize's WriteTo builds the
// whole zipped workbook in a bytes.Buffer and only then copies it to w
// (File.WriteToBuffer), so that buffer grew with the rows: 5 MiB at 100k
// rows, ten times that at a million. Its zip writer hook is handed that
// buffer; the writer returned here ignores it and writes to w, so the
// buffer stays empty and the archive leaves as it is compressed. What
// WriteToBuffer would do to the buffer afterwards does not apply: it
// encrypts only with a password (none is set) and patches zip64 headers
// only for a part over 4 GiB, which a sheet's million-row limit keeps far
// off.
func writeWorkbook(f *excelize.File, w io.Writer) error {
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	_, err := f.WriteTo(w)
	return err
}

// newSheet opens a stream writer on sheet with a styled, frozen header
// row and the given column widths.
func (x *xlsxExport) newSheet(sheet string, header []string, widths []float64) (*excelize.StreamWriter, error) {
	sw, err := x.f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("xlsx sheet %s: %w", sheet, err)
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, fmt.Errorf("xlsx sheet %s: %w", sheet, err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("xlsx sheet %s: %w", sheet, err)
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: x.st.header, Value: h}
	}
	if err := sw.SetRow("A1", cells, excelize.RowOpts{Height: 30}); err != nil {
		return nil, fmt.Errorf("xlsx sheet %s: %w", sheet, err)
	}
	return sw, nil
}

// finish adds the filter (a table over the rows written) and flushes.
func (x *xlsxExport) finish(sw *excelize.StreamWriter, name string, cols, rows int) error {
	if rows > 0 {
		last, _ := excelize.CoordinatesToCellName(cols, rows+1)
		if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: name, StyleName: "TableStyleLight1"}); err != nil {
			return fmt.Errorf("xlsx filter: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx flush: %w", err)
	}
	return nil
}

func (x *xlsxExport) items(ctx context.Context, progress func(done, total int)) error {
	sw, err := x.newSheet(x.lb.sheets[0], x.lb.itemColumns, itemWidths)
	if err != nil {
		return err
	}
	b := &rowBuilder{lb: x.lb, loc: x.q.loc(), links: x.links, clusters: newClusterSizes(x.src), outlets: x.outlets}
	n := 0
	cells := make([]any, len(x.lb.itemColumns))
	err = eachItem(ctx, x.src, x.q.itemFilter(), progress, func(it *index.Item) error {
		r, err := b.row(ctx, it)
		if err != nil {
			return err
		}
		x.sum.addItem(it, x.links[it.ID])
		if len(x.links[it.ID]) > 0 {
			x.titles[it.ID] = it.Title
		}
		n++
		// A time.Time becomes a date serial; the wall clock is what the
		// reader expects to see, so it is written as if in UTC.
		y, m, d := r.Published.Date()
		cells[0] = excelize.Cell{StyleID: x.st.date, Value: timeUTC(y, m, d)}
		for i, s := range r.strings()[1:] {
			cells[i+1] = s
		}
		cells[10] = r.ClusterSize
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	return x.finish(sw, "TinBai", len(cells), n)
}

func (x *xlsxExport) responses(ctx context.Context) error {
	sw, err := x.newSheet(x.lb.sheets[1], x.lb.responseColumns, responseWidths)
	if err != nil {
		return err
	}
	f := index.ResponseFilter{Task: x.q.Task, From: day(x.q.From), To: endOfDay(x.q.To)}
	n := 0
	err = eachResponse(ctx, x.src, f, func(r *index.Response) error {
		x.sum.addResponse(r)
		n++
		linked := make([]string, len(r.ItemIDs))
		for i, id := range r.ItemIDs {
			linked[i] = cmp.Or(x.titles[id], id)
		}
		y, m, d := r.Date.In(x.q.loc()).Date()
		cells := []any{
			excelize.Cell{StyleID: x.st.date, Value: timeUTC(y, m, d)},
			word(x.lb.kind, string(r.Kind)), r.Task, x.tasks[r.Task], r.Agency,
			word(x.lb.respStatus, string(r.Status)), len(r.ItemIDs), strings.Join(linked, "; "),
			r.URL, r.Note, r.RecordedBy,
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	return x.finish(sw, "XuLy", len(x.lb.responseColumns), n)
}
