package search

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/rules"
)

// search runs a query written in the rule language and returns the ids
// of all hits, sorted.
func searchIDs(t *testing.T, ix *Index, req Request, expr string) []string {
	t.Helper()
	q, err := rules.Parse(expr)
	if err != nil {
		t.Fatalf("Parse(%q): %v", expr, err)
	}
	req.Query = q
	req.Size = 1000
	res, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("Search(%q): %v", expr, err)
	}
	ids := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if res.Total != len(ids) {
		t.Errorf("Search(%q): Total = %d, want %d (all hits returned)", expr, res.Total, len(ids))
	}
	slices.Sort(ids)
	return ids
}

func allIDs() []string {
	var ids []string
	for _, it := range fixtures() {
		ids = append(ids, it.ID)
	}
	slices.Sort(ids)
	return ids
}

func except(drop ...string) []string {
	return slices.DeleteFunc(allIDs(), func(id string) bool { return slices.Contains(drop, id) })
}

func TestSearchQueries(t *testing.T) {
	ix := openFixtures(t)
	nhanQuyen := []string{"vi-nhan-quyen", "vi-nhan-quyen-nfd"}
	dak := []string{"en-dak", "vi-dak-acute", "vi-dak-breve", "vi-nhan-quyen", "vi-tay-nguyen-body"}
	kontum := []string{"en-checkpoints", "fr-frontiere", "vi-dak-breve", "vi-nhan-dan", "vi-nhan-quyen", "vi-nhan-quyen-nfd", "vi-ton-giao-far"}
	tests := []struct {
		name, expr string
		want       []string
	}{
		{"phrase with diacritics", `"nhân quyền"`, nhanQuyen},
		{"phrase folded", `"nhan quyen"`, nhanQuyen},
		{"phrase upper case", `"NHÂN QUYỀN"`, nhanQuyen},
		{"phrase NFD", norm.NFD.String(`"nhân quyền"`), nhanQuyen},
		{"bare words are anded", `nhân quyền`, []string{"vi-cross", "vi-nhan-dan", "vi-nhan-quyen", "vi-nhan-quyen-nfd"}},
		{"old tone placement", `hoà`, []string{"vi-hoa-new", "vi-hoa-old"}},
		{"new tone placement", `hòa`, []string{"vi-hoa-new", "vi-hoa-old"}},
		{"Đắk", `Đắk`, dak},
		{"Đăk", `Đăk`, dak},
		{"Dak", `Dak`, dak},
		{"dak lower", `dak`, dak},
		{"exact breve", `="Đăk"`, []string{"vi-dak-breve"}},
		{"exact acute", `=Đắk`, []string{"vi-dak-acute", "vi-nhan-quyen"}},
		{"exact phrase", `="Đắk Glei"`, []string{"vi-dak-acute", "vi-nhan-quyen"}},
		{"exact phrase not adjacent", `="Glei Đắk"`, nil},
		{"english stem singular", `checkpoint`, []string{"en-checkpoints", "en-dak"}},
		{"english stem plural", `checkpoints`, []string{"en-checkpoints", "en-dak"}},
		{"english plural in title scope", `title:checkpoint`, []string{"en-checkpoints"}},
		{"french folding", `frontiere`, []string{"fr-frontiere"}},
		{"french plural", `frontières`, []string{"fr-frontiere"}},
		{"french elision", `armée`, []string{"fr-frontiere"}},
		{"two-word phrase", `"biên giới"`, []string{"vi-hoa-new", "vi-hoa-old"}},
		{"three-word phrase", `"biên giới quốc gia"`, []string{"vi-hoa-old"}},
		{"three-word phrase, bigrams apart", `"giới quốc phòng"`, []string{"vi-hoa-new"}},
		{"phrase across summary and body", `"của nhân quyền"`, nil},
		{"phrase words reversed", `"quyền nhân"`, nil},
		{"word prefix", `biên*`, []string{"vi-hoa-new", "vi-hoa-old", "vi-tu-doanh"}},
		{"phrase prefix", `"tự do"*`, []string{"vi-nhan-quyen-nfd", "vi-tu-do", "vi-tu-doanh"}},
		{"long phrase prefix", `"tự do tín"*`, []string{"vi-tu-do"}},
		{"long phrase prefix no match", `"tự doanh tín"*`, nil},
		{"exact prefix", `=Đắ*`, []string{"vi-dak-acute", "vi-nhan-quyen"}},
		{"near adjacent reversed", `"tôn giáo" NEAR/3 "đàn áp"`, []string{"vi-ton-giao-near"}},
		{"near five between", `"tôn giáo" NEAR/5 "đàn áp"`, []string{"vi-ton-giao-mid", "vi-ton-giao-near"}},
		{"near four is too close", `"tôn giáo" NEAR/4 "đàn áp"`, []string{"vi-ton-giao-near"}},
		{"near other order", `"đàn áp" NEAR/5 "tôn giáo"`, []string{"vi-ton-giao-mid", "vi-ton-giao-near"}},
		{"near far", `"tôn giáo" NEAR/30 "đàn áp"`, []string{"vi-ton-giao-far", "vi-ton-giao-mid", "vi-ton-giao-near"}},
		{"near or", `"tôn giáo" NEAR/2 ("đàn áp" OR "bình thường")`, []string{"vi-ton-giao-mid", "vi-ton-giao-near"}},
		{"near words", `checkpoints NEAR/3 reopened`, []string{"en-checkpoints"}},
		{"and not", `"Kon Tum" AND NOT "du lịch"`, []string{"en-checkpoints", "fr-frontiere", "vi-nhan-quyen", "vi-nhan-quyen-nfd", "vi-ton-giao-far"}},
		{"pure not", `NOT "Kon Tum"`, except(kontum...)},
		{"not of nothing", `NOT khôngcótừnày`, allIDs()},
		{"nothing and not", `khôngcótừnày AND NOT "Kon Tum"`, nil},
		{"or", `"Bờ Y" OR "Bo Y"`, []string{"en-checkpoints", "vi-hoa-new"}},
		{"title scope", `title:"Tây Nguyên"`, []string{"vi-nhan-quyen"}},
		{"body scope", `body:"Tây Nguyên"`, []string{"vi-tay-nguyen-body", "vi-ton-giao-near"}},
		{"any scope", `"Tây Nguyên"`, []string{"vi-nhan-quyen", "vi-tay-nguyen-body", "vi-ton-giao-near"}},
		{"hyphenated", `Kon-Tum`, kontum},
		{"star", `*`, allIDs()},
		{"empty", ``, allIDs()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := searchIDs(t, ix, Request{}, tt.expr)
			if diff := cmp.Diff(tt.want, got, cmpEmpty); diff != "" {
				t.Errorf("Search(%q) ids (-want +got):\n%s", tt.expr, diff)
			}
		})
	}
}

