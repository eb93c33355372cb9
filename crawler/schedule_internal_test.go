package crawler

import (
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{1, 30 * time.Minute}, {2, time.Hour}, {3, 2 * time.Hour}, {6, 16 * time.Hour}, {7, 24 * time.Hour}, {40, 24 * time.Hour},
	}
	for _, tc := range tests {
		if got := backoff(30*time.Minute, 24*time.Hour, tc.failures); got != tc.want {
			t.Errorf("backoff after %d failures = %s, want %s", tc.failures, got, tc.want)
		}
	}
}

func TestInterleaveHosts(t *testing.T) {
	in := []index.Source{{Name: "a1", URL: "http://a/1"}, {Name: "a2", URL: "http://a/2"}, {Name: "a3", URL: "http://a/3"}, {Name: "b1", URL: "http://b/1"}, {Name: "c1", URL: "http://c/1"}}
	var got []string
	for _, s := range interleaveHosts(in) {
		got = append(got, s.Name)
	}
	want := []string{"a1", "b1", "c1", "a2", "a3"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %v, want %v", got, want)
		}
	}
}

func TestDedupKey(t *testing.T) {
	a := dedupKey("http://x.test/bai.html?utm_source=rss&id=3#binh-luan")
	b := dedupKey("http://x.test/bai.html?id=3&fbclid=abc")
	if a != b || a != "http://x.test/bai.html?id=3" {
		t.Errorf("dedupKey: %q and %q, want both http://x.test/bai.html?id=3", a, b)
	}
}
