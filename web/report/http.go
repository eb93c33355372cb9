package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"time"

	"github.com/ttdn/monitor/index"
)

// HTTPConfig is what ServeExport needs besides the request.
type HTTPConfig struct {
	Source     Source
	Topics     []string // the rules' topics, for validating topic=
	Letterhead Letterhead
	Location   *time.Location   // dates are read in it; nil means UTC
	Now        func() time.Time // nil means time.Now
	Logger     *slog.Logger     // nil means slog.Default()
}

// ServeExport answers GET /api/v1/export?from=&to=&topic=&origin=&status=
// &task=&format=&lang=&preset= with the file as an attachment named after
// the dates. Bad parameters get 400 with {"error": "..."} before any byte
// of the file; CSV streams row by row; a failure after the first byte
// aborts the connection so the client never takes a truncated file for a
// whole one. XLSX, HTML and PDF are complete before their first byte
// goes out, and CSV is buffered 64 KiB at a time, so most failures still
// get a clean JSON error. The abort is a panic(http.ErrAbortHandler):
// net/http then drops the connection; gin's Recovery treats it as a
// broken pipe and ends the response without writing more. A missing
// Chromium for format=pdf gets 503.
func ServeExport(w http.ResponseWriter, r *http.Request, c HTTPConfig) {
	loc, now, log := c.Location, time.Now, c.Logger
	if loc == nil {
		loc = time.UTC
	}
	if c.Now != nil {
		now = c.Now
	}
	if log == nil {
		log = slog.Default()
	}
	q, err := ParseQuery(r.URL.Query(), now(), loc)
	if err == nil {
		err = q.Validate(c.Topics)
	}
	if err == nil && q.Format == FormatPDF {
		_, err = findChromium()
	}
	if err != nil {
		writeError(w, err)
		return
	}
	lh := c.Letterhead
	if lh.Date.IsZero() {
		lh.Date = now()
	}
	cw := &countingWriter{w: w}
	w.Header().Set("Content-Type", contentTypes[q.Format])
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": q.Filename()}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if err := Export(r.Context(), cw, c.Source, q, lh, nil); err != nil {
		if cw.n == 0 {
			w.Header().Del("Content-Disposition")
			writeError(w, err)
			return
		}
		log.Error("export aborted mid-stream", "format", q.Format, "bytes_sent", cw.n, "err", err)
		panic(http.ErrAbortHandler)
	}
}

var contentTypes = map[string]string{
	FormatCSV:  "text/csv; charset=utf-8",
	FormatXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	FormatHTML: "text/html; charset=utf-8",
	FormatPDF:  "application/pdf",
}

// writeError answers with the status that fits err and {"error": "..."}.
func writeError(w http.ResponseWriter, err error) {
	code := http.StatusInternalServerError
	switch {
	case errors.Is(err, index.ErrInvalid):
		code = http.StatusBadRequest
	case errors.Is(err, ErrNoChromium):
		code = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
}

// countingWriter counts the bytes written, to tell whether a failure came
// before the response started.
type countingWriter struct {
	w http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil {
		return n, fmt.Errorf("send export: %w", err)
	}
	return n, nil
}
