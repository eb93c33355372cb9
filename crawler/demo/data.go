package demo

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ttdn/monitor/crawler/opml"
	"github.com/ttdn/monitor/index"
)

//go:embed world/*.yaml
var worldFS embed.FS

// Outlet formats: how an outlet publishes.
const (
	FormatRSS  = "rss"  // RSS 2.0 at /{slug}/rss.xml
	FormatAtom = "atom" // Atom 1.0 at /{slug}/atom.xml
	FormatRDF  = "rdf"  // RSS 1.0 (RDF) at /{slug}/index.rdf
	FormatJSON = "json" // JSON Feed 1.1 at /{slug}/feed.json
	FormatSite = "site" // no feed: listing pages, pagination, sitemap.xml
	FormatDown = "down" // every request fails with 500
)

// Outlet is one fictional press outlet of the demo world.
type Outlet struct {
	Slug        string            `yaml:"slug"`
	Name        string            `yaml:"name"`
	Tagline     string            `yaml:"tagline"`
	Language    string            `yaml:"language"`
	Origin      index.Origin      `yaml:"origin"`
	Country     string            `yaml:"country"`
	Format      string            `yaml:"format"`
	SummaryOnly bool              `yaml:"summary_only"` // feed entries carry the summary only
	Tracking    bool              `yaml:"tracking"`     // feed links carry utm_* parameters
	Sections    map[string]string `yaml:"sections"`
	Footer      string            `yaml:"footer"`

	articles []*Article // newest first
}

// Article is one published article of one outlet. Copies of one story in
// several outlets share Story.
type Article struct {
	Story      string
	Outlet     *Outlet
	Section    string
	Slug       string
	Num        int // the number in the URL, unique in the world
	Title      string
	Summary    string
	Author     string
	Paragraphs []string
	Published  time.Time
	Topics     []string // border, human_rights, religion; empty for everyday news
	Copy       bool     // a syndicated copy of another outlet's article
}

// Path is the article's canonical path on the demo server.
func (a *Article) Path() string {
	return fmt.Sprintf("/%s/%s/%s-%d.html", a.Outlet.Slug, a.Section, a.Slug, a.Num)
}

// Language is the article's language (its outlet's).
func (a *Article) Language() string { return a.Outlet.Language }

// story is one hand-written article as stored in world/stories_*.yaml.
type story struct {
	ID      string   `yaml:"id"`
	Outlet  string   `yaml:"outlet"`
	Date    string   `yaml:"date"` // "2006-01-02 15:04 -07:00"
	Section string   `yaml:"section"`
	Author  string   `yaml:"author"`
	Topics  []string `yaml:"topics"`
	Title   string   `yaml:"title"`
	Summary string   `yaml:"summary"`
	Body    string   `yaml:"body"` // paragraphs separated by blank lines
	Copies  []copyOf `yaml:"copies"`
}

// copyOf is a syndicated, lightly edited copy of a story in another outlet.
type copyOf struct {
	Outlet  string `yaml:"outlet"`
	After   string `yaml:"after"` // delay after the original, Go duration
	Section string `yaml:"section"`
	Title   string `yaml:"title"` // the copy's own headline, if edited
	Author  string `yaml:"author"`
	Credit  string `yaml:"credit"` // closing line naming the original
	Drop    int    `yaml:"drop"`   // paragraphs cut from the end
}

// series is everyday news written from one template and many rows
// (market prices, weather, results). Besides its own keys each row gets
// d (dd/mm/yyyy), dm (d/m) and y (year) from its date.
type series struct {
	ID      string              `yaml:"id"`
	Outlet  string              `yaml:"outlet"`
	Section string              `yaml:"section"`
	Author  string              `yaml:"author"`
	Title   string              `yaml:"title"`
	Summary string              `yaml:"summary"`
	Body    string              `yaml:"body"`
	Rows    []map[string]string `yaml:"rows"` // each has "date"
}

type worldFile struct {
	Outlets []*Outlet `yaml:"outlets"`
	Stories []story   `yaml:"stories"`
	Series  []series  `yaml:"series"`
}

const dateLayout = "2006-01-02 15:04 -07:00"

// loadWorld reads every world/*.yaml file and builds the outlets with
// their articles.
func loadWorld() ([]*Outlet, error) {
	var all worldFile
	files, err := fs.Glob(worldFS, "world/*.yaml")
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		data, err := worldFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var f worldFile
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(name), err)
		}
		all.Outlets = append(all.Outlets, f.Outlets...)
		all.Stories = append(all.Stories, f.Stories...)
		all.Series = append(all.Series, f.Series...)
	}
	b := builder{outlets: map[string]*Outlet{}}
	for _, o := range all.Outlets {
		b.outlets[o.Slug] = o
	}
	for _, s := range all.Stories {
		if err := b.addStory(s); err != nil {
			return nil, fmt.Errorf("story %s: %w", s.ID, err)
		}
	}
	for _, s := range all.Series {
		if err := b.addSeries(s); err != nil {
			return nil, fmt.Errorf("series %s: %w", s.ID, err)
		}
	}
	b.number()
	return all.Outlets, nil
}

