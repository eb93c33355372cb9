package demo

import (
	"context"
	"testing"
)

// BenchmarkStart measures loading the embedded world and pre-rendering
// every page and feed (what `serve --demo` waits for).
func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		w, err := Start(context.Background(), "")
		if err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
}
