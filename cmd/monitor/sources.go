package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ttdn/monitor/crawler/opml"
	"github.com/ttdn/monitor/index"
)

// exportTitle heads an exported OPML file.
const exportTitle = "Nguồn tin TTĐN Monitor"

func newSourcesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "the watched sources: list with health, import or export as OPML",
	}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "list every source with its health (last success, last error, failures, next due)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runSourcesList(cmd.Context(), asJSON)
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print the sources as a JSON array")
	var dryRun bool
	imp := &cobra.Command{
		Use:   "import-opml FILE",
		Short: "add the feeds of an OPML file (from Miniflux, Feedly or an export of this service)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runSourcesImport(cmd.Context(), args[0], dryRun)
		},
	}
	imp.Flags().BoolVar(&dryRun, "dry-run", false, "show what would change, change nothing")
	var out string
	exp := &cobra.Command{
		Use:   "export-opml",
		Short: "write every source as OPML 2.0 (to stdout, or --out FILE)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runSourcesExport(cmd.Context(), out)
		},
	}
	exp.Flags().StringVar(&out, "out", "", "file to write (default: stdout)")
	cmd.AddCommand(list, imp, exp)
	return cmd
}

// openSources opens the archive and seeds it as serve would (config and
// catalogue), so the commands show what the service watches.
func (a *app) openSources(ctx context.Context) (*archive, []index.Source, error) {
	ar, err := a.openArchive(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := a.seedSources(ctx, ar, false); err != nil {
		return nil, nil, err
	}
	srcs, err := ar.store.ListSources(ctx)
	if err != nil {
		return nil, nil, err
	}
	return ar, srcs, nil
}

func (a *app) runSourcesList(ctx context.Context, asJSON bool) error {
	_, srcs, err := a.openSources(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(srcs)
	}
	loc := vietnam()
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TÊN\tLOẠI\tNGUỒN\tNGÔN NGỮ\tBẬT\tTHÀNH CÔNG CUỐI\tLỖI LIÊN TIẾP\tLẦN TỚI\tLỖI CUỐI")
	failing := 0
	for _, s := range srcs {
		h := s.Health
		if h.ConsecutiveFailures > 0 {
			failing++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", s.Name, s.Kind, originLabel(s.Origin), dash(s.Language),
			yesNo(s.Enabled), stamp(h.LastSuccess, loc), h.ConsecutiveFailures, stamp(h.NextDue, loc), dash(truncate(h.LastError, 60)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "%d nguồn, %d đang lỗi\n", len(srcs), failing)
	return err
}

func originLabel(o index.Origin) string {
	switch o {
	case index.OriginDomestic:
		return "trong nước"
	case index.OriginForeign:
		return "nước ngoài"
	}
	return string(o)
}

func yesNo(b bool) string {
	if b {
		return "có"
	}
	return "không"
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// stamp writes t as dd/mm/yyyy HH:MM in Vietnam time; "—" for never.
func stamp(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format("02/01/2006 15:04")
}

// importAction is what import-opml does with one entry of the file.
type importAction struct {
	verb string // "mới", "cập nhật", "bỏ qua"
	src  index.Source
	note string
}

// planImport decides, before anything is written, what happens to each
// entry: a feed already watched (same URL) is skipped unless the file is
// this service's export naming that very source (then it is updated); a
// name taken by another URL is updated when the file named it, and gets a
// fresh name otherwise; everything else is new.
func planImport(entries []opml.Entry, existing []index.Source) []importAction {
	byURL, byName := map[string]index.Source{}, map[string]bool{}
	for _, s := range existing {
		byURL[s.URL] = s
		byName[s.Name] = true
	}
	var acts []importAction
	for _, e := range entries {
		src := e.Source
		if ex, ok := byURL[src.URL]; ok {
			if e.Named && ex.Name == src.Name {
				acts = append(acts, importAction{verb: "cập nhật", src: src})
			} else {
				acts = append(acts, importAction{verb: "bỏ qua", src: src, note: "đã có, tên " + ex.Name})
			}
			continue
		}
		if byName[src.Name] {
			if e.Named {
				acts = append(acts, importAction{verb: "cập nhật", src: src, note: "đổi URL"})
				byURL[src.URL] = src
				continue
			}
			base := src.Name
			for n := 2; byName[src.Name]; n++ {
				src.Name = base + "-" + strconv.Itoa(n)
			}
		}
		byName[src.Name], byURL[src.URL] = true, src
		acts = append(acts, importAction{verb: "mới", src: src})
	}
	return acts
}

func (a *app) runSourcesImport(ctx context.Context, path string, dryRun bool) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import-opml: %w", err)
	}
	defer f.Close()
	entries, err := opml.ParseEntries(f)
	if err != nil {
		return fmt.Errorf("import-opml %s: %w; no source changed", path, err)
	}
	ar, existing, err := a.openSources(ctx)
	if err != nil {
		return err
	}
	acts := planImport(entries, existing)
	counts := map[string]int{}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, act := range acts {
		counts[act.verb]++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", act.verb, act.src.Name, act.src.URL, act.note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if dryRun {
		fmt.Fprintf(a.stdout, "thử (--dry-run): %d mới, %d cập nhật, %d bỏ qua; chưa thay đổi gì\n", counts["mới"], counts["cập nhật"], counts["bỏ qua"])
		return nil
	}
	actor, done := currentUser(), 0
	for _, act := range acts {
		if act.verb == "bỏ qua" {
			continue
		}
		if err := ar.store.UpsertSource(ctx, actor, act.src); err != nil {
			return fmt.Errorf("import-opml: source %s: %w (%d sources saved before it)", act.src.Name, err, done)
		}
		done++
	}
	_, err = fmt.Fprintf(a.stdout, "đã nhập từ %s: %d mới, %d cập nhật, %d bỏ qua (đã có)\n", filepath.Base(path), counts["mới"], counts["cập nhật"], counts["bỏ qua"])
	return err
}

func (a *app) runSourcesExport(ctx context.Context, out string) error {
	_, srcs, err := a.openSources(ctx)
	if err != nil {
		return err
	}
	if out == "" {
		return opml.Write(a.stdout, exportTitle, srcs)
	}
	if err := writeFileAtomic(out, func(w io.Writer) error { return opml.Write(w, exportTitle, srcs) }); err != nil {
		return fmt.Errorf("export-opml: %w", err)
	}
	_, err = fmt.Fprintf(a.stdout, "đã xuất %d nguồn ra %s\n", len(srcs), out)
	return err
}

// writeFileAtomic writes path through a temporary file in the same
// directory, renamed into place only when write succeeded.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	werr := write(tmp)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
