package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ttdn/monitor/index"
)

func TestOpenMappingVersion(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, rebuild, err := Open(dir)
	if err != nil || !rebuild {
		t.Fatalf("Open new: rebuild %v, err %v; want true, nil", rebuild, err)
	}
	if err := ix.Put(fixtures()[:3]); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, rebuild, err = Open(dir)
	if err != nil || rebuild {
		t.Fatalf("reopen: rebuild %v, err %v; want false, nil", rebuild, err)
	}
	if n, _ := ix.Count(); n != 3 {
		t.Errorf("Count after reopen = %d, want 3", n)
	}
	// The document table is loaded from the index's doc values.
	res, err := ix.Search(context.Background(), Request{Facets: true, Statuses: []string{"new"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 || len(res.Facets[fTopic]) != 2 || res.Facets[fMonth][0] != (FacetCount{"2021-06", 1}) {
		t.Errorf("after reopen: total %d, facets %v; want 2 new items, topics human_rights and religion", res.Total, res.Facets)
	}
	if res.Hits[0].ID != "vi-nhan-dan" {
		t.Errorf("after reopen, newest first: %s, want vi-nhan-dan", res.Hits[0].ID)
	}
	// An index built by an older mapping.
	if err := ix.bleve.SetInternal(versionKey, []byte("0")); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	ix, rebuild, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !rebuild || ix.RebuildReason() == "" {
		t.Errorf("Open after version change: rebuild %v, reason %q; want true and a reason", rebuild, ix.RebuildReason())
	}
	if n, _ := ix.Count(); n != 0 {
		t.Errorf("Count after version change = %d, want 0 (recreated empty)", n)
	}
	if got := storedVersion(ix.bleve); got != MappingVersion {
		t.Errorf("stored version = %d, want %d", got, MappingVersion)
	}
}

func TestOpenUnreadableIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, rebuild, err := Open(dir)
	if err != nil {
		t.Fatalf("Open over a corrupt index: %v", err)
	}
	defer ix.Close()
	if !rebuild {
		t.Error("needsRebuild = false, want true")
	}
	if err := ix.Put(fixtures()[:1]); err != nil {
		t.Errorf("Put into the recreated index: %v", err)
	}
}

func TestPutReplaceDelete(t *testing.T) {
	ix := openFixtures(t)
	n, err := ix.Count()
	if err != nil || int(n) != len(fixtures()) {
		t.Fatalf("Count = %d, %v; want %d", n, err, len(fixtures()))
	}
	// Replacing an item re-indexes its text.
	it := fixtures()[0]
	it.Title, it.Summary, it.Body = "Tin đã sửa", "", "Nội dung mới về cửa khẩu Bờ Y."
	if err := ix.Put([]*index.Item{it}); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, ix, Request{}, `"tọa đàm"`); len(got) != 0 {
		t.Errorf("old text still found in %v", got)
	}
	if got := searchIDs(t, ix, Request{}, `"cửa khẩu"`); len(got) != 1 || got[0] != it.ID {
		t.Errorf("new text: got %v, want [%s]", got, it.ID)
	}
	if err := ix.Delete([]string{it.ID, "no-such-id"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); int(n) != len(fixtures())-1 {
		t.Errorf("Count after Delete = %d, want %d", n, len(fixtures())-1)
	}
	if err := ix.Put([]*index.Item{{Title: "no id"}}); !errors.Is(err, index.ErrInvalid) {
		t.Errorf("Put without id: err %v, want ErrInvalid", err)
	}
}

func TestSearchPagingAndSort(t *testing.T) {
	ix := openFixtures(t)
	ctx := context.Background()
	res, err := ix.Search(ctx, Request{Size: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != len(fixtures()) || len(res.Hits) != 3 {
		t.Errorf("Size 3: total %d, hits %d; want %d, 3", res.Total, len(res.Hits), len(fixtures()))
	}
	if got := res.Hits[0].ID; got != "en-dak" {
		t.Errorf("empty query sorts newest first: first %s, want en-dak", got)
	}
	next, err := ix.Search(ctx, Request{Size: 3, Offset: 3})
	if err != nil {
		t.Fatal(err)
	}
	if next.Hits[0].ID == res.Hits[2].ID || next.Hits[0].ID == res.Hits[0].ID {
		t.Errorf("Offset 3 repeats a hit of the first page: %s", next.Hits[0].ID)
	}
	sev, err := ix.Search(ctx, Request{Sort: SortSeverity, Size: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"vi-ton-giao-near", "vi-nhan-quyen", "vi-nhan-quyen-nfd"}
	for i, h := range sev.Hits {
		if h.ID != want[i] {
			t.Errorf("severity sort hit %d = %s, want %s", i, h.ID, want[i])
		}
	}
	for _, bad := range []Request{{Sort: "oldest"}, {Size: -1}, {Month: "06/2021"}} {
		if _, err := ix.Search(ctx, bad); !errors.Is(err, index.ErrInvalid) {
			t.Errorf("Search(%+v): err %v, want ErrInvalid", bad, err)
		}
	}
}
