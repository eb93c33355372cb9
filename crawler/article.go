package crawler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/ttdn/monitor/crawler/extract"
	"github.com/ttdn/monitor/crawler/fetch"
	"github.com/ttdn/monitor/index"
)

// pageAccept is the Accept header for article pages.
const pageAccept = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"

// handle turns one candidate into an item (fetching its page when the
// feed had only a teaser, or for a site) and hands it to the sink. It
// counts the outcome in rep and returns the article's error, if any.
func (c *Crawler) handle(ctx context.Context, s index.Source, cd candidate, rep *SourceReport) error {
	if cd.NeedPage && c.known(ctx, s.Name, cd.URL) {
		rep.Skipped++
		return nil
	}
	it := &index.Item{
		URL: cd.URL, Source: s.Name, Origin: s.Origin, Country: s.Country,
		Title: cd.Title, Summary: cd.Summary, Body: cd.Body, Author: cd.Author,
		PublishedAt: cd.Published, FetchedAt: c.cfg.Now().UTC(),
	}
	declaredLang := cd.Language
	var pageErr error
	if cd.NeedPage {
		art, err := c.article(ctx, s, cd.URL)
		switch {
		case err == nil:
			mergeArticle(it, art)
			if declaredLang == "" {
				declaredLang = art.Language
			}
		case it.Body == "" && it.Summary == "":
			rep.Failed++
			return err
		default:
			// The feed's teaser goes in; the page's failure is reported.
			pageErr = err
			if it.Body == "" {
				it.Body = it.Summary
			}
		}
	}
	finishItem(it, s.Language, declaredLang)
	if it.Title == "" && it.Body == "" {
		rep.Failed++
		return fmt.Errorf("bài không có tiêu đề lẫn nội dung — %s", cd.URL)
	}
	out, err := c.sink.Ingest(ctx, it)
	if err != nil {
		rep.Failed++
		return fmt.Errorf("lưu bài %s: %w", cd.URL, err)
	}
	c.count(rep, s.Name, out)
	if cd.NeedPage && pageErr == nil {
		c.markSeen(s.Name, cd.URL)
	}
	if pageErr != nil {
		rep.Failed++
	}
	return pageErr
}

// article fetches and extracts one article page.
func (c *Crawler) article(ctx context.Context, s index.Source, u string) (*extract.Article, error) {
	resp, err := c.fetcher.Fetch(ctx, fetch.Request{URL: u, Accept: pageAccept, Jar: c.jar(s.Name)})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	art, err := extract.Page(resp.Body, resp.URL, extract.Options{ContentType: resp.ContentType, Charset: legacyCharset(s.Language)})
	if fm, ok := c.cfg.Metrics.(FetchMetrics); ok {
		fm.Extracted(time.Since(start))
	}
	if err != nil {
		return nil, fmt.Errorf("%w — %s", err, u)
	}
	return art, nil
}

// mergeArticle fills the item from its page: the page's text replaces the
// feed's teaser; the feed's title, date and author win when present.
func mergeArticle(it *index.Item, a *extract.Article) {
	if extract.WordCount(a.Body) > extract.WordCount(it.Body) {
		it.Body = a.Body
	}
	if it.Title == "" {
		it.Title = a.Title
	}
	if it.Summary == "" {
		it.Summary = a.Description
	}
	if it.Author == "" {
		it.Author = a.Author
	}
	if it.PublishedAt.IsZero() {
		it.PublishedAt = a.Published
	}
	it.CanonicalURL = a.Canonical
}

// finishItem normalises the text to NFC, dates to UTC, and sets the
// language: the source's, else detected from the text, else the one the
// feed or page declared.
func finishItem(it *index.Item, sourceLang, declared string) {
	it.Title = norm.NFC.String(strings.TrimSpace(it.Title))
	it.Summary = norm.NFC.String(strings.TrimSpace(it.Summary))
	it.Body = norm.NFC.String(strings.TrimSpace(it.Body))
	it.Author = norm.NFC.String(strings.TrimSpace(it.Author))
	if it.Summary == it.Body {
		it.Summary = firstParagraph(it.Body)
	}
	if it.PublishedAt.IsZero() {
		it.PublishedAt = it.FetchedAt
	}
	it.PublishedAt = it.PublishedAt.UTC()
	switch {
	case sourceLang != "":
		it.Language = sourceLang
	default:
		it.Language = extract.DetectLanguage(it.Title + "\n" + it.Body)
		if it.Language == "" {
			it.Language = declared
		}
	}
}

func firstParagraph(s string) string {
	if i := strings.Index(s, "\n\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// known reports whether the article page need not be fetched again.
func (c *Crawler) known(ctx context.Context, source, u string) bool {
	if c.wasSeen(source, u) {
		return true
	}
	k, ok := c.sink.(Known)
	if !ok {
		return false
	}
	got, err := k.Known(ctx, []string{u})
	return err == nil && got[u]
}

func (c *Crawler) count(rep *SourceReport, source string, out index.Outcome) {
	switch out {
	case index.OutcomeCreated:
		rep.Created++
	case index.OutcomeUpdated:
		rep.Updated++
	case index.OutcomeAlias:
		rep.Aliases++
	default:
		rep.Unchanged++
	}
	if c.cfg.Metrics != nil {
		c.cfg.Metrics.ItemIngested(source, out)
	}
}
