// Package ingest is the one path by which articles enter the archive, used
// by the crawler, `monitor import`, the demo and the tests: normalise,
// dedup, cluster, run the rules, commit to the store, then index.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/index/store"
)

// flushBatch is how many items one index batch takes.
const flushBatch = 500

// Matcher finds the rule hits of an item; the rules package provides it.
type Matcher interface {
	Match(it *index.Item) []index.Hit
}

// Ingester takes articles into the archive. It is safe for concurrent use.
type Ingester struct {
	store *store.Store
	index *search.Index
	log   *slog.Logger
	now   func() time.Time

	matcherMu sync.RWMutex
	matcher   Matcher
	observe   func(time.Duration) // rule matching time, for metrics

	writeMu sync.Mutex // dedup lookups, the save they decide on, fingerprints
	prints  fingerprints
	flushMu sync.Mutex // one index catch-up at a time
	kick    chan struct{}
}

// New returns an Ingester over an open store and index.
func New(st *store.Store, ix *search.Index, m Matcher, log *slog.Logger) *Ingester {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Ingester{store: st, index: ix, matcher: m, log: log, now: time.Now, kick: make(chan struct{}, 1)}
}

// SetMatcher replaces the rules used for new items (after a rule change).
func (g *Ingester) SetMatcher(m Matcher) {
	g.matcherMu.Lock()
	g.matcher = m
	g.matcherMu.Unlock()
}

// ObserveMatching has f told how long matching the rules took for each
// article (for /metrics); nil stops it.
func (g *Ingester) ObserveMatching(f func(time.Duration)) {
	g.matcherMu.Lock()
	g.observe = f
	g.matcherMu.Unlock()
}

func (g *Ingester) match(it *index.Item) []index.Hit {
	g.matcherMu.RLock()
	m, observe := g.matcher, g.observe
	g.matcherMu.RUnlock()
	if m == nil {
		return nil
	}
	start := time.Now()
	hits := m.Match(it)
	if observe != nil {
		observe(time.Since(start))
	}
	return hits
}

// Ingest commits one article to the store and schedules it for indexing
// (Run indexes in the background; Flush indexes now). It returns what the
// article did to the archive; a bad article is an error wrapping
// index.ErrInvalid and nothing is stored.
func (g *Ingester) Ingest(ctx context.Context, it *index.Item) (index.Outcome, error) {
	p, err := g.Prepare(it)
	if err != nil {
		return "", err
	}
	return g.Commit(ctx, p)
}

// Prepared is an article made ready for the store: normalised, its rule
// hits found and its fingerprint taken.
type Prepared struct {
	it  *index.Item
	sim uint64
}

// Prepare is the first half of Ingest: the work that needs no store, so a
// bulk load can prepare the next articles while earlier ones are being
// committed. Prepared articles must be committed in order.
func (g *Ingester) Prepare(it *index.Item) (*Prepared, error) {
	if err := g.prepare(it); err != nil {
		return nil, err
	}
	it.Hits = g.match(it)
	it.Summarise()
	p := &Prepared{it: it}
	if len(strings.Fields(it.Body)) >= clusterMinWords {
		p.sim = Simhash(it.Title, it.Body)
	}
	return p, nil
}

// Commit is the second half of Ingest: dedup, cluster and save.
func (g *Ingester) Commit(ctx context.Context, p *Prepared) (index.Outcome, error) {
	it := p.it
	g.writeMu.Lock()
	out, err := g.save(ctx, it, p.sim)
	g.writeMu.Unlock()
	if err != nil {
		return "", fmt.Errorf("ingest %s: %w", it.URL, err)
	}
	if out != index.OutcomeUnchanged {
		select {
		case g.kick <- struct{}{}:
		default:
		}
	}
	return out, nil
}

