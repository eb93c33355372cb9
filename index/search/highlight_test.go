package search

import (
	"context"
	"html"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/rules"
)

func highlighted(t *testing.T, ix *Index, expr, id string) Hit {
	t.Helper()
	q, err := rules.Parse(expr)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Request{Query: q, Highlight: true, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.ID == id {
			return h
		}
	}
	t.Fatalf("%s: %s not among the hits %+v", expr, id, res.Hits)
	return Hit{}
}

// unmark removes the <mark> tags, leaving the escaped text.
func unmark(s string) string {
	return strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
}

func TestHighlight(t *testing.T) {
	ix := openFixtures(t)
	odd := &index.Item{ID: "vi-html", Source: "bao-kon-tum", Language: "vi", Status: index.StatusNew,
		Title:       `Tin "nóng" <b>Kon Tum</b> & Gia Lai`,
		Body:        `Ở Kon Tum, "nhân quyền" <script>alert(1)</script> & biên giới.`,
		PublishedAt: time.Date(2023, 1, 1, 0, 0, 0, 0, ict)}
	if err := ix.Put([]*index.Item{odd}); err != nil {
		t.Fatal(err)
	}
	nfdTitle := norm.NFD.String("NHÂN QUYỀN")
	tests := []struct {
		name, expr, id   string
		title            string   // whole marked title; "" to skip
		snippetContains  []string // each must appear in some snippet
		originalTitle    string
		originalSnippets bool
	}{
		{name: "NFD text, NFC query", expr: `"nhân quyền"`, id: "vi-nhan-quyen-nfd",
			title:           html.EscapeString(norm.NFD.String("BÁC BỎ LUẬN ĐIỆU SAI TRÁI VỀ ")) + "<mark>" + nfdTitle + "</mark>",
			snippetContains: []string{"<mark>" + norm.NFD.String("nhân quyền") + "</mark>"}},
		{name: "folded query marks diacritics", expr: `"nhan quyen"`, id: "vi-nhan-quyen",
			title:           "Tọa đàm về công tác <mark>nhân quyền</mark> ở Tây Nguyên",
			snippetContains: []string{"bảo đảm <mark>nhân quyền</mark> trong", "tình hình <mark>nhân quyền</mark> ở"}},
		{name: "words of an AND", expr: `Đắk sâm`, id: "vi-dak-acute",
			title: "<mark>Đắk</mark> Glei mở rộng trồng <mark>sâm</mark> Ngọc Linh"},
		{name: "english stem", expr: `checkpoint`, id: "en-checkpoints",
			title:           "Border <mark>checkpoints</mark> reopen between Vietnam and Laos",
			snippetContains: []string{"two smaller <mark>checkpoints</mark> reopened"}},
		{name: "prefix", expr: `biên*`, id: "vi-hoa-old",
			title: "Giữ gìn hoà bình, ổn định vùng <mark>biên</mark> giới"},
		{name: "not is not marked", expr: `"Kon Tum" AND NOT "du lịch"`, id: "fr-frontiere",
			snippetContains: []string{"près de <mark>Kon Tum</mark> ;"}},
		{name: "html escaped", expr: `"Kon Tum" "nhân quyền"`, id: "vi-html",
			title:           "Tin &#34;nóng&#34; &lt;b&gt;<mark>Kon Tum</mark>&lt;/b&gt; &amp; Gia Lai",
			snippetContains: []string{"&#34;<mark>nhân quyền</mark>&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp;"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := highlighted(t, ix, tt.expr, tt.id)
			if tt.title != "" && h.Title != tt.title {
				t.Errorf("Title\n got %q\nwant %q", h.Title, tt.title)
			}
			all := strings.Join(h.Snippets, "\n")
			for _, want := range tt.snippetContains {
				if !strings.Contains(all, want) {
					t.Errorf("snippets %q lack %q", h.Snippets, want)
				}
			}
			if len(h.Snippets) == 0 || len(h.Snippets) > maxSnippets {
				t.Errorf("%d snippets, want 1..%d", len(h.Snippets), maxSnippets)
			}
			if strings.Contains(all, "<script") || strings.Contains(h.Title, "<b>") {
				t.Errorf("unescaped HTML: %q %q", h.Title, h.Snippets)
			}
		})
	}
}

func TestHighlightSnippetsAreOriginalText(t *testing.T) {
	ix := openFixtures(t)
	q, err := rules.Parse(`"Kon Tum" OR "nhân quyền" OR biên* OR Đắk OR ="Đắk Glei"`)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Request{Query: q, Highlight: true, Size: 100})
	if err != nil || len(res.Hits) < 10 {
		t.Fatalf("search: %d hits, %v", len(res.Hits), err)
	}
	items := map[string]*index.Item{}
	for _, it := range fixtures() {
		items[it.ID] = it
	}
	for _, h := range res.Hits {
		it := items[h.ID]
		if !strings.Contains(h.Title+strings.Join(h.Snippets, ""), "<mark>") {
			t.Errorf("%s: nothing marked", it.ID)
		}
		for _, s := range h.Snippets {
			plain := html.UnescapeString(unmark(strings.Trim(s, "…")))
			if !strings.Contains(it.Summary+"\n"+it.Body, plain) {
				t.Errorf("%s: snippet %q is not a piece of the original text", it.ID, plain)
			}
		}
		if got := html.UnescapeString(unmark(h.Title)); got != it.Title {
			t.Errorf("%s: title %q, want the original %q", it.ID, got, it.Title)
		}
	}
}

func TestSnippetWindows(t *testing.T) {
	words := make([]string, 200)
	for i := range words {
		words[i] = "lời"
	}
	words[10], words[100], words[105], words[150] = "Kon", "Kon", "Kon", "Kon"
	body := strings.Join(words, " ")
	d := &storedDoc{body: []string{body}}
	q, _ := rules.Parse("kon")
	h := &highlighter{terms: positiveTerms(q, nil)}
	_, snippets := h.highlight(d)
	if len(snippets) != maxSnippets {
		t.Fatalf("%d snippets, want %d: %q", len(snippets), maxSnippets, snippets)
	}
	if n := strings.Count(snippets[1], "<mark>Kon</mark>"); n != 2 {
		t.Errorf("second snippet has %d marks, want 2 (nearby matches share a window): %q", n, snippets[1])
	}
	for _, s := range snippets {
		if !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") {
			t.Errorf("inner snippet %q should start and end with …", s)
		}
	}
}
