// Package searchtest generates realistic archive items for benchmarks of
// the search index and of the ingest path: about 400-word articles,
// mostly Vietnamese, some English and French, with the province's place
// names and the topic phrases in known shares of the documents.
//
// Vietnamese text comes from a word-pair (Markov) chain trained at run
// time on the third-party sentence corpus in
// ../shared/corpus/vi-text/binhvq (the project root's sibling), so word
// frequencies and word pairs are those of real news text; the corpus text
// itself is never stored in the project. Without the corpus, words are
// drawn from a built-in list by a Zipf law.
package searchtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/ttdn/monitor/index"
)

// BroadPlace is the place name about 40 % of the documents mention.
const BroadPlace = "Kon Tum"

// Document sizes in words.
const (
	titleWords   = 12
	summaryWords = 30
	bodyWords    = 400
)

var (
	viSources = []string{"bao-kon-tum", "bao-quang-ngai", "bao-gia-lai", "bao-dan-toc", "vnexpress", "tuoi-tre", "thanh-nien", "nhan-dan", "qdnd", "cand", "vietnamnet", "dan-tri", "tien-phong", "lao-dong", "vtv", "vov"}
	enSources = []string{"rfa-en", "vnexpress-intl", "the-diplomat", "reuters", "bbc-en", "ap-news", "hrw", "vietnam-news"}
	frSources = []string{"rfi-fr", "le-monde", "courrier-vn"}
	statuses  = []index.Status{index.StatusNew, index.StatusNew, index.StatusNew, index.StatusReviewing, index.StatusDismissed, index.StatusFlagged, index.StatusResponded}
	start     = time.Date(2019, 1, 1, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))
)

// Docs returns n items generated from seed: the same n and seed give the
// same items. IDs are "doc-0000000" upwards.
func Docs(n int, seed int64) []*index.Item {
	g := newGenerator(seed)
	out := make([]*index.Item, n)
	for i := range out {
		out[i] = g.item(i)
	}
	return out
}

type generator struct {
	rng    *rand.Rand
	vi     wordSource
	en, fr wordSource
}

// wordSource yields words one at a time; sentence starts a new sentence.
type wordSource interface {
	next(rng *rand.Rand) string
	sentence()
}

func newGenerator(seed int64) *generator {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x7d4e))
	g := &generator{rng: rng, en: newZipf(rng, enWords), fr: newZipf(rng, frWords)}
	if c := loadChain(); c != nil {
		g.vi = c
	} else {
		g.vi = newZipf(rng, viWords)
	}
	return g
}

func (g *generator) item(i int) *index.Item {
	it := &index.Item{
		ID:     fmt.Sprintf("doc-%07d", i),
		Origin: index.OriginDomestic,
		Status: statuses[g.rng.IntN(len(statuses))],
		PublishedAt: start.Add(time.Duration(g.rng.Int64N(int64(7*365*24*time.Hour))) +
			time.Duration(g.rng.IntN(3600))*time.Second),
	}
	it.FetchedAt = it.PublishedAt.Add(time.Hour)
	it.URL = "https://example.vn/" + it.ID
	it.CanonicalURL = it.URL
	var words wordSource
	switch r := g.rng.Float64(); {
	case r < 0.75:
		it.Language, it.Source, words = "vi", pick(g.rng, viSources), g.vi
	case r < 0.95:
		it.Language, it.Source, it.Origin, words = "en", pick(g.rng, enSources), index.OriginForeign, g.en
	default:
		it.Language, it.Source, it.Origin, words = "fr", pick(g.rng, frSources), index.OriginForeign, g.fr
	}
	inserts := g.inserts(it)
	it.Title = g.text(words, titleWords+g.rng.IntN(5)-2, inserts[:min(1, len(inserts))])
	it.Summary = g.text(words, summaryWords+g.rng.IntN(10)-5, nil)
	it.Body = g.text(words, bodyWords+g.rng.IntN(40)-20, inserts)
	g.classify(it)
	it.ContentHash = fmt.Sprintf("%016x", g.rng.Uint64())
	return it
}

// inserts picks the place names and topic phrases a document mentions,
// each by its share, and records the topics they point to.
func (g *generator) inserts(it *index.Item) []string {
	var out []string
	for _, p := range places {
		if g.rng.Float64() < p.share {
			out = append(out, pick(g.rng, p.names))
		}
	}
	for _, tp := range topicPhrases {
		if g.rng.Float64() < tp.share {
			text := tp.text
			if it.Language == "en" {
				text = map[string]string{"border": "border", "human_rights": "human rights", "religion": "religious freedom"}[tp.topic]
			}
			out = append(out, text)
			if !contains(it.Topics, tp.topic) {
				it.Topics = append(it.Topics, tp.topic)
			}
		}
	}
	g.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func (g *generator) classify(it *index.Item) {
	if len(it.Topics) == 0 {
		it.Topics = []string{}
		return
	}
	sev := []index.Severity{index.SeverityLow, index.SeverityMedium, index.SeverityHigh}[g.rng.IntN(3)]
	for _, tp := range it.Topics {
		it.Hits = append(it.Hits, index.Hit{RuleID: tp + "-1", RuleVersion: 1, Topic: tp, Severity: sev})
	}
	it.Summarise()
	if g.rng.IntN(10) == 0 {
		it.Tags = []string{pick(g.rng, []string{"can-xac-minh", "da-bao-cao", "uu-tien"})}
	}
}

// text makes about n words of sentences, with the inserts spread over it.
func (g *generator) text(src wordSource, n int, inserts []string) string {
	var b strings.Builder
	b.Grow(n * 7)
	at := map[int]string{}
	for _, s := range inserts {
		pos := g.rng.IntN(max(n, 1))
		for at[pos] != "" {
			pos = (pos + 1) % max(n, 1)
		}
		at[pos] = s
	}
	sentence := 0
	for i := 0; i < n; i++ {
		if sentence == 0 {
			src.sentence()
		}
		w := src.next(g.rng)
		if s, ok := at[i]; ok {
			w = s
		}
		if sentence == 0 {
			w = capitalize(w)
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		sentence++
		if end := strings.HasSuffix(w, "."); end || (sentence > 8 && g.rng.IntN(12) == 0) {
			if !end {
				b.WriteByte('.')
			}
			sentence = 0
		}
	}
	if !strings.HasSuffix(b.String(), ".") {
		b.WriteByte('.')
	}
	return b.String()
}

func capitalize(w string) string {
	for i, r := range w {
		return strings.ToUpper(string(r)) + w[i+len(string(r)):]
	}
	return w
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// zipf draws words from a list, the first ones most often.
type zipf struct {
	words []string
	z     *rand.Zipf
}

func newZipf(rng *rand.Rand, words []string) *zipf {
	return &zipf{words: words, z: rand.NewZipf(rng, 1.1, 2, uint64(len(words)-1))}
}

func (z *zipf) next(*rand.Rand) string { return z.words[z.z.Uint64()] }
func (z *zipf) sentence()              {}
