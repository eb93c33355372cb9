package report

import (
	"cmp"
	"strconv"
	"strings"
)

// compareTaskCodes orders plan task codes as the plan lists them: part by
// part, Roman numerals and numbers by value ("II.6.3" < "II.6.10" <
// "III.1").
func compareTaskCodes(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < min(len(pa), len(pb)); i++ {
		if c := comparePart(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

func comparePart(a, b string) int {
	na, okA := partValue(a)
	nb, okB := partValue(b)
	if okA && okB {
		return cmp.Or(cmp.Compare(na, nb), cmp.Compare(a, b))
	}
	return cmp.Compare(a, b)
}

// partValue reads a number or an upper-case Roman numeral.
func partValue(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	vals := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50}
	total, prev := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		v, ok := vals[s[i]]
		if !ok {
			return 0, false
		}
		if v < prev {
			total -= v
		} else {
			total += v
			prev = v
		}
	}
	return total, s != ""
}
