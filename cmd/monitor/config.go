package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
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
	// TrustedProxies are the reverse proxies (IPs or CIDR ranges) whose
	// X-Forwarded-For names the client; empty trusts none.
	TrustedProxies []string `yaml:"trusted_proxies"`
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
// is reported with its line (and, by LoadConfig, its key).
type Duration time.Duration

// UnmarshalYAML parses a Go duration string. Its error is a
// *yaml.TypeError so that decoding goes on and reports every bad value.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v < 0 {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %q %s", n.Line, n.Value, notDuration)}}
	}
	*d = Duration(v)
	return nil
}

const notDuration = "is not a duration (e.g. 30s, 15m, 2h)"

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

// LoadConfig reads path over the defaults. Unknown keys, wrong types,
// bad durations and invalid values are errors naming the file, line and
// key, on one line.
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
		return cfg, fmt.Errorf("config %s: %s", path, yamlMessage(err, configKeys(data)))
	}
	if err := cfg.validate(); err != nil {
		var ke *keyError
		if errors.As(err, &ke) {
			return cfg, fmt.Errorf("config %s: %s", path, ke.at(configKeys(data)))
		}
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

// keyAt is one key (or list entry) of the config file: its dotted path
// ("crawl.timeout", "sources[0].url"), the line of the key and of its
// value, and the value's kind and text.
type keyAt struct {
	path      string
	line      int
	valueLine int
	kind      yaml.Kind
	value     string
}

// configKeys lists the keys of the file in document order, or nil when
// it is not YAML.
func configKeys(data []byte) []keyAt {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	var out []keyAt
	var walk func(n *yaml.Node, path string)
	add := func(path string, line int, v *yaml.Node) {
		out = append(out, keyAt{path: path, line: line, valueLine: v.Line, kind: v.Kind, value: v.Value})
		walk(v, path)
	}
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				add(strings.TrimPrefix(path+"."+k.Value, "."), k.Line, n.Content[i+1])
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				add(fmt.Sprintf("%s[%d]", path, i), item.Line, item)
			}
		}
	}
	walk(doc.Content[0], "")
	return out
}

var (
	yamlLineRE     = regexp.MustCompile(`^line (\d+): (.*)$`)
	yamlUnknownRE  = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
	yamlTypeRE     = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")
	yamlDurationRE = regexp.MustCompile(`^(".*") ` + regexp.QuoteMeta(notDuration) + `$`)
)

// yamlMessage turns yaml.v3's errors into one line that names each bad
// line and its key ("line 4: unknown key crawl.concurency").
func yamlMessage(err error, keys []keyAt) string {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return strings.TrimPrefix(err.Error(), "yaml: ")
	}
	msgs := make([]string, 0, len(te.Errors))
	for _, m := range te.Errors {
		msgs = append(msgs, explainYAML(m, keys))
	}
	return strings.Join(msgs, "; ")
}

// explainYAML rewrites one "line N: …" message of yaml.v3 with the key.
func explainYAML(msg string, keys []keyAt) string {
	lm := yamlLineRE.FindStringSubmatch(msg)
	if lm == nil {
		return msg
	}
	line, _ := strconv.Atoi(lm[1])
	rest := lm[2]
	if m := yamlUnknownRE.FindStringSubmatch(rest); m != nil {
		for _, k := range keys {
			if k.line == line && (k.path == m[1] || strings.HasSuffix(k.path, "."+m[1])) {
				return fmt.Sprintf("line %d: unknown key %s", line, k.path)
			}
		}
		return fmt.Sprintf("line %d: unknown key %s", line, m[1])
	}
	if m := yamlDurationRE.FindStringSubmatch(rest); m != nil {
		if k := valueKey(keys, line, "str", strings.Trim(m[1], `"`)); k != nil {
			return fmt.Sprintf("line %d: %s: %s", line, k.path, rest)
		}
		return msg
	}
	if m := yamlTypeRE.FindStringSubmatch(rest); m != nil {
		k := valueKey(keys, line, m[1], m[2])
		if k == nil {
			return msg
		}
		got := "a list"
		switch k.kind {
		case yaml.MappingNode:
			got = "a mapping"
		case yaml.ScalarNode:
			got = strconv.Quote(k.value)
		}
		return fmt.Sprintf("line %d: %s: want %s, got %s", line, k.path, goTypeWord(m[3]), got)
	}
	return msg
}