// cmpEmpty treats nil and empty slices as equal.
var cmpEmpty = cmp.Transformer("empty", func(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
})

func TestSearchExactRanksFirst(t *testing.T) {
	ix := openFixtures(t)
	tests := []struct {
		expr  string
		exact []string // the ids that spell the query as written
	}{
		{`Đắk`, []string{"vi-dak-acute", "vi-nhan-quyen"}},
		{`Đăk`, []string{"vi-dak-breve"}},
		{`"Đắk Glei"`, []string{"vi-dak-acute", "vi-nhan-quyen"}},
		{`hoà`, []string{"vi-hoa-old"}},
		{`hòa`, []string{"vi-hoa-new"}},
		// compound queries: the tiers of every positive term count
		{`Đăk OR hòa`, []string{"vi-dak-breve", "vi-hoa-new"}},
		{`(Đăk OR zzz) AND NOT hoà`, []string{"vi-dak-breve"}},
	}
	for _, tt := range tests {
		q, err := rules.Parse(tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) <= len(tt.exact) {
			t.Fatalf("%s: %d hits, want more than %d", tt.expr, len(res.Hits), len(tt.exact))
		}
		var top []string
		for _, h := range res.Hits[:len(tt.exact)] {
			top = append(top, h.ID)
		}
		slices.Sort(top)
		if !slices.Equal(top, tt.exact) {
			t.Errorf("%s: top hits %v, want %v first; all hits %+v", tt.expr, top, tt.exact, res.Hits)
		}
	}
}

