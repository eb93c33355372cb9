package opml

import (
	"testing"

	"github.com/ttdn/monitor/index"
)

func TestPlanImport(t *testing.T) {
	existing := []index.Source{
		{Name: "nhan-dan", URL: "https://nhandan.vn/rss/home.rss"},
		{Name: "bao-x", URL: "https://baox.vn/rss"},
	}
	feed := func(name, url string) index.Source { return index.Source{Name: name, URL: url} }
	entries := []Entry{
		{Source: feed("nhan-dan", "https://nhandan.vn/rss/home.rss"), Named: true},      // our export: update
		{Source: feed("nhan-dan-bao", "https://nhandan.vn/rss/home.rss")},               // another reader: skip
		{Source: feed("bao-x", "https://baox.vn/rss-moi"), Named: true},                 // our export, URL changed: update
		{Source: feed("bao-x", "https://other.example/rss")},                            // collision from a title: renamed
		{Source: feed("moi", "https://moi.vn/rss")},                                     // new
		{Source: feed("moi", "https://moi.vn/rss")},                                     // same feed twice in one file: skip
		{Source: feed("nhan-dan", "https://nhandan.vn/rss/chinhtri.rss"), Named: false}, // title collision: renamed
	}
	got := PlanImport(entries, existing)
	want := []struct {
		kind           ActionKind
		name, existing string
	}{
		{ActionUpdate, "nhan-dan", ""},
		{ActionSkip, "nhan-dan-bao", "nhan-dan"},
		{ActionUpdate, "bao-x", ""},
		{ActionNew, "bao-x-2", ""},
		{ActionNew, "moi", ""},
		{ActionSkip, "moi", "moi"},
		{ActionNew, "nhan-dan-2", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d actions, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if g := got[i]; g.Kind != w.kind || g.Source.Name != w.name || g.Existing != w.existing {
			t.Errorf("action %d: got %s %s (existing %q), want %s %s (existing %q)", i, g.Kind, g.Source.Name, g.Existing, w.kind, w.name, w.existing)
		}
	}
}
