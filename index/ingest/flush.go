package ingest

import (
	"context"
	"fmt"
	"time"
)

// Flush indexes every item committed to the store but not yet indexed.
// progress, if not nil, is told how many items were indexed so far.
func (g *Ingester) Flush(ctx context.Context, progress func(done int)) error {
	g.flushMu.Lock()
	defer g.flushMu.Unlock()
	done := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		items, seq, err := g.store.Unindexed(ctx, flushBatch)
		if err != nil {
			return fmt.Errorf("read unindexed: %w", err)
		}
		if len(items) == 0 {
			return nil
		}
		if err := g.index.Put(items); err != nil {
			return fmt.Errorf("index %d items: %w", len(items), err)
		}
		// Put returns once bleve has persisted the batch, so the mark can
		// advance; a crash before it only means indexing the batch again.
		if err := g.store.MarkIndexed(ctx, seq); err != nil {
			return fmt.Errorf("mark indexed: %w", err)
		}
		done += len(items)
		if progress != nil {
			progress(done)
		}
	}
}

// Sync indexes pending changes now, so a person's write shows in search at
// once. The ids say what changed; everything pending is indexed anyway.
func (g *Ingester) Sync(ctx context.Context, ids ...string) error {
	return g.Flush(ctx, nil)
}

// Run indexes new items in the background until ctx ends: shortly after
// each ingest, and every interval in case a kick was missed.
func (g *Ingester) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-g.kick:
			// let a burst of ingests gather into one batch
			select {
			case <-ctx.Done():
				return
			case <-time.After(200 * time.Millisecond):
			}
		case <-t.C:
		}
		if err := g.Flush(ctx, nil); err != nil && ctx.Err() == nil {
			g.log.Error("index new items", "err", err)
		}
	}
}
