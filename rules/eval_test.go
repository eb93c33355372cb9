package rules

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// labelled is one article of the labelled set in testdata/labelled.
type labelled struct {
	ID       string   `json:"id"`
	Outlet   string   `json:"outlet"`
	Origin   string   `json:"origin"`
	Language string   `json:"language"`
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	Body     string   `json:"body"`
	Topics   []string `json:"topics"`
	Note     string   `json:"note"`
}

var evalTopics = []string{"border", "human_rights", "religion", "province"}

// evalGoals are the precision and recall the built-in packs must reach on
// each asserted file of the labelled set, per topic.
var evalGoals = map[string][2]float64{
	"border":       {0.90, 0.95},
	"human_rights": {0.90, 0.95},
	"religion":     {0.90, 0.95},
	"province":     {0.90, 0.95},
}

func readLabelled(t *testing.T, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var a labelled
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// topicScore counts, for one topic, true and false positives and misses.
type topicScore struct {
	tp, fp, fn int
	fps, fns   []string
}

func (s topicScore) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s topicScore) recall() float64    { return ratio(s.tp, s.tp+s.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func scoreLabelled(t *testing.T, m *Matcher, arts []labelled) map[string]*topicScore {
	t.Helper()
	scores := map[string]*topicScore{}
	for _, tp := range evalTopics {
		scores[tp] = &topicScore{}
	}
	show := strings.Fields(os.Getenv("RULES_EVAL_SHOW")) // ids to explain
	verbose := os.Getenv("RULES_EVAL_VERBOSE") != ""     // explain every miss and false hit
	for _, a := range arts {
		got := map[string][]string{}
		why := map[string][]string{} // topic → "rule{terms}"
		for _, h := range m.Match(Doc{Title: a.Title, Summary: a.Summary, Body: a.Body, Language: a.Language}) {
			got[h.Topic] = append(got[h.Topic], h.RuleID)
			why[h.Topic] = append(why[h.Topic], h.RuleID+"{"+matchedTerms(h)+"}")
			if slices.Contains(show, a.ID) {
				t.Logf("%s %s: %s", a.ID, h.RuleID, matchedTerms(h))
			}
		}
		for _, tp := range evalTopics {
			s, want, hit := scores[tp], slices.Contains(a.Topics, tp), len(got[tp]) > 0
			switch {
			case want && hit:
				s.tp++
			case hit:
				s.fp++
				s.fps = append(s.fps, fmt.Sprintf("%s %v", a.ID, got[tp]))
				if verbose {
					t.Logf("false %s: %s %q (%s)\n    %s", tp, a.ID, a.Title, a.Note, strings.Join(why[tp], " "))
				}
			case want:
				s.fn++
				s.fns = append(s.fns, a.ID)
				if verbose {
					t.Logf("missed %s: %s %q (%s)", tp, a.ID, a.Title, a.Note)
				}
			}
		}
	}
	return scores
}

// matchedTerms lists the distinct terms a hit matched, as field:term.
func matchedTerms(h Hit) string {
	var terms []string
	for _, mt := range h.Matches {
		if ft := mt.Field + ":" + mt.Term; !slices.Contains(terms, ft) {
			terms = append(terms, ft)
		}
	}
	return strings.Join(terms, ", ")
}

// evalSets are the files of the labelled set. tune.jsonl was tuned on
// from the start and holdout.jsonl has been studied since, so both are
// asserted against evalGoals. holdout2.jsonl, written later by someone who
// had not seen the packs, is the untuned check: reported, not asserted
// (an assertion would invite tuning on it). A missing file is skipped.
var evalSets = []struct {
	name   string
	assert bool
}{
	{"tune", true},
	{"holdout", true},
	{"holdout2", false},
}

// TestEvalLabelled measures the built-in packs on the labelled set: per
// topic precision and recall on each file of evalSets, with the false
// positives and misses listed.
// Run: go test ./rules -run EvalLabelled -v
// (RULES_EVAL_VERBOSE=1 explains every miss and false hit, with the
// rules and terms that fired; RULES_EVAL_SHOW="t001 h002" every hit of
// those articles.)
func TestEvalLabelled(t *testing.T) {
	p, err := DefaultProfile()
	if err != nil {
		t.Fatal(err)
	}
	m := builtinMatcher(t, p)
	for _, set := range evalSets {
		arts := readLabelled(t, "testdata/labelled/"+set.name+".jsonl")
		if len(arts) == 0 {
			t.Logf("%s: no labelled articles, skipped", set.name)
			continue
		}
		scores := scoreLabelled(t, m, arts)
		logScores(t, set.name, len(arts), scores)
		if !set.assert {
			t.Logf("%s: reported only, not asserted (the untuned check)", set.name)
			continue
		}
		for _, tp := range evalTopics {
			s, goal := scores[tp], evalGoals[tp]
			if s.precision() < goal[0] || s.recall() < goal[1] {
				t.Errorf("%s %s: precision %.3f recall %.3f, want at least %.2f and %.2f",
					set.name, tp, s.precision(), s.recall(), goal[0], goal[1])
			}
		}
	}
}

func logScores(t *testing.T, set string, n int, scores map[string]*topicScore) {
	t.Helper()
	t.Logf("%s: %d articles", set, n)
	t.Logf("%-13s %4s %4s %4s %9s %7s", "topic", "tp", "fp", "fn", "precision", "recall")
	for _, tp := range evalTopics {
		s := scores[tp]
		t.Logf("%-13s %4d %4d %4d %9.3f %7.3f", tp, s.tp, s.fp, s.fn, s.precision(), s.recall())
		if len(s.fps) > 0 {
			t.Logf("  false positives: %s", strings.Join(s.fps, "; "))
		}
		if len(s.fns) > 0 {
			t.Logf("  missed: %s", strings.Join(s.fns, " "))
		}
	}
}
