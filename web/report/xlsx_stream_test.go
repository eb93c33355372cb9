package report

import (
	"bytes"
	"context"
	"testing"
)

// chunkWriter keeps what it is given and the size of its largest write.
type chunkWriter struct {
	buf     bytes.Buffer
	writes  int
	largest int
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	w.writes++
	w.largest = max(w.largest, len(p))
	return w.buf.Write(p)
}

// The zipped workbook goes to the writer as it is compressed, never
// gathered in memory first and handed over in one write.
func TestXLSXStreamsTheArchive(t *testing.T) {
	var w chunkWriter
	if err := Export(context.Background(), &w, fixture(t), h1Query(FormatXLSX), testLetterhead(), nil); err != nil {
		t.Fatal(err)
	}
	if w.writes < 2 || w.largest >= w.buf.Len() {
		t.Errorf("%d bytes in %d writes, the largest %d: the workbook was gathered before it was written",
			w.buf.Len(), w.writes, w.largest)
	}
	f := openXLSX(t, w.buf.Bytes())
	if got := len(f.GetSheetList()); got != 3 {
		t.Errorf("workbook read back has %d sheets, want 3", got)
	}
	if rows, err := f.GetRows("Tin bài"); err != nil || len(rows) != 7 {
		t.Errorf("items sheet read back: %d rows (%v), want a header and 6", len(rows), err)
	}
}
