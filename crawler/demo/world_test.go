package demo

import (
	"context"
	"io"
	"net/http"
	"testing"
)

func startWorld(t *testing.T) *World {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w, err := Start(ctx, "")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body), resp.Header
}

func TestWorldLoads(t *testing.T) {
	outlets, err := loadWorld()
	if err != nil {
		t.Fatalf("loadWorld: %v", err)
	}
	total, sensitive := 0, 0
	langs := map[string]int{}
	for _, o := range outlets {
		t.Logf("%-22s %-5s %3d articles", o.Slug, o.Format, len(o.articles))
		for _, a := range o.articles {
			total++
			langs[o.Language]++
			if len(a.Topics) > 0 {
				sensitive++
			}
		}
	}
	t.Logf("total %d, sensitive %d, languages %v", total, sensitive, langs)
}