func TestSearchFilters(t *testing.T) {
	ix := openFixtures(t)
	june := []string{"en-checkpoints", "fr-frontiere", "vi-nhan-quyen", "vi-nhan-quyen-nfd"}
	yes, no := true, false
	tests := []struct {
		name string
		req  Request
		want []string
	}{
		{"date range inclusive both ends", Request{From: time.Date(2021, 6, 1, 0, 0, 0, 0, ict), To: time.Date(2021, 6, 30, 0, 0, 0, 0, ict)}, june},
		{"one day", Request{From: time.Date(2021, 6, 30, 0, 0, 0, 0, ict), To: time.Date(2021, 6, 30, 0, 0, 0, 0, ict)}, []string{"vi-nhan-quyen-nfd"}},
		{"from only", Request{From: time.Date(2022, 2, 2, 0, 0, 0, 0, ict)}, []string{"en-dak", "vi-dak-acute"}},
		{"to only", Request{To: time.Date(2021, 3, 15, 0, 0, 0, 0, ict)}, []string{"vi-hoa-old"}},
		{"month", Request{Month: "2021-06"}, june},
		{"topic", Request{Topics: []string{"religion"}}, []string{"vi-nhan-quyen-nfd", "vi-ton-giao-mid", "vi-ton-giao-near", "vi-tu-do"}},
		{"topics any of", Request{Topics: []string{"religion", "border"}}, []string{"en-checkpoints", "fr-frontiere", "vi-hoa-old", "vi-nhan-quyen-nfd", "vi-ton-giao-mid", "vi-ton-giao-near", "vi-tu-do"}},
		{"origin and language", Request{Origins: []string{"foreign"}, Languages: []string{"en"}}, []string{"en-checkpoints", "en-dak"}},
		{"status", Request{Statuses: []string{"flagged"}}, []string{"en-checkpoints", "vi-nhan-quyen", "vi-ton-giao-near"}},
		{"flagged", Request{Flagged: &yes, Sources: []string{"bao-dan-toc"}}, []string{"vi-nhan-quyen-nfd", "vi-ton-giao-near"}},
		{"not flagged", Request{Flagged: &no, Topics: []string{"border"}}, []string{"fr-frontiere", "vi-hoa-old"}},
		{"tags", Request{Tags: []string{"toa-dam"}}, []string{"vi-nhan-quyen"}},
	}
	for _, tt := range tests {
		// The empty query filters the document table alone; a real query
		// filters bleve's hits.
		for _, expr := range []string{"", "NOT khôngcótừnày"} {
			t.Run(tt.name+"/"+expr, func(t *testing.T) {
				got := searchIDs(t, ix, tt.req, expr)
				if diff := cmp.Diff(tt.want, got, cmpEmpty); diff != "" {
					t.Errorf("ids (-want +got):\n%s", diff)
				}
			})
		}
	}
	t.Run("filter with query that matches nothing", func(t *testing.T) {
		got := searchIDs(t, ix, Request{Month: "2021-06"}, "khôngcótừnày")
		if len(got) != 0 {
			t.Errorf("got %v, want none", got)
		}
	})
	t.Run("filter with query", func(t *testing.T) {
		got := searchIDs(t, ix, Request{Month: "2021-06"}, `"Kon Tum"`)
		if diff := cmp.Diff(june, got); diff != "" {
			t.Errorf("ids (-want +got):\n%s", diff)
		}
	})
}

// In a compound query a phrase's exact tier stays tied to the phrase: a
// document that matched another branch, and holds the phrase's words only
// scattered, gets no exact-spelling bonus from it.
func TestSearchPhraseTierStaysWithPhrase(t *testing.T) {
	ix, _, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	mk := func(id, title, body string) *index.Item {
		return &index.Item{ID: id, Title: title, Body: body, Source: "Báo Quảng Ngãi", Origin: index.OriginDomestic,
			Language: "vi", Status: index.StatusNew, PublishedAt: time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC)}
	}
	if err := ix.Put([]*index.Item{
		mk("scattered", "Tin dak ha", "Đất tốt, quyền lợi của dân, sử sách địa phương, dụng cụ nông nghiệp."),
		mk("phrase", "Tin khác", "Tranh chấp quyền sử dụng đất kéo dài ở thôn 3."),
	}); err != nil {
		t.Fatal(err)
	}
	q, err := rules.Parse(`"quyền sử dụng đất" OR "Đắk Hà"`)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Request{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	score := map[string]float64{}
	for _, h := range res.Hits {
		score[h.ID] = h.Score
	}
	if len(score) != 2 || score["phrase"] < score["scattered"]+exactScore/4 {
		t.Errorf("scores %v: the exact phrase must rank a tier above scattered words", score)
	}
}
