package catalog

import "testing"

// BenchmarkDefault parses the embedded catalogue.
func BenchmarkDefault(b *testing.B) {
	for b.Loop() {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}
