package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ttdn/monitor/index"
)

func TestSources(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	feed := index.Source{Name: "bao-kon-tum", Title: "Báo Kon Tum", Kind: index.KindFeed, URL: "https://baokontum.example.vn/rss/home.rss",
		Origin: index.OriginDomestic, Country: "VN", Language: "vi", Interval: 30 * time.Minute, Enabled: true}
	site := index.Source{Name: "rfa-vn", Kind: index.KindSite, URL: "https://rfa.example.org/vietnamese/",
		Origin: index.OriginForeign, Language: "vi", LinkSelector: "article h2 a", Enabled: true}
	for _, src := range []index.Source{site, feed} {
		if err := s.UpsertSource(ctx, "system", src); err != nil {
			t.Fatal(err)
		}
	}
	if n := countRows(t, s, `SELECT COUNT(*) FROM audit_events`); n != 0 {
		t.Errorf("configuration loaded by system wrote %d audit events", n)
	}
	h := index.SourceHealth{LastAttempt: day(t, "2021-06-01", 8), LastSuccess: day(t, "2021-06-01", 7), LastError: "HTTP 503 Service Unavailable",
		ConsecutiveFailures: 2, NextDue: day(t, "2021-06-01", 9), ETag: `W/"5e1-abc"`, LastModified: "Tue, 01 Jun 2021 07:00:00 GMT", ItemsSeen: 41}
	if err := s.SaveHealth(ctx, "bao-kon-tum", h); err != nil {
		t.Fatal(err)
	}
	// the config is loaded again at the next start: health stays
	feed.Title = "Báo Kon Tum điện tử"
	if err := s.UpsertSource(ctx, "system", feed); err != nil {
		t.Fatal(err)
	}
	got, err := s.ListSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []index.Source{feed, site}
	want[0].Health = h
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ListSources (-want +got):\n%s", diff)
	}
	if err := s.SaveHealth(ctx, "none", h); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("SaveHealth(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := s.GetSource(ctx, "none"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("GetSource(unknown) = %v, want ErrNotFound", err)
	}
	bad := []struct {
		name string
		edit func(*index.Source)
	}{
		{"name not a slug", func(s *index.Source) { s.Name = "Báo Kon Tum" }},
		{"kind", func(s *index.Source) { s.Kind = "api" }},
		{"origin", func(s *index.Source) { s.Origin = "local" }},
		{"url scheme", func(s *index.Source) { s.URL = "ftp://example.org/feed" }},
		{"url relative", func(s *index.Source) { s.URL = "/rss" }},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			src := feed
			src.Name = "x"
			tt.edit(&src)
			if err := s.UpsertSource(ctx, "admin", src); !errors.Is(err, index.ErrInvalid) {
				t.Errorf("UpsertSource = %v, want ErrInvalid", err)
			}
		})
	}
	if err := s.SetSourceEnabled(ctx, "admin", "rfa-vn", false); err != nil {
		t.Fatal(err)
	}
	if src, _ := s.GetSource(ctx, "rfa-vn"); src.Enabled {
		t.Error("source still enabled")
	}
}

// An OPML import saves all its sources or none: one bad source leaves the
// store as it was.
func TestUpsertSourcesAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	good := index.Source{Name: "vnexpress", Kind: index.KindFeed, URL: "https://vnexpress.example.net/rss/thoi-su.rss",
		Origin: index.OriginDomestic, Language: "vi", Enabled: true}
	bad := index.Source{Name: "hong", Kind: index.KindFeed, URL: "ftp://khong-hop-le", Origin: index.OriginForeign, Enabled: true}
	if err := s.UpsertSources(ctx, "admin", []index.Source{good, bad}); !errors.Is(err, index.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	if srcs, err := s.ListSources(ctx); err != nil || len(srcs) != 0 {
		t.Fatalf("after a refused import: %d sources (%v), want none", len(srcs), err)
	}
	second := good
	second.Name, second.URL = "tuoi-tre", "https://tuoitre.example.vn/rss/tin-moi-nhat.rss"
	if err := s.UpsertSources(ctx, "admin", []index.Source{good, second}); err != nil {
		t.Fatal(err)
	}
	if srcs, _ := s.ListSources(ctx); len(srcs) != 2 {
		t.Errorf("%d sources, want 2", len(srcs))
	}
	if n := countRows(t, s, `SELECT COUNT(*) FROM audit_events WHERE action = 'source.save'`); n != 2 {
		t.Errorf("%d audit events, want one per source", n)
	}
}
