package ingest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/index/store"
	"github.com/ttdn/monitor/rules"
)

// topicMatcher flags any item that mentions "biên giới" (folded) as a
// medium border hit: enough rules to see hits flow through ingest.
type topicMatcher struct{}

func (topicMatcher) Match(it *index.Item) []index.Hit {
	node, _ := rules.Parse(`"biên giới"`)
	ok, ms := rules.Eval(node, rules.Doc{Title: it.Title, Body: it.Body, Summary: it.Summary})
	if !ok {
		return nil
	}
	hit := index.Hit{RuleID: "border-test", RuleVersion: 1, Topic: "border", Severity: index.SeverityMedium}
	for _, m := range ms {
		hit.Matches = append(hit.Matches, index.Match{Field: m.Field, Term: m.Term, Start: m.Start, End: m.End})
	}
	return []index.Hit{hit}
}

type fixture struct {
	st *store.Store
	ix *search.Index
	g  *Ingester
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix, _, err := search.Open(filepath.Join(dir, "index.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return &fixture{st: st, ix: ix, g: New(st, ix, topicMatcher{}, nil)}
}

func (f *fixture) ingest(t *testing.T, it index.Item) index.Outcome {
	t.Helper()
	out, err := f.g.Ingest(context.Background(), &it)
	if err != nil {
		t.Fatalf("ingest %s: %v", it.URL, err)
	}
	return out
}

func (f *fixture) search(t *testing.T, q string) *search.Result {
	t.Helper()
	if err := f.g.Flush(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	node, err := rules.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.ix.Search(context.Background(), search.Request{Query: node, Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

var borderStory = index.Item{
	Title:       "Tuần tra song phương trên tuyến biên giới Việt Nam – Lào",
	Body:        "KON TUM – Đồn Biên phòng Cửa khẩu Quốc tế Bờ Y phối hợp với lực lượng bảo vệ biên giới tỉnh Attapeu (Lào) tổ chức tuần tra song phương, kiểm tra hệ thống mốc quốc giới trên đoạn biên giới dài 15 km.\n\nQua tuần tra, hai bên không phát hiện vi phạm.",
	Source:      "bao-kon-tum",
	Origin:      index.OriginDomestic,
	Language:    "vi",
	PublishedAt: time.Date(2024, 3, 12, 7, 30, 0, 0, time.UTC),
}

func TestSameStoryTwoURLsIsOneItem(t *testing.T) {
	f := newFixture(t)
	a := borderStory
	a.URL = "https://baokontum.vn/quoc-phong/tuan-tra-song-phuong-12345.html"
	b := borderStory
	b.URL = "https://baokontum.vn/quoc-phong/tuan-tra-song-phuong-12345.html?utm_source=facebook&utm_medium=social&fbclid=IwAR2x#comments"
	c := borderStory
	c.URL = "https://m.baokontum.vn/tuan-tra-song-phuong-12345.html"
	c.Body = "  " + borderStory.Body + "  " // other spacing, same text
	if got := f.ingest(t, a); got != index.OutcomeCreated {
		t.Fatalf("first ingest = %s, want created", got)
	}
	if got := f.ingest(t, b); got != index.OutcomeUnchanged {
		t.Errorf("tracking-parameter copy = %s, want unchanged", got)
	}
	if got := f.ingest(t, c); got != index.OutcomeAlias {
		t.Errorf("same content from another URL = %s, want alias", got)
	}
	n, err := f.st.CountItems(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("store holds %d items, want 1", n)
	}
	res := f.search(t, "tuần tra")
	if res.Total != 1 {
		t.Fatalf("search finds %d items, want 1", res.Total)
	}
	it, err := f.st.GetItem(context.Background(), res.Hits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(it.Aliases) != 1 || it.Aliases[0] != c.URL {
		t.Errorf("aliases = %v, want [%s]", it.Aliases, c.URL)
	}
	if !it.Flagged || it.Severity != index.SeverityMedium || len(it.Topics) != 1 || it.Topics[0] != "border" {
		t.Errorf("rules not applied: flagged=%v severity=%q topics=%v", it.Flagged, it.Severity, it.Topics)
	}
}

func TestUpdateKeepsPeoplesWork(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := borderStory
	a.URL = "https://baokontum.vn/a.html"
	f.ingest(t, a)
	id := ItemID("https://baokontum.vn/a.html")
	st := index.StatusReviewing
	if _, err := f.st.UpdateItem(ctx, "chuyenvien", id, index.ItemUpdate{Status: &st, Note: "cần theo dõi"}); err != nil {
		t.Fatal(err)
	}
	a.Body += "\n\nCập nhật: hai bên thống nhất kế hoạch tuần tra quý II."
	if got := f.ingest(t, a); got != index.OutcomeUpdated {
		t.Fatalf("changed story = %s, want updated", got)
	}
	it, err := f.st.GetItem(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if it.Status != index.StatusReviewing || len(it.Notes) != 1 {
		t.Errorf("status %q, %d notes after update; want reviewing and 1", it.Status, len(it.Notes))
	}
	if res := f.search(t, `"kế hoạch tuần tra"`); res.Total != 1 {
		t.Errorf("updated text not searchable: total %d", res.Total)
	}
}

func TestSyndicatedCopiesShareACluster(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := borderStory
	a.URL = "https://baokontum.vn/tuan-tra.html"
	b := borderStory
	b.URL = "https://bienphong.com.vn/tuan-tra-bien-gioi-viet-lao.html"
	b.Source = "bien-phong"
	b.Body = "(BP) – " + borderStory.Body
	other := index.Item{URL: "https://baokontum.vn/ca-phe.html", Title: "Giá cà phê Tây Nguyên tăng nhẹ",
		Body: "Giá cà phê nhân xô tại các tỉnh Tây Nguyên hôm nay tăng 500 đồng/kg, dao động 98.000 – 99.500 đồng/kg.", Language: "vi"}
	f.ingest(t, a)
	f.ingest(t, b)
	f.ingest(t, other)
	ia, _ := f.st.GetItem(ctx, ItemID(a.URL))
	ib, _ := f.st.GetItem(ctx, ItemID(b.URL))
	io, _ := f.st.GetItem(ctx, ItemID(other.URL))
	if ia.Cluster == "" || ia.Cluster != ib.Cluster {
		t.Errorf("copies clusters = %q, %q; want one shared cluster", ia.Cluster, ib.Cluster)
	}
	if io.Cluster != "" {
		t.Errorf("unrelated story cluster = %q, want none", io.Cluster)
	}
}

func TestBadArticlesAreRefused(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		it   index.Item
	}{
		{"no url", index.Item{Title: "Tiêu đề"}},
		{"not http", index.Item{URL: "javascript:alert(1)", Title: "x"}},
		{"no title", index.Item{URL: "https://a.vn/1", Title: "   "}},
		{"date out of range", index.Item{URL: "https://a.vn/2", Title: "x", PublishedAt: time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"future date", index.Item{URL: "https://a.vn/3", Title: "x", PublishedAt: time.Now().AddDate(1, 0, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := tt.it
			if _, err := f.g.Ingest(context.Background(), &it); err == nil {
				t.Error("want an error")
			}
		})
	}
	if n, _ := f.st.CountItems(context.Background()); n != 0 {
		t.Errorf("%d items stored from bad input", n)
	}
}

func TestLanguageDetectedWhenMissing(t *testing.T) {
	f := newFixture(t)
	it := index.Item{URL: "https://www.rfa.org/english/news/vietnam/highlands.html",
		Title: "Montagnard Christians say police pressure them to renounce their faith",
		Body:  "Members of an unregistered Protestant group in Vietnam's Central Highlands say local officials summoned them repeatedly and told them to stop gathering for worship in their homes, according to interviews conducted by the news service."}
	f.ingest(t, it)
	got, err := f.st.GetItem(context.Background(), ItemID(it.URL))
	if err != nil {
		t.Fatal(err)
	}
	if got.Language != "en" {
		t.Errorf("detected language %q, want en", got.Language)
	}
}

func TestKnownURLs(t *testing.T) {
	f := newFixture(t)
	a := borderStory
	a.URL = "https://baokontum.vn/known.html"
	f.ingest(t, a)
	got, err := f.g.Known(context.Background(), []string{
		"https://baokontum.vn/known.html?utm_source=rss#top", "https://baokontum.vn/other.html", "::bad",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !got["https://baokontum.vn/known.html?utm_source=rss#top"] || got["https://baokontum.vn/other.html"] || got["::bad"] {
		t.Errorf("Known = %v", got)
	}
}
