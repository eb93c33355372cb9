package ingest

import (
	"hash/fnv"
	"math/bits"

	"github.com/ttdn/monitor/rules"
)

// Simhash is a 64-bit SimHash over the word 2-shingles of an item's folded
// title and body. Copies of one story, lightly edited, land within a few
// bits of each other.
func Simhash(title, body string) uint64 {
	toks := append(rules.Tokenize(title), rules.Tokenize(body)...)
	if len(toks) < 2 {
		return 0
	}
	var weights [64]int
	h := fnv.New64a()
	for i := 0; i+2 <= len(toks); i++ {
		h.Reset()
		for _, t := range toks[i : i+2] {
			h.Write([]byte(t.Folded))
			h.Write([]byte{0})
		}
		v := h.Sum64()
		for b := 0; b < 64; b++ {
			if v&(1<<b) != 0 {
				weights[b]++
			} else {
				weights[b]--
			}
		}
	}
	var out uint64
	for b, w := range weights {
		if w > 0 {
			out |= 1 << b
		}
	}
	return out
}

// Distance is the number of bits two simhashes differ in.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }
