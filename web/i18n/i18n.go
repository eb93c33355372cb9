// Package i18n is the dashboard's message catalogue (Vietnamese first,
// English second), its date and time formats and Vietnamese collation.
// Catalogues are embedded JSON files, one per language, checked at load
// time to hold the same keys.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var localeFS embed.FS

// Languages the catalogue speaks; the first is the default.
var Languages = []string{"vi", "en"}

// Default is the language used when none is chosen.
const Default = "vi"

// Catalog holds every message in every language.
type Catalog struct {
	msgs map[string]map[string]string // lang → key → text

	mu      sync.Mutex
	missing map[string]bool
}

// Load reads the embedded catalogues. It fails when a file is malformed
// or when the languages do not hold the same keys.
func Load() (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}, missing: map[string]bool{}}
	for _, lang := range Languages {
		b, err := localeFS.ReadFile("locales/" + lang + ".json")
		if err != nil {
			return nil, fmt.Errorf("read catalogue %s: %w", lang, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("parse catalogue %s: %w", lang, err)
		}
		c.msgs[lang] = m
	}
	ref := c.msgs[Default]
	for _, lang := range Languages[1:] {
		for k := range ref {
			if _, ok := c.msgs[lang][k]; !ok {
				return nil, fmt.Errorf("catalogue %s lacks key %q", lang, k)
			}
		}
		for k := range c.msgs[lang] {
			if _, ok := ref[k]; !ok {
				return nil, fmt.Errorf("catalogue %s lacks key %q", Default, k)
			}
		}
	}
	return c, nil
}

// Has reports whether key is in the catalogue.
func (c *Catalog) Has(key string) bool { _, ok := c.msgs[Default][key]; return ok }

// Keys returns every key, sorted.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.msgs[Default]))
	for k := range c.msgs[Default] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// T translates key into lang, formatting args with fmt verbs in the
// message. An unknown key is returned as is and remembered (see Missing).
func (c *Catalog) T(lang, key string, args ...any) string {
	m, ok := c.msgs[lang]
	if !ok {
		m = c.msgs[Default]
	}
	s, ok := m[key]
	if !ok {
		c.mu.Lock()
		c.missing[key] = true
		c.mu.Unlock()
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Missing returns the unknown keys asked for so far, sorted.
func (c *Catalog) Missing() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for k := range c.missing {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Pick returns lang when the catalogue speaks it, the default otherwise.
func Pick(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if slices.Contains(Languages, lang) {
		return lang
	}
	return Default
}

// Date formats t's calendar day in loc: dd/mm/yyyy in Vietnamese,
// "2 Jan 2006" in English. The zero time is "".
func Date(lang string, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	if lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02/01/2006")
}

// DateTime formats t in loc with the time of day (24-hour clock).
func DateTime(lang string, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return Date(lang, t, loc) + " " + t.In(loc).Format("15:04")
}

// Sort sorts names in place in the collation order of lang (Vietnamese:
// a ă â b c d đ e ê …).
func Sort(lang string, names []string) {
	tag := language.Vietnamese
	if lang == "en" {
		tag = language.English
	}
	collate.New(tag, collate.IgnoreCase).SortStrings(names)
}

// SortFunc sorts xs in place by the collation order of key(x) in lang.
func SortFunc[T any](lang string, xs []T, key func(T) string) {
	tag := language.Vietnamese
	if lang == "en" {
		tag = language.English
	}
	col := collate.New(tag, collate.IgnoreCase)
	var buf collate.Buffer
	keys := make(map[string][]byte, len(xs))
	for _, x := range xs {
		k := key(x)
		if _, ok := keys[k]; !ok {
			keys[k] = slices.Clone(col.KeyFromString(&buf, k))
			buf.Reset()
		}
	}
	slices.SortStableFunc(xs, func(a, b T) int {
		return strings.Compare(string(keys[key(a)]), string(keys[key(b)]))
	})
}
