package ingest

import (
	"context"
	"sync"
)

// Bulk indexes in the background while a bulk load (an import, a rebuild)
// keeps committing items, so the store's work and bleve's overlap on
// separate cores instead of taking turns. Kick starts a catch-up unless
// one is running; Close waits for it and indexes whatever is left.
type Bulk struct {
	g   *Ingester
	ctx context.Context

	mu      sync.Mutex
	running bool
	err     error
	wg      sync.WaitGroup
}

// Bulk returns a background indexer for one bulk load under ctx.
func (g *Ingester) Bulk(ctx context.Context) *Bulk {
	return &Bulk{g: g, ctx: ctx}
}

// Kick starts indexing what is committed so far, unless a catch-up is
// already running (it loops until nothing is left, so it takes the new
// items too). It returns the error of an earlier catch-up, if any, so the
// load can stop.
func (b *Bulk) Kick() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil || b.running {
		return b.err
	}
	b.running = true
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		err := b.g.Flush(b.ctx, nil)
		b.mu.Lock()
		b.running = false
		if b.err == nil {
			b.err = err
		}
		b.mu.Unlock()
	}()
	return nil
}

// Wait waits for a running catch-up to end, without starting another.
func (b *Bulk) Wait() { b.wg.Wait() }

// Close waits for a running catch-up, then indexes the rest, reporting
// progress as Flush does.
func (b *Bulk) Close(progress func(done int)) error {
	b.wg.Wait()
	b.mu.Lock()
	err := b.err
	b.mu.Unlock()
	if err != nil {
		return err
	}
	return b.g.Flush(b.ctx, progress)
}
