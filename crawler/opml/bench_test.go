package opml

import (
	"bytes"
	"testing"

	"github.com/ttdn/monitor/crawler/catalog"
)

// BenchmarkRoundTripCatalogue writes the default catalogue as OPML and
// parses it back.
func BenchmarkRoundTripCatalogue(b *testing.B) {
	srcs, err := catalog.Default()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, "bench", srcs); err != nil {
			b.Fatal(err)
		}
		if _, err := Parse(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}
