package report

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/ttdn/monitor/index"
)

// writeCSV writes one row per flagged item in q: a UTF-8 byte-order mark,
// the header in q's language, then RFC 4180 records (CRLF line ends, as
// the RFC and Excel expect). Every cell is neutralised against formula
// injection.
func writeCSV(ctx context.Context, w io.Writer, src Source, q Query, progress func(done, total int)) error {
	lb := labelsFor(q.lang())
	links, err := linkedResponses(ctx, src, q)
	if err != nil {
		return err
	}
	outlets, err := outletNames(ctx, src)
	if err != nil {
		return err
	}
	b := &rowBuilder{lb: lb, loc: q.loc(), links: links, clusters: newClusterSizes(src), outlets: outlets}
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(lb.itemColumns); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cells := make([]string, len(lb.itemColumns))
	err = eachItem(ctx, src, q.itemFilter(), progress, func(it *index.Item) error {
		r, err := b.row(ctx, it)
		if err != nil {
			return err
		}
		for i, s := range r.strings() {
			cells[i] = neutralise(s)
		}
		return cw.Write(cells)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