// save decides between update, alias and insert, and writes it.
func (g *Ingester) save(ctx context.Context, it *index.Item, sim uint64) (index.Outcome, error) {
	existing, err := g.findByURL(ctx, it.CanonicalURL, it.URL)
	if err != nil {
		return "", err
	}
	if existing != nil {
		return g.update(ctx, existing, it, sim)
	}
	dup, err := g.store.FindByContentHash(ctx, it.ContentHash)
	if err != nil && !errors.Is(err, index.ErrNotFound) {
		return "", fmt.Errorf("find by content: %w", err)
	}
	if dup != nil {
		return index.OutcomeAlias, g.addAliases(ctx, dup, it.CanonicalURL, it.URL)
	}
	it.ID = ItemID(it.CanonicalURL)
	it.Status = index.StatusNew
	if err := g.cluster(ctx, it, sim); err != nil {
		return "", err
	}
	if err := g.store.SaveItem(ctx, it, sim); err != nil {
		return "", fmt.Errorf("save item: %w", err)
	}
	g.remember(it, sim) // SaveItem recorded it.URL as an alias
	return index.OutcomeCreated, nil
}

func (g *Ingester) findByURL(ctx context.Context, urls ...string) (*index.Item, error) {
	for _, u := range urls {
		it, err := g.store.FindByURL(ctx, u)
		if err == nil {
			return it, nil
		}
		if !errors.Is(err, index.ErrNotFound) {
			return nil, fmt.Errorf("find by url: %w", err)
		}
	}
	return nil, nil
}

// update refreshes an item reached again through one of its URLs. What
// people did to it (status, tags, notes, assignee) stays.
func (g *Ingester) update(ctx context.Context, old, it *index.Item, sim uint64) (index.Outcome, error) {
	if err := g.addAliases(ctx, old, it.CanonicalURL, it.URL); err != nil {
		return "", err
	}
	if old.ContentHash == it.ContentHash && old.Title == it.Title && old.Summary == it.Summary {
		return index.OutcomeUnchanged, nil
	}
	it.ID, it.CanonicalURL, it.URL = old.ID, old.CanonicalURL, old.URL
	it.Cluster = old.Cluster
	if it.Cluster == "" {
		if err := g.cluster(ctx, it, sim); err != nil {
			return "", err
		}
	}
	if err := g.store.SaveItem(ctx, it, sim); err != nil {
		return "", fmt.Errorf("update item: %w", err)
	}
	g.remember(it, sim)
	return index.OutcomeUpdated, nil
}

// addAliases records the URLs an existing item was reached through.
func (g *Ingester) addAliases(ctx context.Context, it *index.Item, urls ...string) error {
	for _, u := range urls {
		if u == it.CanonicalURL || u == it.URL || containsString(it.Aliases, u) {
			continue
		}
		if err := g.store.AddAlias(ctx, it.ID, u); err != nil {
			return fmt.Errorf("add alias %s: %w", u, err)
		}
		it.Aliases = append(it.Aliases, u)
	}
	return nil
}

// cluster puts it in the story cluster of a near copy, if there is one,
// The cluster id is the id of the first copy.
func (g *Ingester) cluster(ctx context.Context, it *index.Item, sim uint64) error {
	if sim == 0 {
		return nil
	}
	if err := g.prints.load(ctx, g.store); err != nil {
		return err
	}
	if c, ok := g.prints.nearest(it.ID, sim, it.PublishedAt); ok {
		if c.Cluster == "" {
			c.Cluster = c.ID
			if err := g.store.SetCluster(ctx, c.ID, c.Cluster); err != nil {
				return fmt.Errorf("set cluster: %w", err)
			}
			g.prints.setCluster(c.ID, c.Cluster)
		}
		it.Cluster = c.Cluster
	}
	return nil
}

// remember records a saved item's fingerprint for later copies.
func (g *Ingester) remember(it *index.Item, sim uint64) {
	if sim != 0 && g.prints.loaded {
		g.prints.put(store.SimhashEntry{ID: it.ID, Cluster: it.Cluster, Simhash: sim, PublishedAt: it.PublishedAt})
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Known reports which of urls the archive already holds (as an item's URL,
// canonical URL or alias), so the crawler can skip fetching their pages
// again after a restart. URLs that do not parse count as unknown.
func (g *Ingester) Known(ctx context.Context, urls []string) (map[string]bool, error) {
	out := make(map[string]bool, len(urls))
	for _, raw := range urls {
		u, err := CanonicalURL(raw)
		if err != nil {
			continue
		}
		if _, err := g.store.FindByURL(ctx, u); err == nil {
			out[raw] = true
		} else if !errors.Is(err, index.ErrNotFound) {
			return nil, fmt.Errorf("known %s: %w", raw, err)
		}
	}
	return out, nil
}
