package report

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Export writes the export q asks for to w, streaming: CSV rows go out as
// they are read, the XLSX stream writer keeps rows in a temporary file,
// and the printed report (HTML, PDF) holds only counts and a bounded
// number of items. progress, when not nil, is called after every page of
// items with the number done and the total. lh heads the printed report.
//
// Export checks q with q.Validate(nil) (callers check the topic against
// the rules' topics first) and returns an *index.FieldError for bad
// input, ErrNoChromium when a PDF is asked for and no Chromium is found,
// and the source's or the writer's errors wrapped.
func Export(ctx context.Context, w io.Writer, src Source, q Query, lh Letterhead, progress func(done, total int)) error {
	if err := q.Validate(nil); err != nil {
		return err
	}
	switch q.Format {
	case FormatCSV:
		return writeCSV(ctx, w, src, q, progress)
	case FormatXLSX:
		return writeXLSX(ctx, w, src, q, progress)
	case FormatHTML:
		return writeHTML(ctx, w, src, q, lh, progress)
	case FormatPDF:
		return writePDF(ctx, w, src, q, lh, progress)
	}
	return fmt.Errorf("export: format %q not handled", q.Format)
}

// WriteFile exports to the file at path: it writes a temporary file in
// the same directory and renames it over path only when the export
// succeeded, so a failed export never leaves a half-written file (nor
// replaces an older one). Errors are those of Export, or the file
// system's wrapped with the path.
func WriteFile(ctx context.Context, path string, src Source, q Query, lh Letterhead, progress func(done, total int)) (err error) {
	if err := q.Validate(nil); err != nil {
		return err
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("cannot write %s: it is a directory", path)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err := Export(ctx, bw, src, q, lh, progress); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	return nil
}

// unwrapPathError drops the temporary file's name from a *os.PathError so
// the message names only what the user asked for.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
