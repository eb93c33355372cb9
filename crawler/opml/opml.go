// Package opml reads and writes source lists as OPML 2.0, the format every
// feed reader imports and exports. Parse accepts what Miniflux, Feedly and
// other readers write (nested category outlines, OPML 1.0 or 2.0); Write
// keeps the monitor's own fields (name, kind, origin, country, interval,
// enabled, link selector) in plain ttdn* attributes that other readers
// ignore, so an export round-trips.
package opml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/ttdn/monitor/crawler/catalog"
	"github.com/ttdn/monitor/index"
)

// MaxBytes is the largest OPML file Parse reads.
const MaxBytes = 8 << 20

// ErrNotOPML is returned (wrapped) when the input is not an OPML document.
var ErrNotOPML = errors.New("not an OPML file")

// Attribute names of the monitor's own fields. They carry no namespace so
// readers that do not know them simply skip them.
const (
	attrName         = "ttdnName"
	attrKind         = "ttdnKind"
	attrOrigin       = "ttdnOrigin"
	attrCountry      = "ttdnCountry"
	attrInterval     = "ttdnInterval"
	attrEnabled      = "ttdnEnabled"
	attrLinkSelector = "ttdnLinkSelector"
)

const minifluxNamespace = "https://miniflux.app/opml"

type document struct {
	XMLName xml.Name  `xml:"opml"`
	Version string    `xml:"version,attr"`
	Title   string    `xml:"head>title"`
	Body    []outline `xml:"body>outline"`
}

// outline keeps every attribute, so Parse can read standard, Miniflux and
// monitor attributes alike.
type outline struct {
	Attrs    []xml.Attr `xml:",any,attr"`
	Outlines []outline  `xml:"outline"`
}

func (o *outline) attr(name string) string {
	return o.attrNS("", name)
}

func (o *outline) attrNS(space, name string) string {
	for _, a := range o.Attrs {
		if a.Name.Local == name && a.Name.Space == space {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// Parse reads an OPML document and returns one source per subscription
// outline (an outline with xmlUrl, or a site outline this package wrote),
// at any depth; category outlines only group. Names come from ttdnName or
// are made from the title with Slug, made unique with -2, -3, …. Without
// ttdn* attributes a source is a feed, enabled, of origin domestic and
// country VN when its host ends in .vn and foreign otherwise, with the
// catalogue's default interval; a feed on the host of a catalogue source
// takes that source's origin, country and language instead. Parse returns ErrNotOPML (wrapped, with the
// root element) for anything else than OPML, and an error naming the
// outline for a bad URL or attribute; it returns no sources with an error.
func Parse(r io.Reader) ([]index.Source, error) {
	entries, err := ParseEntries(r)
	if err != nil {
		return nil, err
	}
	srcs := make([]index.Source, len(entries))
	for i, e := range entries {
		srcs[i] = e.Source
	}
	return srcs, nil
}

// Entry is one subscription of an OPML file: the source, whether the file
// named it (ttdnName, as this package writes) or Parse made the name from
// the title, and the path of category outlines it sat in.
type Entry struct {
	Source   index.Source
	Named    bool
	Category string
}

// ParseEntries is Parse with each source's provenance; an importer uses
// Named to tell a round-tripped export (update by name) from another
// reader's file (a name collision is a different outlet). Errors as Parse.
func ParseEntries(r io.Reader) ([]Entry, error) {
	lr := &io.LimitedReader{R: r, N: MaxBytes + 1}
	dec := xml.NewDecoder(lr)
	dec.CharsetReader = charset.NewReaderLabel
	root, err := rootElement(dec)
	if err != nil {
		return nil, err
	}
	var doc document
	if err := dec.DecodeElement(&doc, &root); err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("opml file larger than %d bytes", MaxBytes)
		}
		return nil, fmt.Errorf("%w: %w", ErrNotOPML, err)
	}
	p := parser{names: map[string]bool{}, known: knownHosts()}
	for i := range doc.Body {
		if err := p.walk(&doc.Body[i], ""); err != nil {
			return nil, err
		}
	}
	return p.entries, nil
}

// rootElement reads up to the first element and checks it is <opml>.
func rootElement(dec *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return xml.StartElement{}, fmt.Errorf("%w: no root element", ErrNotOPML)
		}
		if err != nil {
			return xml.StartElement{}, fmt.Errorf("%w: %w", ErrNotOPML, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != "opml" {
				return se, fmt.Errorf("%w: root element is <%s>", ErrNotOPML, se.Name.Local)
			}
			return se, nil
		}
	}
}

type parser struct {
	entries []Entry
	names   map[string]bool
	known   map[string]index.Source // catalogue sources by URL and by host
}

// knownHosts indexes the default catalogue by feed URL and by host, so a
// feed imported from another reader gets the origin, country and language
// the catalogue gives its outlet. The catalogue is embedded and never
// changes, so the index is built once; callers must not modify it.
var knownHosts = sync.OnceValue(buildKnownHosts)

