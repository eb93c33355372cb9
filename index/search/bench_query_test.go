package search

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ttdn/monitor/index/search/searchtest"
	"github.com/ttdn/monitor/rules"
)

// Query sets of the latency benchmarks. Phrases are the topic phrases
// and place names the generator plants (2 to 12 % of documents each) and
// common word pairs of the Vietnamese corpus; terms are single words of
// middling frequency.
var (
	benchPhrases = []string{"biên giới", "nhân quyền", "tôn giáo", "chủ quyền", "Tây Nguyên", "Quảng Ngãi",
		"Ngọc Hồi", "Sa Thầy", "quyền con người", "tự do tôn giáo", "quyền sử dụng đất", "giao thông"}
	benchTerms = []string{"biên", "giáo", "Lào", "checkpoint", "ginseng", "sâm", "Campuchia", "xe", "thuế", "bệnh"}
)

// benchIndexes opens (or builds) the two indexes over the same generated
// documents: ours through Put, and plain bleve under the unigram mapping
// with positions, the baseline for phrases.
func benchIndexes(b *testing.B) (*Index, bleve.Index) {
	b.Helper()
	n := benchN()
	dir := os.Getenv("SEARCH_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	oursDir := filepath.Join(dir, "ours-"+strconv.Itoa(n))
	bareDir := filepath.Join(dir, "bare-"+strconv.Itoa(n))
	ours, rebuild, err := Open(oursDir)
	if err != nil {
		b.Fatal(err)
	}
	if c, _ := ours.Count(); rebuild || int(c) != n {
		if err := ours.Put(benchDocs(b)); err != nil {
			b.Fatal(err)
		}
	}
	bare, err := bleve.Open(bareDir)
	if c, _ := docCount(bare, err); err != nil || int(c) != n {
		if err == nil {
			bare.Close()
		}
		os.RemoveAll(bareDir)
		m, err := unigramMapping()
		if err != nil {
			b.Fatal(err)
		}
		ids, docs := bareDocs(benchDocs(b), true)
		if bare, err = searchtest.BareIndex(bareDir, m, ids, docs, BatchSize); err != nil {
			b.Fatal(err)
		}
	}
	b.Cleanup(func() { ours.Close(); bare.Close() })
	return ours, bare
}

func docCount(b bleve.Index, err error) (uint64, error) {
	if err != nil {
		return 0, err
	}
	return b.DocCount()
}

func parseAll(b *testing.B, exprs []string, quote bool) []rules.Node {
	out := make([]rules.Node, len(exprs))
	for i, e := range exprs {
		if quote {
			e = strconv.Quote(e)
		}
		n, err := rules.Parse(e)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = n
	}
	return out
}

// bareText is plain bleve's query for text over title and body: a match
// phrase (positions) or a term, analysed like the folded fields.
func bareText(text string, phrase bool) query.Query {
	var qs []query.Query
	for _, f := range []string{fTitle, fBody} {
		if phrase {
			q := query.NewMatchPhraseQuery(text)
			q.SetField(f)
			q.Analyzer = AnalyzerFolded
			qs = append(qs, q)
		} else {
			qs = append(qs, termQuery(f, rules.Fold(text)))
		}
	}
	return query.NewDisjunctionQuery(qs)
}

func oursRun(b *testing.B, ix *Index, nodes []rules.Node, req Request) func(int) int {
	return func(i int) int {
		req.Query = nodes[i]
		res, err := ix.Search(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		return res.Total
	}
}

func bareRun(b *testing.B, ix bleve.Index, qs []query.Query, facets bool, sort ...string) func(int) int {
	return func(i int) int {
		req := bleve.NewSearchRequestOptions(qs[i], DefaultSize, 0, false)
		if len(sort) > 0 {
			req.SortBy(sort)
		}
		if facets {
			for _, f := range facetFields {
				req.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
			}
		}
		res, err := ix.SearchInContext(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		return int(res.Total)
	}
}

// BenchmarkSearch measures query latency at SEARCH_BENCH_DOCS documents,
// each query shape through Index.Search (the API's path) and through
// plain bleve on the same documents. Each op is one query; p50/p95/p99
// are reported in milliseconds.
func BenchmarkSearch(b *testing.B) {
	ours, bare := benchIndexes(b)
	phrases := parseAll(b, benchPhrases, true)
	terms := parseAll(b, benchTerms, false)
	broad := parseAll(b, []string{strconv.Quote(searchtest.BroadPlace)}, false)
	all := []rules.Node{&rules.MatchAll{}}
	var barePhrases, bareTerms []query.Query
	for _, p := range benchPhrases {
		barePhrases = append(barePhrases, bareText(p, true))
	}
	for _, t := range benchTerms {
		bareTerms = append(bareTerms, bareText(t, false))
	}
	bareBroad := []query.Query{bareText(searchtest.BroadPlace, true)}
	bareAll := []query.Query{query.NewMatchAllQuery()}
	api := Request{Facets: true, Highlight: true}

	cases := []struct {
		name    string
		queries int
		run     func(int) int
	}{
		{"phrase/ours", len(phrases), oursRun(b, ours, phrases, Request{})},
		{"phrase/bare", len(phrases), bareRun(b, bare, barePhrases, false)},
		{"term/ours", len(terms), oursRun(b, ours, terms, Request{})},
		{"term/bare", len(terms), bareRun(b, bare, bareTerms, false)},
		{"faceted_highlight/ours", len(phrases), oursRun(b, ours, phrases, api)},
		{"faceted/bare", len(phrases), bareRun(b, bare, barePhrases, true)},
		{"broad_faceted_highlight/ours", 1, oursRun(b, ours, broad, api)},
		{"broad_faceted/bare", 1, bareRun(b, bare, bareBroad, true)},
		{"empty_faceted_highlight/ours", 1, oursRun(b, ours, all, api)},
		{"empty_faceted/bare", 1, bareRun(b, bare, bareAll, true, "-"+fPublished)},
	}
	for _, c := range cases {
		for i := 0; i < c.queries; i++ { // warm caches the same way for both
			c.run(i)
		}
		b.Run(c.name, func(b *testing.B) { timed(b, c.queries, c.run) })
	}
}
