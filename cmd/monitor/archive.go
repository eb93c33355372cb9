package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ttdn/monitor/index/ingest"
	"github.com/ttdn/monitor/index/plan"
	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/index/store"
	"github.com/ttdn/monitor/rules"
)

// Files of a data directory.
const (
	storeFile = "archive.db"
	indexDir  = "index.bleve"
)

// archive is the opened data directory: the store of record, the search
// index, the province profile and rules, and the ingest path over them.
// Only one process opens a data directory at a time.
type archive struct {
	dir     string
	unlock  func() error
	store   *store.Store
	index   *search.Index
	ingest  *ingest.Ingester
	profile *rules.Profile
	packs   []rules.Pack
	closers []func() error // run first on Close (e.g. the demo world)
}

// openArchive opens (creating when needed) the data directory for a
// command: it takes the lock, migrates the store, opens the index,
// rebuilds it when its mapping changed, loads the rules and indexes
// anything committed but not yet indexed.
func (a *app) openArchive(ctx context.Context) (*archive, error) {
	if a.arch != nil {
		return a.arch, nil
	}
	dir := a.cfg.Data
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("data dir %s is not writable: %w", dir, err)
	}
	unlock, err := store.LockDir(dir)
	if err != nil {
		return nil, err
	}
	ar := &archive{dir: dir, unlock: unlock}
	a.arch = ar // closed by app.close, whatever fails below
	if ar.store, err = store.Open(ctx, filepath.Join(dir, storeFile)); err != nil {
		return nil, err
	}
	if err := a.loadRules(ctx, ar); err != nil {
		return nil, err
	}
	if err := ensurePlan(ctx, ar.store); err != nil {
		return nil, err
	}
	if a.rebuildIndex {
		if err := os.RemoveAll(filepath.Join(dir, indexDir)); err != nil {
			return nil, fmt.Errorf("remove old index: %w", err)
		}
	}
	needsRebuild := false
	if ar.index, needsRebuild, err = search.Open(filepath.Join(dir, indexDir)); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	m, err := a.compileRules(ctx, ar)
	if err != nil {
		return nil, err
	}
	ar.ingest = ingest.New(ar.store, ar.index, m, a.log)
	if needsRebuild {
		if err := ar.store.ResetIndexed(ctx); err != nil {
			return nil, err
		}
	}
	if err := a.catchUp(ctx, ar, needsRebuild); err != nil {
		return nil, err
	}
	return ar, nil
}

// catchUp indexes what the store holds and the index lacks: everything
// after a mapping change, or the tail a crash left behind.
func (a *app) catchUp(ctx context.Context, ar *archive, rebuild bool) error {
	stored, err := ar.store.ItemSeq(ctx)
	if err != nil {
		return err
	}
	indexed, err := ar.store.IndexedSeq(ctx)
	if err != nil {
		return err
	}
	if stored <= indexed {
		return nil
	}
	total, err := ar.store.CountItems(ctx)
	if err != nil {
		return err
	}
	if rebuild {
		a.log.Info("rebuilding the search index from the store", "reason", ar.index.RebuildReason(), "items", total)
	}
	bar := newProgress(a.stderr, a.log, "index", total)
	start := time.Now()
	if err := ar.ingest.Flush(ctx, bar.Set); err != nil {
		return fmt.Errorf("index pending items: %w", err)
	}
	bar.Finish()
	a.log.Info("index up to date", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// ensurePlan loads the built-in plan into a store that lacks it.
func ensurePlan(ctx context.Context, st *store.Store) error {
	p, tasks, err := plan.Builtin()
	if err != nil {
		return fmt.Errorf("built-in plan: %w", err)
	}
	plans, err := st.ListPlans(ctx)
	if err != nil {
		return err
	}
	for _, have := range plans {
		if have.ID == p.ID {
			return nil
		}
	}
	if err := st.ImportPlan(ctx, "system", p, tasks); err != nil {
		return fmt.Errorf("load built-in plan: %w", err)
	}
	return nil
}

// Close releases the archive: index, store, then the lock.
func (ar *archive) Close() error {
	var errs []error
	for _, c := range ar.closers {
		errs = append(errs, c())
	}
	if ar.index != nil {
		errs = append(errs, ar.index.Close())
	}
	if ar.store != nil {
		errs = append(errs, ar.store.Close())
	}
	if ar.unlock != nil {
		errs = append(errs, ar.unlock())
	}
	return errors.Join(errs...)
}
