package ingest

import (
	"fmt"
	"strings"
	"time"

	"github.com/abadojack/whatlanggo"

	"github.com/ttdn/monitor/index"
)

// earliest is the oldest publication date the archive accepts.
var earliest = time.Date(1945, 1, 1, 0, 0, 0, 0, time.UTC)

// prepare normalises an article in place and checks it. Errors wrap
// index.ErrInvalid and name the field.
func (g *Ingester) prepare(it *index.Item) error {
	now := g.now().UTC()
	var err error
	if strings.TrimSpace(it.URL) == "" {
		return index.Invalid("url", "required")
	}
	if it.URL, err = CanonicalURL(it.URL); err != nil {
		return index.Invalid("url", "%v", err)
	}
	if it.CanonicalURL == "" {
		it.CanonicalURL = it.URL
	} else if it.CanonicalURL, err = CanonicalURL(it.CanonicalURL); err != nil {
		it.CanonicalURL = it.URL // a broken rel=canonical is the page's fault, not the item's
	}
	it.Title = cleanLine(it.Title)
	if it.Title == "" {
		return index.Invalid("title", "required")
	}
	it.Summary = cleanText(it.Summary)
	it.Body = cleanText(it.Body)
	it.Author = cleanLine(it.Author)
	if it.FetchedAt.IsZero() {
		it.FetchedAt = now
	}
	if it.PublishedAt.IsZero() {
		it.PublishedAt = it.FetchedAt
	}
	if it.PublishedAt.Before(earliest) || it.PublishedAt.After(now.Add(48*time.Hour)) {
		return index.Invalid("published_at", "%s is out of range (%d to two days from now)",
			it.PublishedAt.UTC().Format(time.DateOnly), earliest.Year())
	}
	it.PublishedAt, it.FetchedAt = it.PublishedAt.UTC(), it.FetchedAt.UTC()
	if it.Source == "" {
		it.Source = "import"
	}
	if it.Origin == "" {
		it.Origin = index.OriginDomestic
	}
	if !it.Origin.Valid() {
		return index.Invalid("origin", "%q is not domestic or foreign", it.Origin)
	}
	it.Language = strings.ToLower(strings.TrimSpace(it.Language))
	if it.Language == "" {
		it.Language = detectLanguage(it.Title + "\n" + it.Summary + "\n" + it.Body)
	}
	it.ContentHash = ContentHash(it)
	return nil
}

// detectLanguage names the language of text as an ISO 639-1 code, or "und".
func detectLanguage(text string) string {
	if len(text) > 4000 {
		text = text[:4000]
	}
	info := whatlanggo.Detect(text)
	if code := info.Lang.Iso6391(); code != "" && info.Confidence > 0.1 {
		return code
	}
	return "und"
}

// Validate checks an article as Ingest would, without storing it.
func (g *Ingester) Validate(it *index.Item) error {
	cp := *it
	if err := g.prepare(&cp); err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	return nil
}
