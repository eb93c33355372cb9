// Package extract turns an article page into plain text and metadata: the
// main text with go-trafilatura (navigation, ads, comments and related
// lists left out), and title, author, publication time and canonical URL
// from the page's meta tags and JSON-LD. It keeps no HTML: every string it
// returns is plain text.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/ttdn/monitor/crawler/fetch"
)

// ErrNoContent means the page has no article text the extractor could find.
var ErrNoContent = errors.New("không tìm thấy nội dung bài viết trên trang")

// Article is what a page says about itself, as plain text.
type Article struct {
	Title       string
	Author      string
	Canonical   string // absolute; from rel=canonical, else og:url
	Description string
	Body        string // paragraphs separated by blank lines
	Published   time.Time
	Language    string // from the page's lang attribute (ISO 639-1), may be empty
}

// Options tune one extraction.
type Options struct {
	ContentType string // the response's, for the charset
	Charset     string // fallback legacy charset for undeclared bytes
}

// Page extracts the article from an HTML page fetched from pageURL. It
// returns ErrNoContent when the page has no main text, and a parse error
// for a document that is not HTML at all.
func Page(body []byte, pageURL string, opts Options) (*Article, error) {
	utf8Body, _ := fetch.DecodeHTML(body, opts.ContentType, opts.Charset)
	doc, err := html.Parse(bytes.NewReader(utf8Body))
	if err != nil {
		return nil, fmt.Errorf("đọc HTML: %w", err)
	}
	base, _ := url.Parse(pageURL)
	meta := readMeta(doc)
	a := &Article{
		Author:      firstNonEmpty(meta.ldAuthor, meta.author),
		Canonical:   absolute(base, firstNonEmpty(meta.canonical, meta.ogURL)),
		Description: meta.description,
		Published:   meta.ldPublished,
		Language:    langCode(meta.lang),
	}
	if a.Published.IsZero() {
		a.Published = meta.published
	}
	res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
		OriginalURL:     base,
		EnableFallback:  true,
		ExcludeComments: true,
		Deduplicate:     true,
		HtmlDateMode:    trafilatura.Fast,
	})
	if err != nil || res == nil || res.ContentNode == nil {
		return a, ErrNoContent
	}
	a.Body = NodeText(res.ContentNode)
	a.Title = firstNonEmpty(res.Metadata.Title, meta.ldHeadline, meta.ogTitle, meta.title)
	if a.Author == "" {
		a.Author = res.Metadata.Author
	}
	if a.Published.IsZero() && !res.Metadata.Date.IsZero() {
		a.Published = res.Metadata.Date
	}
	if a.Description == "" {
		a.Description = res.Metadata.Description
	}
	if a.Body == "" {
		return a, ErrNoContent
	}
	return a, nil
}

// absolute resolves ref against base; it returns "" for anything but an
// http(s) URL.
func absolute(base *url.URL, ref string) string {
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// langCode turns "vi-VN" or "en_GB" into "vi" or "en".
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