// valueKey finds the key whose value yaml.v3 refused: on that line, of
// that kind, with that text (yaml.v3 cuts long ones to 7 bytes and "...").
func valueKey(keys []keyAt, line int, tag, value string) *keyAt {
	want := yaml.ScalarNode
	switch tag {
	case "seq":
		want = yaml.SequenceNode
	case "map":
		want = yaml.MappingNode
	}
	prefix, cut := strings.CutSuffix(value, "...")
	var first *keyAt
	for i := range keys {
		k := &keys[i]
		if k.valueLine != line || k.kind != want {
			continue
		}
		if want != yaml.ScalarNode || k.value == value || (cut && strings.HasPrefix(k.value, prefix)) {
			return k
		}
		if first == nil {
			first = k
		}
	}
	return first
}

// goTypeWord says what a Go type wants in words a config writer knows.
func goTypeWord(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "a whole number"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "text"
	case strings.HasPrefix(t, "main."):
		return "a mapping of keys"
	}
	return t
}

// keyError is a bad value under a key (a dotted path such as
// "sources[1].kind"); LoadConfig adds the line.
type keyError struct{ key, msg string }

func (e *keyError) Error() string { return e.key + ": " + e.msg }

func badKey(key, format string, args ...any) error {
	return &keyError{key: key, msg: fmt.Sprintf(format, args...)}
}

// at prefixes the error with the line of its key, or of the nearest
// enclosing key the file has ("sources[0]" for a missing sources[0].name).
func (e *keyError) at(keys []keyAt) string {
	for p := e.key; p != ""; p = parentKey(p) {
		for _, k := range keys {
			if k.path == p {
				return fmt.Sprintf("line %d: %s", k.line, e.Error())
			}
		}
	}
	return e.Error()
}

func parentKey(p string) string {
	if i := strings.LastIndexAny(p, ".["); i > 0 {
		return p[:i]
	}
	return ""
}

func (c *Config) validate() error {
	if err := checkListenAddr(c.Addr); err != nil {
		return err
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return badKey("base_url", "%q is not an http(s) URL (e.g. https://monitor.example.vn)", c.BaseURL)
		}
	}
	if c.Crawl.Concurrency < 0 {
		return badKey("crawl.concurrency", "must not be negative (0 takes the default, 8)")
	}
	if c.Crawl.MaxBodyBytes < 0 {
		return badKey("crawl.max_body_bytes", "must not be negative (0 takes the default, 10485760)")
	}
	if c.Province != "" {
		fi, err := os.Stat(c.Province)
		switch {
		case err != nil:
			return badKey("province", "profile %s cannot be read: %v", c.Province, errors.Unwrap(err))
		case !fi.Mode().IsRegular():
			return badKey("province", "profile %s is not a file", c.Province)
		}
	}
	if err := checkTrustedProxies(c.TrustedProxies); err != nil {
		return err
	}
	return c.validateSources()
}

// checkTrustedProxies wants each entry an IP address or a CIDR range, and
// none that spans every address: trusting the whole internet's
// X-Forwarded-For lets anyone choose the address the login limit sees.
func checkTrustedProxies(list []string) error {
	for i, p := range list {
		key := fmt.Sprintf("trusted_proxies[%d]", i)
		if ip := net.ParseIP(p); ip != nil {
			continue
		}
		_, n, err := net.ParseCIDR(p)
		if err != nil {
			return badKey(key, "%q is not an IP address or CIDR range (e.g. 127.0.0.1, ::1, 10.0.0.0/8)", p)
		}
		if ones, _ := n.Mask.Size(); ones == 0 {
			return badKey(key, "%q trusts every address; name the proxy's own address (e.g. 127.0.0.1)", p)
		}
	}
	return nil
}

// checkListenAddr wants host:port with a numeric port, as net.Listen
// takes it; the host may be empty (every interface).
func checkListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return badKey("addr", "%q is not a listen address host:port (e.g. 127.0.0.1:8080)", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return badKey("addr", "%q: port %q is not a number from 0 to 65535", addr, port)
	}
	return nil
}

func (c *Config) validateSources() error {
	seen := map[string]bool{}
	for i, s := range c.Sources {
		key := func(field string) string { return fmt.Sprintf("sources[%d].%s", i, field) }
		if s.Name == "" {
			return badKey(key("name"), "required")
		}
		if seen[s.Name] {
			return badKey(key("name"), "%q appears twice", s.Name)
		}
		seen[s.Name] = true
		if s.Kind != index.KindFeed && s.Kind != index.KindSite {
			return badKey(key("kind"), "%q is not feed or site", s.Kind)
		}
		if !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
			return badKey(key("url"), "%q is not an http(s) URL", s.URL)
		}
		if s.Origin != "" && !index.Origin(s.Origin).Valid() {
			return badKey(key("origin"), "%q is not domestic or foreign", s.Origin)
		}
		if s.Kind == index.KindSite && s.LinkSelector == "" {
			return badKey(key("link_selector"), "required for a site")
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
