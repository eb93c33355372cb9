package rules

import (
	"unicode/utf8"
)

// The presearcher, in the manner of Lucene's Monitor: each rule is reduced
// once, at Compile, to a set of keys (folded words or word prefixes) such
// that any document the rule matches contains at least one of them. A
// document then looks up its own distinct words in the key index, and
// only the rules found there are evaluated. A rule with no such set (one
// made only of NOTs, say) is evaluated for every document.

// presearchKey is a folded word, or a folded prefix of a word.
type presearchKey struct {
	word   string // for a pair, the two words with a space between
	prefix bool
	pair   bool
}

// keysOf returns a set of keys of which every document matching n
// contains at least one, and false when n has no such set.
func keysOf(n Node) ([]presearchKey, bool) {
	switch n := n.(type) {
	case *Term:
		return []presearchKey{termKey(n)}, true
	case *And:
		return bestKeys(n.Children)
	case *Near:
		return bestKeys([]Node{n.Left, n.Right})
	case *Or:
		var all []presearchKey
		for _, c := range n.Children {
			ks, ok := keysOf(c)
			if !ok {
				return nil, false
			}
			all = append(all, ks...)
		}
		return all, true
	}
	return nil, false // Not, MatchAll
}

// bestKeys picks, among conjuncts, the indexable one whose keys are
// cheapest: the fewest documents are expected to carry them.
func bestKeys(children []Node) ([]presearchKey, bool) {
	var best []presearchKey
	bestCost := -1.0
	for _, c := range children {
		ks, ok := keysOf(c)
		if !ok {
			continue
		}
		if cost := keysCost(ks); bestCost < 0 || cost < bestCost {
			best, bestCost = ks, cost
		}
	}
	return best, bestCost >= 0
}

// keysCost estimates how often keys occur: short words and prefixes are
// common, long words rare.
func keysCost(ks []presearchKey) float64 {
	var c float64
	for _, k := range ks {
		w := 12.0 / float64(utf8.RuneCountInString(k.word))
		switch {
		case k.prefix:
			w *= 3
		case k.pair:
			w /= 4
		}
		c += w
	}
	return c
}

// termKey picks the most selective key of a term: for a phrase, a pair
// of adjacent whole words (Vietnamese words are syllables, each common
// alone: "biên giới" is far rarer than "biên" or "giới"); for a single
// word, the word; for a single prefix word, the prefix.
func termKey(t *Term) presearchKey {
	words := t.Words
	if t.Prefix {
		if len(words) == 1 {
			return presearchKey{word: foldKey(t, words[0]), prefix: true}
		}
		words = words[:len(words)-1]
	}
	if len(words) >= 2 {
		best := 0
		for i := 1; i+1 < len(words); i++ {
			if len(words[i])+len(words[i+1]) > len(words[best])+len(words[best+1]) {
				best = i
			}
		}
		return presearchKey{word: foldKey(t, words[best]) + " " + foldKey(t, words[best+1]), pair: true}
	}
	return presearchKey{word: foldKey(t, words[0])}
}

func foldKey(t *Term, w string) string {
	if t.Exact {
		return Fold(w)
	}
	return w
}

// keyIndex maps keys to the rules that need them.
type keyIndex struct {
	words     map[string][]int32 // words, and word pairs "a b"
	havePairs bool
	prefixes  map[string][]int32
	maxPrefix int     // longest prefix key, in bytes
	always    []int32 // rules evaluated for every document
}

func newKeyIndex() *keyIndex {
	return &keyIndex{words: map[string][]int32{}, prefixes: map[string][]int32{}}
}

func (ki *keyIndex) add(rule int32, n Node) {
	ks, ok := keysOf(n)
	if !ok {
		ki.always = append(ki.always, rule)
		return
	}
	for _, k := range ks {
		m := ki.words
		ki.havePairs = ki.havePairs || k.pair
		if k.prefix {
			m = ki.prefixes
			ki.maxPrefix = max(ki.maxPrefix, len(k.word))
		}
		if l := m[k.word]; len(l) == 0 || l[len(l)-1] != rule {
			m[k.word] = append(l, rule)
		}
	}
}

// candidates returns the rules the document might match, possibly with
// duplicates, appended to out.
func (ki *keyIndex) candidates(di *docIndex, out []int32) []int32 {
	out = append(out, ki.always...)
	di.words(func(w string) {
		out = append(out, ki.words[w]...)
		if len(ki.prefixes) == 0 {
			return
		}
		for i := range w {
			if i > ki.maxPrefix {
				break
			}
			if i > 0 {
				out = append(out, ki.prefixes[w[:i]]...)
			}
		}
		if len(w) <= ki.maxPrefix {
			out = append(out, ki.prefixes[w]...)
		}
	})
	if ki.havePairs {
		out = ki.pairCandidates(di, out)
	}
	return out
}

// pairCandidates appends the rules keyed by a pair of adjacent words of
// the document. The pair is built in one reused buffer, and a map index
// with string(buf) does not allocate.
func (ki *keyIndex) pairCandidates(di *docIndex, out []int32) []int32 {
	var buf []byte
	for f := range di.fields {
		toks := di.fields[f].toks
		for i := 0; i+1 < len(toks); i++ {
			buf = append(buf[:0], toks[i].Folded...)
			buf = append(buf, ' ')
			buf = append(buf, toks[i+1].Folded...)
			out = append(out, ki.words[string(buf)]...)
		}
	}
	return out
}
