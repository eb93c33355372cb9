package search

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ttdn/monitor/rules"
)

// wantFacets counts the fixtures' values the way the index should.
func wantFacets(keep func(id string) bool) map[string][]FacetCount {
	counts := map[string]map[string]int{}
	add := func(facet, v string) {
		if v == "" {
			return
		}
		if counts[facet] == nil {
			counts[facet] = map[string]int{}
		}
		counts[facet][v]++
	}
	for _, it := range fixtures() {
		if !keep(it.ID) {
			continue
		}
		for _, tp := range it.Topics {
			add(fTopic, tp)
		}
		add(fSource, it.Source)
		add(fOrigin, string(it.Origin))
		add(fLanguage, it.Language)
		add(fStatus, string(it.Status))
		add(fMonth, it.PublishedAt.In(MonthZone).Format(monthLayout))
	}
	out := map[string][]FacetCount{}
	for _, f := range facetFields {
		list := []FacetCount{}
		for term, n := range counts[f] {
			list = append(list, FacetCount{Term: term, Count: n})
		}
		out[f] = list
	}
	return out
}

func TestSearchFacets(t *testing.T) {
	ix := openFixtures(t)
	sorted := cmp.Transformer("sorted", func(in []FacetCount) map[string]int {
		m := map[string]int{}
		for _, c := range in {
			m[c.Term] = c.Count
		}
		return m
	})
	tests := []struct {
		name string
		expr string
		keep func(string) bool
	}{
		{"every item", "", func(string) bool { return true }},
		{"a query", `"Kon Tum"`, func(id string) bool {
			switch id {
			case "en-checkpoints", "fr-frontiere", "vi-dak-breve", "vi-nhan-dan", "vi-nhan-quyen", "vi-nhan-quyen-nfd", "vi-ton-giao-far":
				return true
			}
			return false
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := rules.Parse(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			res, err := ix.Search(context.Background(), Request{Query: q, Facets: true, Size: 1})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantFacets(tt.keep), res.Facets, sorted); diff != "" {
				t.Errorf("facets (-want +got):\n%s", diff)
			}
			for name, list := range res.Facets {
				for i := 1; i < len(list); i++ {
					if list[i].Count > list[i-1].Count {
						t.Errorf("facet %s not sorted by count: %v", name, list)
					}
				}
			}
		})
	}
}
