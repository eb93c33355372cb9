package main

import (
	"context"
	"fmt"
	"sync"
)

// rulesReloader puts the store's rules in force for ingest when the
// dashboard saves one: the enabled rules the store holds (the built-in
// packs were recorded there at start, with the admin's edits winning) are
// compiled as at start-up and swapped into the running ingester.
type rulesReloader struct {
	a  *app
	ar *archive

	// mu keeps two saves in quick succession from installing their
	// matchers out of order.
	mu sync.Mutex
}

func newRulesReloader(a *app, ar *archive) *rulesReloader {
	return &rulesReloader{a: a, ar: ar}
}

// ReloadRules compiles the store's enabled rules and hands them to the
// ingester; items ingested from then on are matched with them. A rule
// that does not compile is left out with a log line (as at start-up); an
// error means the store could not be read and the old rules stay.
func (r *rulesReloader) ReloadRules(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	m, err := r.a.compileRules(ctx, r.ar)
	if err != nil {
		return fmt.Errorf("reload rules: %w", err)
	}
	r.ar.ingest.SetMatcher(m)
	r.a.log.Info("rules reloaded for ingest")
	return nil
}
