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
	sc := bufio.NewScanner(counted)
	sc.Buffer(make([]byte, 0, 1<<20), maxImportLine)
	var stats importStats
	for line := 1; sc.Scan(); line++ {
		if ctx.Err() != nil {
			break
		}
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		it, err := parseImportLine(sc.Bytes())
		if err == nil {
			var out index.Outcome
			out, err = ar.ingest.Ingest(ctx, it)
			stats.add(out)
		}
		if err != nil {
			stats.refused++
			fmt.Fprintf(a.stderr, "%s:%d: %v\n", name, line, err)
		}
		if stats.total()%flushEvery == 0 {
			if err := ar.ingest.Flush(ctx, nil); err != nil {
				return err
			}
		}
		bar.Set(int(counted.n))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	if err := ar.ingest.Flush(ctx, nil); err != nil {
		return err
	}
	bar.Finish()
	fmt.Fprintf(a.stdout, "imported: %d new, %d updated, %d merged into existing items, %d unchanged, %d refused\n",
		stats.created, stats.updated, stats.alias, stats.unchanged, stats.refused)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("import interrupted: %w", err)
	}
	if stats.refused > 0 {
		return fmt.Errorf("%d line(s) refused", stats.refused)
	}
	return nil
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
