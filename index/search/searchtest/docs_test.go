package searchtest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDocs(t *testing.T) {
	docs := Docs(500, 7)
	again := Docs(500, 7)
	broad, vi := 0, 0
	for i, d := range docs {
		if d.Body != again[i].Body || d.ID != again[i].ID {
			t.Fatalf("doc %d differs between runs with one seed", i)
		}
		if !utf8.ValidString(d.Title + d.Summary + d.Body) {
			t.Fatalf("doc %s is not valid UTF-8", d.ID)
		}
		// The Markov text (with the corpus) and the Zipf fallback (without it,
		// as on a clean CI clone) differ a little in words per sentence.
		if n := len(strings.Fields(d.Body)); n < 350 || n > 540 {
			t.Errorf("doc %s body has %d words, want about 400", d.ID, n)
		}
		if strings.Contains(d.Title+" "+d.Body, BroadPlace) {
			broad++
		}
		if d.Language == "vi" {
			vi++
		}
	}
	if broad < 150 || broad > 260 {
		t.Errorf("%d of 500 docs name %s, want about 40%%", broad, BroadPlace)
	}
	if vi < 300 || vi > 440 {
		t.Errorf("%d of 500 docs are Vietnamese, want about 75%%", vi)
	}
}
