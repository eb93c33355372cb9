package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ttdn/monitor/index"
)

// Config is the YAML config file (DESIGN, "Config file"). Every field is
// optional; DefaultConfig fills the rest.
type Config struct {
	Data     string         `yaml:"data"`
	Addr     string         `yaml:"addr"`
	BaseURL  string         `yaml:"base_url"`
	Crawl    CrawlConfig    `yaml:"crawl"`
	Sources  []SourceConfig `yaml:"sources"`
	Rules    []string       `yaml:"rules"`
	Province string         `yaml:"province"`
	Report   ReportConfig   `yaml:"report"`
	// NoCatalog leaves the built-in source catalogue out.
	NoCatalog bool `yaml:"no_catalog"`
}

// CrawlConfig is the politeness and limits of the crawler.
type CrawlConfig struct {
	UserAgent     string   `yaml:"user_agent"`
	Concurrency   int      `yaml:"concurrency"`
	PerHostDelay  Duration `yaml:"per_host_delay"`
	Timeout       Duration `yaml:"timeout"`
	MaxBodyBytes  int64    `yaml:"max_body_bytes"`
	RespectRobots *bool    `yaml:"respect_robots"`
}

// SourceConfig is one source in the config file.
type SourceConfig struct {
	Name         string   `yaml:"name"`
	Title        string   `yaml:"title"`
	Kind         string   `yaml:"kind"`
	URL          string   `yaml:"url"`
	Origin       string   `yaml:"origin"`
	Country      string   `yaml:"country"`
	Language     string   `yaml:"language"`
	Interval     Duration `yaml:"interval"`
	LinkSelector string   `yaml:"link_selector"`
	Enabled      *bool    `yaml:"enabled"`
}

// ReportConfig overrides the letterhead of printable reports; empty
// fields come from the province profile.
type ReportConfig struct {
	ParentBody      string   `yaml:"parent_body"`
	IssuingBody     string   `yaml:"issuing_body"`
	NumberPrefix    string   `yaml:"number_prefix"`
	Place           string   `yaml:"place"`
	Area            string   `yaml:"area"`
	SignerAuthority string   `yaml:"signer_authority"`
	SignerTitle     string   `yaml:"signer_title"`
	SignerName      string   `yaml:"signer_name"`
	Recipients      []string `yaml:"recipients"`
}

// Duration is a time.Duration written as "30m", "1s" in YAML; a bad value
// is reported with its line.
type Duration time.Duration

// UnmarshalYAML parses a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil || v < 0 {
		return fmt.Errorf("line %d: %q is not a duration (e.g. 30s, 15m, 2h)", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// DefaultConfig is what the service runs on with no config file.
func DefaultConfig() Config {
	yes := true
	return Config{
		Data: "./data",
		Addr: "127.0.0.1:8080",
		Crawl: CrawlConfig{
			UserAgent:     "TTDN-Monitor/1.0 (+https://github.com/ttdn/monitor)",
			Concurrency:   8,
			PerHostDelay:  Duration(time.Second),
			Timeout:       Duration(20 * time.Second),
			MaxBodyBytes:  10 << 20,
			RespectRobots: &yes,
		},
	}
}

// LoadConfig reads path over the defaults. Unknown keys, wrong types and
// bad durations are errors naming the file, line and key.
func LoadConfig(path string) (Config, error) {
	cfg := DefaultConfig()
	if path == "" {
		return cfg, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("read config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return cfg, fmt.Errorf("config %s: %s", path, yamlMessage(err))
	}
	if err := cfg.validate(); err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

// yamlMessage turns yaml.v3's messages into one line that names the line
// and the key ("line 4: unknown key \"concurency\" in crawl").
func yamlMessage(err error) string {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return strings.TrimPrefix(err.Error(), "yaml: ")
	}
	msgs := make([]string, 0, len(te.Errors))
	for _, m := range te.Errors {
		m = strings.Replace(m, "field ", "unknown key ", 1)
		m = strings.Replace(m, " not found in type main.", " in ", 1)
		msgs = append(msgs, m)
	}
	return strings.Join(msgs, "; ")
}

func (c *Config) validate() error {
	if c.Crawl.Concurrency < 0 {
		return errors.New("crawl.concurrency: must not be negative (0 takes the default, 8)")
	}
	seen := map[string]bool{}
	for i, s := range c.Sources {
		where := fmt.Sprintf("sources[%d]", i)
		if s.Name == "" {
			return fmt.Errorf("%s.name: required", where)
		}
		if seen[s.Name] {
			return fmt.Errorf("%s.name: %q appears twice", where, s.Name)
		}
		seen[s.Name] = true
		if s.Kind != index.KindFeed && s.Kind != index.KindSite {
			return fmt.Errorf("%s.kind: %q is not feed or site", where, s.Kind)
		}
		if !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
			return fmt.Errorf("%s.url: %q is not an http(s) URL", where, s.URL)
		}
		if s.Origin != "" && !index.Origin(s.Origin).Valid() {
			return fmt.Errorf("%s.origin: %q is not domestic or foreign", where, s.Origin)
		}
		if s.Kind == index.KindSite && s.LinkSelector == "" {
			return fmt.Errorf("%s.link_selector: required for a site", where)
		}
	}
	return nil
}

// Source converts a configured source to the domain type.
func (s SourceConfig) Source() index.Source {
	src := index.Source{
		Name: s.Name, Title: s.Title, Kind: s.Kind, URL: s.URL,
		Origin: index.Origin(s.Origin), Country: s.Country, Language: s.Language,
		Interval: time.Duration(s.Interval), LinkSelector: s.LinkSelector, Enabled: true,
	}
	if src.Origin == "" {
		src.Origin = index.OriginDomestic
	}
	if src.Interval == 0 {
		src.Interval = 30 * time.Minute
	}
	if s.Enabled != nil {
		src.Enabled = *s.Enabled
	}
	return src
}
