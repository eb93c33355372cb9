package opml

import (
	"strconv"

	"github.com/ttdn/monitor/index"
)

// ActionKind is what an import does with one entry of a file.
type ActionKind string

// Import actions.
const (
	ActionNew    ActionKind = "new"    // a source not watched yet
	ActionUpdate ActionKind = "update" // an existing source, changed by this service's own export
	ActionSkip   ActionKind = "skip"   // the feed is watched already, under another name
)

// Action is one planned change of an import: the source to save (for
// new and update) and, for skip, the name it is already watched under.
type Action struct {
	Kind     ActionKind
	Source   index.Source
	Existing string // for skip: the name of the source with that URL
}

// PlanImport decides, before anything is written, what importing entries
// does to the existing sources: a feed already watched (same URL) is
// skipped, unless the file is this service's export naming that very
// source, which is then updated; a name taken by another URL is updated
// when the file named it, and gets a fresh name (-2, -3, …) when Parse made
// it from a title; everything else is new. Callers save the new and
// update actions, and ideally all in one transaction.
func PlanImport(entries []Entry, existing []index.Source) []Action {
	byURL, byName := map[string]string{}, map[string]bool{}
	for _, s := range existing {
		byURL[s.URL] = s.Name
		byName[s.Name] = true
	}
	acts := make([]Action, 0, len(entries))
	for _, e := range entries {
		src := e.Source
		if name, ok := byURL[src.URL]; ok {
			if e.Named && name == src.Name {
				acts = append(acts, Action{Kind: ActionUpdate, Source: src})
			} else {
				acts = append(acts, Action{Kind: ActionSkip, Source: src, Existing: name})
			}
			continue
		}
		if byName[src.Name] && e.Named {
			byURL[src.URL] = src.Name
			acts = append(acts, Action{Kind: ActionUpdate, Source: src})
			continue
		}
		base := src.Name
		for n := 2; byName[src.Name]; n++ {
			src.Name = base + "-" + strconv.Itoa(n)
		}
		byName[src.Name], byURL[src.URL] = true, src.Name
		acts = append(acts, Action{Kind: ActionNew, Source: src})
	}
	return acts
}