type builder struct {
	outlets map[string]*Outlet
	all     []*Article
}

func (b *builder) outlet(slug, section string) (*Outlet, error) {
	o, ok := b.outlets[slug]
	if !ok {
		return nil, fmt.Errorf("unknown outlet %q", slug)
	}
	if _, ok := o.Sections[section]; !ok {
		return nil, fmt.Errorf("outlet %s has no section %q", slug, section)
	}
	return o, nil
}

func (b *builder) add(a *Article) {
	a.Outlet.articles = append(a.Outlet.articles, a)
	b.all = append(b.all, a)
}

func (b *builder) addStory(s story) error {
	o, err := b.outlet(s.Outlet, s.Section)
	if err != nil {
		return err
	}
	at, err := time.Parse(dateLayout, s.Date)
	if err != nil {
		return fmt.Errorf("date: %w", err)
	}
	orig := &Article{Story: s.ID, Outlet: o, Section: s.Section, Title: clean(s.Title), Summary: clean(s.Summary),
		Author: s.Author, Paragraphs: paragraphs(s.Body), Published: at, Topics: s.Topics}
	b.add(orig)
	for _, c := range s.Copies {
		cp, err := b.copyArticle(orig, c)
		if err != nil {
			return fmt.Errorf("copy in %s: %w", c.Outlet, err)
		}
		b.add(cp)
	}
	return nil
}

// copyArticle makes a syndicated copy: a later time, perhaps another
// headline and byline, the last paragraphs cut, a credit line added.
func (b *builder) copyArticle(orig *Article, c copyOf) (*Article, error) {
	section := c.Section
	if section == "" {
		section = orig.Section
	}
	o, err := b.outlet(c.Outlet, section)
	if err != nil {
		return nil, err
	}
	after, err := time.ParseDuration(c.After)
	if err != nil {
		return nil, fmt.Errorf("after: %w", err)
	}
	cp := *orig
	cp.Outlet, cp.Section, cp.Copy = o, section, true
	cp.Published = orig.Published.Add(after)
	if c.Title != "" {
		cp.Title = clean(c.Title)
	}
	if c.Author != "" {
		cp.Author = c.Author
	}
	keep := max(len(orig.Paragraphs)-c.Drop, 1)
	cp.Paragraphs = slices.Clone(orig.Paragraphs[:keep])
	if c.Credit != "" {
		cp.Paragraphs = append(cp.Paragraphs, clean(c.Credit))
	}
	return &cp, nil
}

func (b *builder) addSeries(s series) error {
	o, err := b.outlet(s.Outlet, s.Section)
	if err != nil {
		return err
	}
	tmpl := template.New(s.ID).Option("missingkey=error")
	title, err1 := tmpl.New("title").Parse(s.Title)
	summary, err2 := tmpl.New("summary").Parse(s.Summary)
	body, err3 := tmpl.New("body").Parse(s.Body)
	if err := firstErr(err1, err2, err3); err != nil {
		return err
	}
	for i, row := range s.Rows {
		at, err := time.Parse(dateLayout, row["date"])
		if err != nil {
			return fmt.Errorf("row %d: date: %w", i+1, err)
		}
		row["d"] = at.Format("02/01/2006")
		row["dm"] = at.Format("2/1")
		row["y"] = strconv.Itoa(at.Year())
		t, err1 := run(title, row)
		sm, err2 := run(summary, row)
		bd, err3 := run(body, row)
		if err := firstErr(err1, err2, err3); err != nil {
			return fmt.Errorf("row %d: %w", i+1, err)
		}
		b.add(&Article{Story: fmt.Sprintf("%s-%d", s.ID, i+1), Outlet: o, Section: s.Section, Title: clean(t),
			Summary: clean(sm), Author: s.Author, Paragraphs: paragraphs(bd), Published: at})
	}
	return nil
}

// number sorts every outlet's articles newest first and gives each
// article its URL slug and a number unique in the world, oldest first.
func (b *builder) number() {
	slices.SortStableFunc(b.all, func(x, y *Article) int { return x.Published.Compare(y.Published) })
	for i, a := range b.all {
		a.Num = 10001 + i
		a.Slug = opml.Slug(a.Title)
	}
	for _, o := range b.outlets {
		slices.SortStableFunc(o.articles, func(x, y *Article) int { return y.Published.Compare(x.Published) })
	}
}

func run(t *template.Template, data map[string]string) (string, error) {
	var buf strings.Builder
	err := t.Execute(&buf, data)
	return buf.String(), err
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// paragraphs splits text at blank lines and joins each paragraph's lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if p = clean(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }
