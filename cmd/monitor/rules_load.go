package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/ingest"
	"github.com/ttdn/monitor/rules"
)

// loadRules reads the province profile and the rule packs (built-in, then
// the config's), records the pack rules in the store, and compiles the
// enabled rules the store holds — so an admin's edits win over the pack
// text. A pack with a bad rule is refused with a log line naming the rule
// and position; the other packs stay in force.
func (a *app) loadRules(ctx context.Context, ar *archive) error {
	prof, err := a.loadProfile()
	if err != nil {
		return err
	}
	packs, err := rules.BuiltinPacks(prof)
	if err != nil {
		return fmt.Errorf("built-in rule packs: %w", err)
	}
	for _, path := range a.cfg.Rules {
		p, err := rules.LoadPackFile(path)
		if err != nil {
			a.log.Error("rule pack refused; the other packs stay in force", "file", path, "err", err)
			continue
		}
		packs = append(packs, p)
	}
	ar.profile, ar.packs = prof, packs
	var all []index.Rule
	for _, p := range packs {
		for _, r := range p.Rules {
			all = append(all, toIndexRule(p.Name, r))
		}
	}
	if err := ar.store.SyncBuiltinRules(ctx, all); err != nil {
		return fmt.Errorf("record rule packs: %w", err)
	}
	return nil
}

func (a *app) loadProfile() (*rules.Profile, error) {
	if a.cfg.Province == "" {
		return rules.DefaultProfile()
	}
	p, err := rules.LoadProfile(a.cfg.Province)
	if err != nil {
		return nil, fmt.Errorf("province profile: %w", err)
	}
	return p, nil
}

// compileRules builds the matcher from the store's enabled rules. A rule
// that does not compile (an admin saved it before a parser change) is
// left out with a log line rather than stopping ingest.
func (a *app) compileRules(ctx context.Context, ar *archive) (ingest.Matcher, error) {
	stored, err := ar.store.ListRules(ctx)
	if err != nil {
		return nil, fmt.Errorf("list rules: %w", err)
	}
	var rs []rules.Rule
	for _, r := range stored {
		if !r.Enabled {
			continue
		}
		rr := fromIndexRule(r)
		if _, err := rules.Compile([]rules.Rule{rr}); err != nil {
			a.log.Error("rule left out", "rule", r.ID, "err", err)
			continue
		}
		rs = append(rs, rr)
	}
	m, err := rules.Compile(rs)
	if err != nil {
		return nil, fmt.Errorf("compile rules: %w", err)
	}
	return ingest.RuleMatcher(m), nil
}

func toIndexRule(pack string, r rules.Rule) index.Rule {
	return index.Rule{
		ID: r.ID, Topic: r.Topic, Severity: index.Severity(strings.ToLower(r.Severity)),
		Languages: r.Languages, Expr: r.Expr, Description: r.Description,
		Enabled: r.Enabled, Pack: pack, Version: r.Version,
	}
}

func fromIndexRule(r index.Rule) rules.Rule {
	return rules.Rule{
		ID: r.ID, Topic: r.Topic, Severity: string(r.Severity), Languages: r.Languages,
		Expr: r.Expr, Description: r.Description, Enabled: r.Enabled, Version: r.Version, Pack: r.Pack,
	}
}
