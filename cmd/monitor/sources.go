package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// actionLabels are the Vietnamese words for import actions.
var actionLabels = map[opml.ActionKind]string{opml.ActionNew: "mới", opml.ActionUpdate: "cập nhật", opml.ActionSkip: "bỏ qua"}

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
	acts := opml.PlanImport(entries, existing)
	counts := map[opml.ActionKind]int{}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, act := range acts {
		counts[act.Kind]++
		note := ""
		if act.Existing != "" {
			note = "đã có, tên " + act.Existing
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", actionLabels[act.Kind], act.Source.Name, act.Source.URL, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if dryRun {
		fmt.Fprintf(a.stdout, "thử (--dry-run): %d mới, %d cập nhật, %d bỏ qua; chưa thay đổi gì\n", counts[opml.ActionNew], counts[opml.ActionUpdate], counts[opml.ActionSkip])
		return nil
	}
	var save []index.Source
	for _, act := range acts {
		if act.Kind != opml.ActionSkip {
			save = append(save, act.Source)
		}
	}
	// One transaction: an error part-way leaves every source as it was.
	if err := ar.store.UpsertSources(ctx, currentUser(), save); err != nil {
		return fmt.Errorf("import-opml: %w (no source changed)", err)
	}
	_, err = fmt.Fprintf(a.stdout, "đã nhập từ %s: %d mới, %d cập nhật, %d bỏ qua (đã có)\n", filepath.Base(path), counts[opml.ActionNew], counts[opml.ActionUpdate], counts[opml.ActionSkip])
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