func buildKnownHosts() map[string]index.Source {
	srcs, err := catalog.Default()
	if err != nil {
		return nil
	}
	m := make(map[string]index.Source, len(srcs))
	for _, s := range srcs {
		u, err := url.Parse(s.URL)
		if err != nil {
			continue
		}
		orig := s
		h := u.Hostname()
		if prev, ok := m[h]; ok && prev.Language != s.Language {
			s.Language = "" // several editions on one host: language unknown
		}
		m[h] = s
		m[s.URL] = orig
	}
	return m
}

// walk adds o if it is a subscription and descends into its children;
// path is the category path, for error messages.
func (p *parser) walk(o *outline, path string) error {
	label := o.attr("title")
	if label == "" {
		label = o.attr("text")
	}
	// Some readers (Feedly among them) escape entities twice: "&amp;#8211;".
	label = strings.TrimSpace(html.UnescapeString(label))
	if isSubscription(o) {
		src, err := p.source(o, label)
		if err != nil {
			where := strings.TrimPrefix(path+" / "+label, " / ")
			return fmt.Errorf("outline %q: %w", where, err)
		}
		p.entries = append(p.entries, Entry{Source: src, Named: o.attr(attrName) != "", Category: path})
	}
	for i := range o.Outlines {
		if err := p.walk(&o.Outlines[i], strings.TrimPrefix(path+" / "+label, " / ")); err != nil {
			return err
		}
	}
	return nil
}

func isSubscription(o *outline) bool {
	return o.attr("xmlUrl") != "" || (o.attr(attrKind) == index.KindSite && o.attr("htmlUrl") != "")
}

func (p *parser) source(o *outline, title string) (index.Source, error) {
	src := index.Source{
		Title: title, Kind: index.KindFeed, URL: o.attr("xmlUrl"),
		Language: strings.ToLower(o.attr("language")), Country: strings.ToUpper(o.attr(attrCountry)),
		Interval: catalog.DefaultInterval, Enabled: true, LinkSelector: o.attr(attrLinkSelector),
	}
	if k := o.attr(attrKind); k != "" {
		if k != index.KindFeed && k != index.KindSite {
			return src, fmt.Errorf("%s %q is neither feed nor site", attrKind, k)
		}
		src.Kind = k
	}
	if src.Kind == index.KindSite {
		src.URL = o.attr("htmlUrl")
	}
	if err := catalog.CheckURL(src.URL); err != nil {
		return src, fmt.Errorf("url: %w", err)
	}
	if o.attr(attrName) == "" {
		p.fillFromCatalogue(&src)
	}
	if err := setOrigin(&src, o.attr(attrOrigin)); err != nil {
		return src, err
	}
	if v := o.attr(attrInterval); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute {
			return src, fmt.Errorf("%s %q is not a duration of at least 1m", attrInterval, v)
		}
		src.Interval = d
	}
	if err := setEnabled(&src, o); err != nil {
		return src, err
	}
	src.Name = p.uniqueName(o.attr(attrName), src)
	return src, nil
}

// fillFromCatalogue copies origin, country and language from the
// catalogue's source on the same host, for fields the outline left empty.
func (p *parser) fillFromCatalogue(src *index.Source) {
	u, _ := url.Parse(src.URL) // checked by the caller
	k, ok := p.known[src.URL]
	if !ok {
		k, ok = p.known[u.Hostname()]
	}
	if !ok {
		return
	}
	src.Origin = k.Origin
	if src.Country == "" {
		src.Country = k.Country
	}
	if src.Language == "" {
		src.Language = k.Language
	}
}

// setOrigin sets the origin from v (ttdnOrigin); without one it keeps an
// origin already set, or guesses domestic for a host under .vn.
func setOrigin(src *index.Source, v string) error {
	if v == "" && src.Origin != "" {
		return nil
	}
	if v != "" {
		src.Origin = index.Origin(v)
		if !src.Origin.Valid() {
			return fmt.Errorf("%s %q is neither domestic nor foreign", attrOrigin, v)
		}
		return nil
	}
	u, _ := url.Parse(src.URL) // checked by the caller
	src.Origin = index.OriginForeign
	if h := u.Hostname(); h == "vn" || strings.HasSuffix(h, ".vn") {
		src.Origin = index.OriginDomestic
		if src.Country == "" {
			src.Country = "VN"
		}
	}
	return nil
}

// setEnabled reads ttdnEnabled, or Miniflux's own disabled flag.
func setEnabled(src *index.Source, o *outline) error {
	if v := o.attr(attrEnabled); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%s %q is not true or false", attrEnabled, v)
		}
		src.Enabled = b
		return nil
	}
	if v := o.attrNS(minifluxNamespace, "disabled"); v != "" {
		if b, err := strconv.ParseBool(v); err == nil {
			src.Enabled = !b
		}
	}
	return nil
}

// uniqueName returns want if it is a free slug, or else a slug made from
// the title (or the URL's host), suffixed until it is free.
func (p *parser) uniqueName(want string, src index.Source) string {
	base := Slug(want)
	if base == "" {
		base = Slug(src.Title)
	}
	if base == "" {
		u, _ := url.Parse(src.URL)
		base = Slug(strings.TrimPrefix(u.Hostname(), "www."))
	}
	if base == "" {
		base = "source"
	}
	name := base
	for n := 2; p.names[name]; n++ {
		name = base + "-" + strconv.Itoa(n)
	}
	p.names[name] = true
	return name
}
