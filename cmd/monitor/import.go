package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/ingest"
)

// importRecord is one line of `monitor import --format jsonl`.
type importRecord struct {
	URL         string `json:"url"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	Summary     string `json:"summary"`
	PublishedAt string `json:"published_at"`
	Source      string `json:"source"`
	Origin      string `json:"origin"`
	Language    string `json:"language"`
	Author      string `json:"author"`
}

// maxImportLine bounds one JSONL line (an article with a very long body).
const maxImportLine = 16 << 20

func newImportCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "import [--format jsonl] FILE|-",
		Short: "add items from another archive (one JSON object a line)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "jsonl" {
				return fmt.Errorf("--format: %q is not supported (jsonl)", format)
			}
			return a.runImport(cmd.Context(), args[0])
		},
	}
	cmd.Flags().StringVar(&format, "format", "jsonl", "input format: jsonl")
	return cmd
}

func (a *app) runImport(ctx context.Context, name string) error {
	in, size, err := openInput(name, a.stdin)
	if err != nil {
		return err
	}
	defer in.Close()
	ar, err := a.openArchive(ctx)
	if err != nil {
		return err
	}
	counted := &countingReader{r: in}
	bar := newProgress(a.stderr, a.log, "import", int(size))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lines := make(chan preparedLine, 64)
	readErr := make(chan error, 1)
	go func() { readErr <- readImport(ctx, counted, ar.ingest, lines) }()

	// Articles are prepared (parsed, normalised, matched) one step ahead
	// on another goroutine and committed here in input order, while bulk
	// indexes what is committed: the three overlap.
	bulk := ar.ingest.Bulk(ctx)
	// Whatever ends the import, the background indexer stops before the
	// archive is closed under it.
	defer func() { cancel(); bulk.Wait() }()
	var stats importStats
	for pl := range lines {
		if ctx.Err() != nil {
			break
		}
		err := pl.err
		if err == nil {
			var out index.Outcome
			out, err = ar.ingest.Commit(ctx, pl.p)
			if err != nil && ctx.Err() != nil {
				break // interrupted, not refused
			}
			stats.add(out)
		}
		if err != nil {
			stats.refused++
			fmt.Fprintf(a.stderr, "%s:%d: %v\n", name, pl.line, err)
		}
		if stats.total()%flushEvery == 0 {
			if err := bulk.Kick(); err != nil {
				return err
			}
		}
		bar.Set(int(pl.offset))
	}
	if err := <-readErr; err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		// What was committed is indexed at the next start (catch-up).
		fmt.Fprintf(a.stdout, "interrupted: %d new, %d updated, %d merged, %d unchanged, %d refused so far\n",
			stats.created, stats.updated, stats.alias, stats.unchanged, stats.refused)
		return fmt.Errorf("import interrupted: %w", err)
	}
	if err := bulk.Close(nil); err != nil {
		return err
	}
	bar.Finish()
	fmt.Fprintf(a.stdout, "imported: %d new, %d updated, %d merged into existing items, %d unchanged, %d refused\n",
		stats.created, stats.updated, stats.alias, stats.unchanged, stats.refused)
	if stats.refused > 0 {
		return fmt.Errorf("%d line(s) refused", stats.refused)
	}
	return nil
}

// preparedLine is one non-blank input line, ready to commit or refused.
type preparedLine struct {
	line   int
	p      *ingest.Prepared
	err    error
	offset int64 // input bytes read so far, for the progress bar
}

// readImport parses and prepares each line of in and sends it on out,
// closing out at the end of the input or when ctx ends.
func readImport(ctx context.Context, in *countingReader, g *ingest.Ingester, out chan<- preparedLine) error {
	defer close(out)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 1<<20), maxImportLine)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		pl := preparedLine{line: line, offset: in.n}
		it, err := parseImportLine(sc.Bytes())
		if err == nil {
			pl.p, err = g.Prepare(it)
		}
		pl.err = err
		select {
		case out <- pl:
		case <-ctx.Done():
			return nil
		}
	}
	return sc.Err()
}

// flushEvery is how many imported lines go into the store between index
// catch-ups.
const flushEvery = 1000

type importStats struct{ created, updated, alias, unchanged, refused int }

func (s *importStats) add(o index.Outcome) {
	switch o {
	case index.OutcomeCreated:
		s.created++
	case index.OutcomeUpdated:
		s.updated++
	case index.OutcomeAlias:
		s.alias++
	case index.OutcomeUnchanged:
		s.unchanged++
	}
}

func (s *importStats) total() int { return s.created + s.updated + s.alias + s.unchanged + s.refused }

func parseImportLine(b []byte) (*index.Item, error) {
	var rec importRecord
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if err := dec.Decode(&rec); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if strings.TrimSpace(rec.URL) == "" {
		return nil, index.Invalid("url", "required")
	}
	if strings.TrimSpace(rec.Title) == "" {
		return nil, index.Invalid("title", "required")
	}
	it := &index.Item{
		URL: rec.URL, Title: rec.Title, Body: rec.Body, Summary: rec.Summary,
		Source: rec.Source, Origin: index.Origin(rec.Origin), Language: rec.Language, Author: rec.Author,
	}
	if rec.PublishedAt != "" {
		t, err := parseDateTime(rec.PublishedAt)
		if err != nil {
			return nil, index.Invalid("published_at", "%v", err)
		}
		it.PublishedAt = t
	}
	return it, nil
}

// parseDateTime takes RFC 3339 or YYYY-MM-DD (midnight in Vietnam).
func parseDateTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, vietnam())
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor YYYY-MM-DD", s)
	}
	return t, nil
}

// openInput opens FILE, or stdin for "-"; size is 0 when unknown.
func openInput(name string, stdin io.Reader) (io.ReadCloser, int64, error) {
	if name == "-" {
		return io.NopCloser(stdin), 0, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, fmt.Errorf("open input: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("stat input: %w", err)
	}
	if st.IsDir() {
		f.Close()
		return nil, 0, errors.New("open input: " + name + " is a directory")
	}
	return f, st.Size(), nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
