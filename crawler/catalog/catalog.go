// Package catalog is the default source catalogue: well-known public
// outlets that cover the province and Vietnam, each with its published feed,
// embedded in the binary as YAML (catalog.yaml), and the strict parser for
// files of the same format.
package catalog

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ttdn/monitor/index"
)

//go:embed catalog.yaml
var catalogYAML []byte

// DefaultInterval is the crawl interval of a source that names none.
const DefaultInterval = time.Hour

// Default returns the built-in catalogue. It fails only if the embedded file
// is broken, which the package's tests rule out.
func Default() ([]index.Source, error) {
	srcs, err := Parse(catalogYAML)
	if err != nil {
		return nil, fmt.Errorf("built-in catalogue: %w", err)
	}
	return srcs, nil
}

// entry is one source as written in the file; pointer and string fields
// let Parse tell an absent value from a zero one.
type entry struct {
	Name         string `yaml:"name"`
	Title        string `yaml:"title"`
	Kind         string `yaml:"kind"`
	URL          string `yaml:"url"`
	Origin       string `yaml:"origin"`
	Country      string `yaml:"country"`
	Language     string `yaml:"language"`
	Interval     string `yaml:"interval"`
	Enabled      *bool  `yaml:"enabled"`
	LinkSelector string `yaml:"link_selector"`
}

type file struct {
	Sources []yaml.Node `yaml:"sources"`
}

var (
	slugRe     = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	countryRe  = regexp.MustCompile(`^[A-Z]{2}$`)
	languageRe = regexp.MustCompile(`^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$`)
)

// Parse reads a catalogue file: a mapping with one key, sources, a list of
// sources. It is strict: an unknown key, a bad duration, a duplicate name,
// or a bad kind, origin, country, language or URL is an error that names
// the line. Kind defaults to feed, interval to DefaultInterval and enabled
// to true.
func Parse(data []byte) ([]index.Source, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty catalogue")
		}
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	seen := make(map[string]int, len(f.Sources))
	srcs := make([]index.Source, 0, len(f.Sources))
	for i := range f.Sources {
		node := &f.Sources[i]
		src, err := decodeEntry(node)
		if err != nil {
			return nil, err
		}
		if first, dup := seen[src.Name]; dup {
			return nil, fmt.Errorf("line %d: duplicate source name %q (first at line %d)", node.Line, src.Name, first)
		}
		seen[src.Name] = node.Line
		srcs = append(srcs, src)
	}
	return srcs, nil
}

// decodeEntry decodes one source; its errors name their line.
func decodeEntry(node *yaml.Node) (index.Source, error) {
	var e entry
	if node.Kind != yaml.MappingNode {
		return index.Source{}, fmt.Errorf("line %d: a source must be a mapping", node.Line)
	}
	// Decode reports unknown keys only through a Decoder, so walk the keys.
	for i := 0; i+1 < len(node.Content); i += 2 {
		k := node.Content[i]
		if !knownKey(k.Value) {
			return index.Source{}, fmt.Errorf("line %d: unknown key %q", k.Line, k.Value)
		}
	}
	if err := node.Decode(&e); err != nil {
		return index.Source{}, fmt.Errorf("source at line %d: %w", node.Line, err)
	}
	return e.source(node)
}

func knownKey(k string) bool {
	switch k {
	case "name", "title", "kind", "url", "origin", "country", "language", "interval", "enabled", "link_selector":
		return true
	}
	return false
}

// valueLine returns the line of key's value in node, or node's own line.
func valueLine(node *yaml.Node, key string) int {
	for i := 0; i+1 < len(node.Content); i += 2 {
		if node.Content[i].Value == key {
			return node.Content[i+1].Line
		}
	}
	return node.Line
}

func (e entry) source(node *yaml.Node) (index.Source, error) {
	bad := func(key, format string, args ...any) error {
		return fmt.Errorf("line %d: %s: %s", valueLine(node, key), key, fmt.Sprintf(format, args...))
	}
	src := index.Source{
		Name: e.Name, Title: e.Title, Kind: e.Kind, URL: e.URL,
		Origin: index.Origin(e.Origin), Country: e.Country, Language: e.Language,
		Interval: DefaultInterval, Enabled: e.Enabled == nil || *e.Enabled,
		LinkSelector: e.LinkSelector,
	}
	if src.Kind == "" {
		src.Kind = index.KindFeed
	}
	switch {
	case !slugRe.MatchString(e.Name):
		return src, bad("name", "%q is not a slug (lower-case letters, digits and single hyphens)", e.Name)
	case src.Kind != index.KindFeed && src.Kind != index.KindSite:
		return src, bad("kind", "%q is neither feed nor site", e.Kind)
	case !src.Origin.Valid():
		return src, bad("origin", "%q is neither domestic nor foreign", e.Origin)
	case e.Country != "" && !countryRe.MatchString(e.Country):
		return src, bad("country", "%q is not a two-letter country code such as VN", e.Country)
	case e.Language != "" && !languageRe.MatchString(e.Language):
		return src, bad("language", "%q is not a language code such as vi", e.Language)
	case src.Kind == index.KindFeed && e.LinkSelector != "":
		return src, bad("link_selector", "only a site takes a link selector")
	}
	if err := CheckURL(e.URL); err != nil {
		return src, bad("url", "%v", err)
	}
	if e.Interval != "" {
		d, err := time.ParseDuration(e.Interval)
		if err != nil || d < time.Minute {
			return src, bad("interval", "%q is not a duration of at least 1m (e.g. 30m, 2h)", e.Interval)
		}
		src.Interval = d
	}
	return src, nil
}

// CheckURL returns an error unless raw is an absolute http or https URL
// with a host.
func CheckURL(raw string) error {
	if raw == "" {
		return errors.New("missing")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a URL", raw)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	return nil
}
