package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/rules"
)

type searchOutput struct {
	Total int             `json:"total"`
	Hits  []index.Listing `json:"hits"`
}

func newSearchCmd(a *app) *cobra.Command {
	var (
		asJSON   bool
		limit    int
		from, to string
	)
	cmd := &cobra.Command{
		Use:   "search [--json] [--limit N] [--from D] [--to D] QUERY",
		Short: "search the archive with the rule language",
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := searchRequest(strings.Join(args, " "), limit, from, to)
			if err != nil {
				return err
			}
			out, err := a.runSearch(cmd.Context(), req)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetEscapeHTML(false)
				return enc.Encode(out)
			}
			printSearchTable(a, out)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print one JSON object")
	f.IntVar(&limit, "limit", 20, "at most N hits (total still counts all)")
	f.StringVar(&from, "from", "", "published on or after this day (YYYY-MM-DD)")
	f.StringVar(&to, "to", "", "published on or before this day (YYYY-MM-DD)")
	return cmd
}

// searchRequest parses the command line into a search request; a query
// syntax error exits with status 2.
func searchRequest(q string, limit int, from, to string) (search.Request, error) {
	node, err := rules.Parse(q)
	if err != nil {
		var pe *rules.ParseError
		if errors.As(err, &pe) {
			return search.Request{}, &exitError{code: 2, err: fmt.Errorf("query: %w", err)}
		}
		return search.Request{}, err
	}
	if limit < 0 {
		return search.Request{}, errors.New("--limit: must not be negative")
	}
	req := search.Request{Query: node, Size: limit}
	if req.From, err = parseDay("from", from); err != nil {
		return req, err
	}
	if req.To, err = parseDay("to", to); err != nil {
		return req, err
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.From.After(req.To) {
		return req, errors.New("--from is after --to")
	}
	if _, all := node.(*rules.MatchAll); all {
		req.Sort = "newest"
	}
	return req, nil
}

func (a *app) runSearch(ctx context.Context, req search.Request) (searchOutput, error) {
	ar, err := a.openArchive(ctx)
	if err != nil {
		return searchOutput{}, err
	}
	res, err := ar.index.Search(ctx, req)
	if err != nil {
		return searchOutput{}, fmt.Errorf("search: %w", err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	items, err := ar.store.GetItemsLight(ctx, ids)
	if err != nil {
		return searchOutput{}, fmt.Errorf("load hits: %w", err)
	}
	out := searchOutput{Total: res.Total, Hits: make([]index.Listing, 0, len(items))}
	for _, it := range items {
		out.Hits = append(out.Hits, index.ListingOf(it))
	}
	return out, nil
}

func printSearchTable(a *app, out searchOutput) {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NGÀY\tNGUỒN\tMỨC\tCHỦ ĐỀ\tTIÊU ĐỀ")
	loc := vietnam()
	for _, h := range out.Hits {
		t, _ := time.Parse(time.RFC3339, h.PublishedAt)
		sev := h.Severity
		if sev == "" {
			sev = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.In(loc).Format("02/01/2006"), h.Source, sev,
			strings.Join(h.Topics, ","), truncate(h.Title, 80))
	}
	tw.Flush()
	fmt.Fprintf(a.stdout, "%d / %d kết quả\n", len(out.Hits), out.Total)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
