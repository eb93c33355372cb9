// Package feed parses RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed documents
// the fetch layer brought back, with gofeed, after decoding them to NFC
// UTF-8. It does no HTTP.
package feed

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/ttdn/monitor/crawler/extract"
	"github.com/ttdn/monitor/crawler/fetch"
)

// Sentinel errors of Parse, with texts for a source's health.
var (
	// ErrMalformed: the document claims to be a feed but does not parse.
	ErrMalformed = errors.New("nguồn tin RSS/Atom bị lỗi cú pháp")
	// ErrNotFeed: the document is an HTML page or something else, not a feed.
	ErrNotFeed = errors.New("địa chỉ không trả về nguồn tin RSS/Atom/JSON Feed")
)

// Feed is a parsed feed.
type Feed struct {
	Title    string
	Language string // ISO 639-1 when the feed declares it
	Format   string // rss, atom, json
	Version  string
	Entries  []Entry
}

// Entry is one feed entry as plain text.
type Entry struct {
	GUID      string
	Link      string // absolute
	Title     string
	Summary   string // plain text of the description/summary
	Content   string // plain text of the full content, when the feed has it
	Author    string
	Published time.Time // zero when the feed gives none
}

// Parse parses a feed fetched from feedURL with the given Content-Type.
// charset is the legacy charset to assume for undeclared non-UTF-8 bytes
// ("" for windows-1252). Errors match ErrMalformed or ErrNotFeed.
func Parse(body []byte, contentType, feedURL, charset string) (*Feed, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%w: nội dung trống", ErrNotFeed)
	}
	var doc []byte
	if trimmed[0] == '{' || trimmed[0] == '[' {
		doc, _ = fetch.DecodeHTML(trimmed, "application/json; charset=utf-8", charset)
	} else {
		doc, _ = fetch.DecodeXML(body, contentType, charset)
	}
	gf, err := parseSafely(doc)
	if err != nil {
		if fixed := salvage(doc); fixed != nil {
			if g, err2 := parseSafely(fixed); err2 == nil {
				gf, err = g, nil
			}
		}
	}
	if err != nil {
		if looksLikeHTML(doc) {
			return nil, ErrNotFeed
		}
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, ErrNotFeed
		}
		return nil, fmt.Errorf("%w: %s", ErrMalformed, shortErr(err))
	}
	base, _ := url.Parse(feedURL)
	if gf.Link != "" && base != nil {
		if l, err := base.Parse(gf.Link); err == nil && l.Host == base.Host {
			base = l
		}
	}
	f := &Feed{Title: clean(gf.Title), Language: langCode(gf.Language), Format: gf.FeedType, Version: gf.FeedVersion}
	for _, it := range gf.Items {
		if it == nil {
			continue
		}
		f.Entries = append(f.Entries, entry(it, base))
	}
	return f, nil
}

// parseSafely runs gofeed, turning a panic on hostile input into an error.
func parseSafely(doc []byte) (f *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("parser panic: %v", r)
		}
	}()
	return gofeed.NewParser().Parse(bytes.NewReader(doc))
}

func entry(it *gofeed.Item, base *url.URL) Entry {
	e := Entry{GUID: strings.TrimSpace(it.GUID), Title: clean(it.Title)}
	link := strings.TrimSpace(it.Link)
	if link == "" && len(it.Links) > 0 {
		link = strings.TrimSpace(it.Links[0])
	}
	if link == "" && strings.HasPrefix(e.GUID, "http") {
		link = e.GUID
	}
	if link != "" && base != nil {
		if u, err := base.Parse(link); err == nil {
			link = u.String()
		}
	}
	e.Link = link
	e.Summary = extract.HTMLText(it.Description)
	e.Content = extract.HTMLText(it.Content)
	if e.Title != "" && e.Title == e.Summary {
		e.Summary = ""
	}
	switch {
	case it.Author != nil && it.Author.Name != "":
		e.Author = clean(it.Author.Name)
	case len(it.Authors) > 0 && it.Authors[0] != nil:
		e.Author = clean(firstNonEmpty(it.Authors[0].Name, it.Authors[0].Email))
	}
	switch {
	case it.PublishedParsed != nil:
		e.Published = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		e.Published = it.UpdatedParsed.UTC()
	}
	return e
}

// SummaryOnly reports whether an entry carries only a teaser, so that
// the article page must be fetched for the full text.
func (e Entry) SummaryOnly() bool {
	return extract.WordCount(e.Content) < 120 && extract.WordCount(e.Summary) < 120
}

// Text returns the entry's fullest text.
func (e Entry) Text() string {
	if extract.WordCount(e.Content) >= extract.WordCount(e.Summary) {
		return e.Content
	}
	return e.Summary
}

// salvage returns a repaired copy of a feed gofeed rejected, or nil: a
// feed element wrapped in an HTML page is cut out, and a document cut
// short gets its closing tags.
func salvage(doc []byte) []byte {
	for _, el := range []struct{ open, close string }{{"<feed", "</feed>"}, {"<rss", "</rss>"}, {"<rdf:RDF", "</rdf:RDF>"}} {
		i := bytes.Index(doc, []byte(el.open))
		if i < 0 {
			continue
		}
		rest := doc[i:]
		if j := bytes.LastIndex(rest, []byte(el.close)); j >= 0 {
			return append([]byte{}, rest[:j+len(el.close)]...)
		}
		// Cut short: close what a feed of this kind leaves open.
		out := append([]byte{}, rest...)
		switch el.open {
		case "<rss":
			if bytes.Contains(out, []byte("<channel")) && !bytes.Contains(out, []byte("</channel>")) {
				out = append(out, "</channel>"...)
			}
			out = append(out, "</rss>"...)
		default:
			out = append(out, el.close...)
		}
		return out
	}
	return nil
}

func looksLikeHTML(doc []byte) bool {
	head := doc
	if len(head) > 1024 {
		head = head[:1024]
	}
	h := bytes.ToLower(bytes.TrimSpace(head))
	return bytes.HasPrefix(h, []byte("<!doctype html")) || bytes.HasPrefix(h, []byte("<html")) || bytes.HasPrefix(h, []byte("<head"))
}

func clean(s string) string { return strings.Join(strings.Fields(extract.HTMLText(s)), " ") }

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func langCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	if len(s) != 2 {
		return ""
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
