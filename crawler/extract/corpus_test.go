package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// corpusRoot is the shared third-party corpus, a sibling of the project.
var corpusRoot = filepath.Join("..", "..", "..", "shared", "corpus")

// corpusCase is one page of the corpus with its ground truth.
type corpusCase struct {
	set, id, htmlPath, truthPath, url string
	snippetKey                        string // trafilatura: the URL keying evaldata
}

func corpusCases(t testing.TB) []corpusCase {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusRoot, "articles", "INDEX.tsv"))
	if err != nil {
		t.Skip("shared corpus not present")
	}
	defer f.Close()
	var out []corpusCase
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 6 {
			continue
		}
		truth, key, _ := strings.Cut(c[3], "#")
		out = append(out, corpusCase{set: c[0], id: c[1], htmlPath: filepath.Join(corpusRoot, c[2]),
			truthPath: filepath.Join(corpusRoot, truth), snippetKey: key, url: c[5]})
	}
	return out
}

// tokens splits text into lower-case words; scripts written without
// spaces (Han, kana, Thai, Lao, Khmer, Myanmar) count one token a rune.
func tokens(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// wordPRF is bag-of-words precision, recall and F1 of got against want.
func wordPRF(got, want string) (p, r, f float64) {
	g, w := tokens(got), tokens(want)
	if len(g) == 0 || len(w) == 0 {
		return 0, 0, 0
	}
	bag := map[string]int{}
	for _, t := range w {
		bag[t]++
	}
	common := 0
	for _, t := range g {
		if bag[t] > 0 {
			bag[t]--
			common++
		}
	}
	p, r = float64(common)/float64(len(g)), float64(common)/float64(len(w))
	if p+r == 0 {
		return p, r, 0
	}
	return p, r, 2 * p * r / (p + r)
}

// truthText returns the ground-truth text of a full-text case.
func truthText(c corpusCase) (string, error) {
	b, err := os.ReadFile(c.truthPath)
	if err != nil {
		return "", err
	}
	if strings.HasSuffix(c.truthPath, ".html") {
		doc, err := html.Parse(strings.NewReader(string(b)))
		if err != nil {
			return "", err
		}
		return NodeText(doc), nil
	}
	return string(b), nil
}

type prf struct{ p, r, f float64 }

// scores holds the mean P/R/F1 of one corpus set.
type scores struct {
	n       int
	p, r, f float64
}

func (s *scores) add(x prf) { s.n++; s.p += x.p; s.r += x.r; s.f += x.f }

func (s scores) String() string {
	if s.n == 0 {
		return "none"
	}
	n := float64(s.n)
	return fmt.Sprintf("n=%d P=%.3f R=%.3f F1=%.3f", s.n, s.p/n, s.r/n, s.f/n)
}

// evaluate extracts one case and scores it against its ground truth.
func evaluate(c corpusCase) (prf, bool, error) {
	page, err := os.ReadFile(c.htmlPath)
	if err != nil {
		return prf{}, false, err
	}
	a, _ := Page(page, c.url, Options{})
	body := ""
	if a != nil {
		body = a.Body
	}
	switch c.set {
	case "readability", "newspaper4k":
		want, err := truthText(c)
		if err != nil {
			return prf{}, false, err
		}
		p, r, f := wordPRF(body, want)
		return prf{p, r, f}, true, nil
	case "goose3":
		var g struct {
			Expected struct {
				CleanedText string `json:"cleaned_text"`
			} `json:"expected"`
		}
		b, err := os.ReadFile(c.truthPath)
		if err != nil || json.Unmarshal(b, &g) != nil || g.Expected.CleanedText == "" {
			return prf{}, false, err
		}
		// The truth is the body's beginning only: recall is what counts.
		_, r, _ := wordPRF(body, g.Expected.CleanedText)
		return prf{r: r}, true, nil
	case "trafilatura":
		return snippetScore(c, body)
	}
	return prf{}, false, nil
}

// snippetScore scores trafilatura's evaluation: snippets that must be in
// the body (found: true positive) and that must not (found: false
// positive).
func snippetScore(c corpusCase, body string) (prf, bool, error) {
	b, err := os.ReadFile(c.truthPath)
	if err != nil {
		return prf{}, false, err
	}
	var all map[string]struct {
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := json.Unmarshal(b, &all); err != nil {
		return prf{}, false, err
	}
	e, ok := all[c.snippetKey]
	if !ok {
		return prf{}, false, nil
	}
	norm := strings.Join(strings.Fields(body), " ")
	var tp, fn, fp float64
	for _, s := range e.With {
		if strings.Contains(norm, strings.Join(strings.Fields(s), " ")) {
			tp++
		} else {
			fn++
		}
	}
	for _, s := range e.Without {
		if strings.Contains(norm, strings.Join(strings.Fields(s), " ")) {
			fp++
		}
	}
	p, r := 1.0, 0.0
	if tp+fp > 0 {
		p = tp / (tp + fp)
	}
	if tp+fn > 0 {
		r = tp / (tp + fn)
	}
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return prf{p, r, f}, true, nil
}

// TestCorpusExtraction measures extraction on the shared corpus: word
// P/R/F1 against full ground truth (readability, newspaper4k), recall of
// the text prefix (goose3) and snippet P/R/F1 (trafilatura). It fails
// when the full-text mean F1 drops under a floor set just below the
// recorded score (docs/perf/crawler.md).
func TestCorpusExtraction(t *testing.T) {
	cases := corpusCases(t)
	if testing.Short() {
		t.Skip("corpus extraction takes a while")
	}
	sets := map[string]*scores{}
	var full scores
	for _, c := range cases {
		s, ok, err := evaluate(c)
		if err != nil {
			t.Errorf("%s/%s: %v", c.set, c.id, err)
			continue
		}
		if !ok {
			continue
		}
		if sets[c.set] == nil {
			sets[c.set] = &scores{}
		}
		sets[c.set].add(s)
		if c.set == "readability" || c.set == "newspaper4k" {
			full.add(s)
			if testing.Verbose() && s.f < 0.8 {
				t.Logf("low: %s/%s P=%.2f R=%.2f F1=%.2f", c.set, c.id, s.p, s.r, s.f)
			}
		}
	}
	for name, s := range sets {
		note := ""
		if name == "goose3" {
			note = " (truth is a prefix: only R counts)"
		}
		t.Logf("%-12s %s%s", name, s, note)
	}
	t.Logf("full-text    %s", full)
	if full.n > 0 && full.f/float64(full.n) < 0.90 {
		t.Errorf("mean word F1 %.3f on full-text ground truth, want at least 0.90", full.f/float64(full.n))
	}
}
