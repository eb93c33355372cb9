package searchtest

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// corpusFile is the Vietnamese sentence corpus, relative to the directory
// holding the project root.
const corpusFile = "shared/corpus/vi-text/binhvq/demo-full.txt"

// chain is a word-pair Markov chain: after a word, the next is drawn from
// the words that followed it in the corpus, as often as they did.
type chain struct {
	starts []string
	next_  map[string][]string
	prev   string
}

type chainData struct {
	starts []string
	follow map[string][]string
}

// loadChain returns a chain trained on the corpus, or nil when the corpus
// cannot be found.
func loadChain() *chain {
	d := train(findCorpus())
	if d == nil {
		return nil
	}
	return &chain{starts: d.starts, next_: d.follow}
}

// findCorpus walks up from the working directory to the project root (the
// directory with go.mod) and looks beside it; SEARCHTEST_CORPUS overrides.
func findCorpus() string {
	if p := os.Getenv("SEARCHTEST_CORPUS"); p != "" {
		return p
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), corpusFile)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func train(path string) *chainData {
	if path == "" {
		return nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	d := &chainData{follow: map[string][]string{}}
	for _, line := range strings.Split(string(raw), "\n") {
		words := strings.Fields(line)
		if len(words) < 3 {
			continue
		}
		d.starts = append(d.starts, words[0])
		for i := 0; i+1 < len(words); i++ {
			k := strings.ToLower(words[i])
			d.follow[k] = append(d.follow[k], words[i+1])
		}
	}
	if len(d.starts) == 0 {
		return nil
	}
	return d
}

func (c *chain) sentence() { c.prev = "" }

func (c *chain) next(rng *rand.Rand) string {
	var w string
	if f := c.next_[strings.ToLower(c.prev)]; c.prev != "" && len(f) > 0 {
		w = f[rng.IntN(len(f))]
	} else {
		w = c.starts[rng.IntN(len(c.starts))]
	}
	c.prev = w
	return w
}
