package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// writeConfig writes text as a config file and returns its path.
func writeConfig(t *testing.T, dir, text string) string {
	t.Helper()
	path := filepath.Join(dir, "monitor.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const feedSource = `
sources:
  - name: bao-kon-tum
    kind: feed
    url: https://example.vn/rss/home.rss
`

// TestConfigErrors: every bad config names the file, the line and the
// key (as a dotted path) in one line.
func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error besides the file name
	}{
		{"unknown top-level key", "data: ./data\nadr: 127.0.0.1:8080\n", []string{"line 2", "unknown key adr"}},
		{"unknown crawl key", "crawl:\n  concurrency: 4\n  concurency: 8\n", []string{"line 3", "unknown key crawl.concurency"}},
		{"unknown source key", feedSource + "    intervall: 5m\n", []string{"line 6", "unknown key sources[0].intervall"}},
		{"unknown report key", "report:\n  signer: Nguyễn Văn A\n", []string{"line 2", "unknown key report.signer"}},
		{"text for a number", "crawl:\n  concurrency: nhiều\n", []string{"line 2", "crawl.concurrency", `"nhiều"`, "whole number"}},
		{"text for a bool", "crawl:\n  respect_robots: maybe\n", []string{"line 2", "crawl.respect_robots", "true or false"}},
		{"number for a list", "rules: 3\n", []string{"line 1", "rules", "list"}},
		{"list for text", "province:\n  - a.yaml\n", []string{"line 2", "province", "text"}},
		{"scalar for a mapping", "crawl: fast\n", []string{"line 1", "crawl", "mapping"}},
		{"number too big", "crawl:\n  max_body_bytes: 99999999999999999999\n", []string{"line 2", "crawl.max_body_bytes", "whole number"}},
		{"bad duration", "crawl:\n  per_host_delay: 1 giây\n", []string{"line 2", "crawl.per_host_delay", `"1 giây"`, "duration"}},
		{"duration without unit", feedSource + "    interval: 30\n", []string{"line 6", "sources[0].interval", "duration"}},
		{"negative duration", "crawl:\n  timeout: -5s\n", []string{"line 2", "crawl.timeout", "duration"}},
		{"two errors", "crawl:\n  timeout: soon\n  concurrency: x\n", []string{"line 2", "crawl.timeout", "line 3", "crawl.concurrency"}},
		{"unknown province profile", "data: ./data\nprovince: ./no-such-province.yaml\n", []string{"line 2", "province", "no-such-province.yaml", "no such file"}},
		{"province is a directory", "province: .\n", []string{"line 1", "province", "not a file"}},
		{"listen address without port", "addr: 127.0.0.1\n", []string{"line 1", "addr", `"127.0.0.1"`}},
		{"listen address port out of range", "addr: 127.0.0.1:99999\n", []string{"line 1", "addr", "port"}},
		{"listen address as a URL", "addr: http://127.0.0.1:8080\n", []string{"line 1", "addr"}},
		{"base URL without scheme", "base_url: monitor.example.vn\n", []string{"line 1", "base_url", "http"}},
		{"negative concurrency", "crawl:\n  concurrency: -1\n", []string{"line 2", "crawl.concurrency", "negative"}},
		{"negative body cap", "crawl:\n  max_body_bytes: -1\n", []string{"line 2", "crawl.max_body_bytes", "negative"}},
		{"source kind", feedSource + "  - name: other\n    kind: rss\n    url: https://example.org/feed\n", []string{"line 7", "sources[1].kind", `"rss"`}},
		{"source without name", "sources:\n  - kind: feed\n    url: https://example.org/feed\n", []string{"line 2", "sources[0].name", "required"}},
		{"source twice", feedSource + "  - name: bao-kon-tum\n    kind: feed\n    url: https://example.org/feed\n", []string{"line 6", "sources[1].name", "twice"}},
		{"site without selector", "sources:\n  - name: s\n    kind: site\n    url: https://example.org/\n", []string{"line 2", "sources[0].link_selector", "required"}},
		{"source origin", feedSource + "    origin: abroad\n", []string{"line 6", "sources[0].origin", `"abroad"`}},
		{"source URL", "sources:\n  - name: s\n    kind: feed\n    url: example.org/feed\n", []string{"line 4", "sources[0].url", "http"}},
		{"YAML syntax", "crawl:\n  timeout: 2s\n\tconcurrency: 2\n", []string{"line 2", "tab character"}},
		{"duplicate key", "addr: 127.0.0.1:8080\naddr: 127.0.0.1:8081\n", []string{"line 2", "addr"}},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, dir, tt.yaml)
			_, err := LoadConfig(path)
			if err == nil {
				t.Fatalf("LoadConfig accepted:\n%s", tt.yaml)
			}
			got := err.Error()
			t.Log(strings.TrimPrefix(got, "config "+path+": "))
			if strings.Contains(got, "\n") {
				t.Errorf("error spans lines: %q", got)
			}
			for _, want := range append([]string{"config " + path + ":"}, tt.want...) {
				if !strings.Contains(got, want) {
					t.Errorf("error %q lacks %q", got, want)
				}
			}
		})
	}
}

// TestConfigErrorStopsServe: `monitor serve` with a bad config exits 1
// with the one-line error before it listens or touches the data dir.
func TestConfigErrorStopsServe(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, "crawl:\n  concurency: 8\n")
	data := filepath.Join(dir, "data")
	out, errs, code := runArgs("serve", "--config", path, "--data", data, "--addr", "127.0.0.1:0")
	if code != 1 || out != "" {
		t.Errorf("exit %d, stdout %q; want 1 and nothing", code, out)
	}
	want := "monitor: config " + path + ": line 2: unknown key crawl.concurency\n"
	if errs != want {
		t.Errorf("stderr %q, want %q", errs, want)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("the data dir was created: %v", err)
	}
}

// TestConfigEveryKey: a config with every key loads, each value lands
// where it belongs, and the crawler gets the crawl section.
func TestConfigEveryKey(t *testing.T) {
	dir := t.TempDir()
	profile, err := os.ReadFile(filepath.Join("..", "..", "rules", "profiles", "kon-tum.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	province := filepath.Join(dir, "my-province.yaml")
	if err := os.WriteFile(province, profile, 0o644); err != nil {
		t.Fatal(err)
	}
	path := writeConfig(t, dir, `# every key the config file knows
data: `+filepath.Join(dir, "data")+`
addr: 127.0.0.1:18080
base_url: https://monitor.example.vn/
no_catalog: true
crawl:
  user_agent: "TTDN-Monitor/1.0 (+https://example.vn/lien-he)"
  concurrency: 4
  per_host_delay: 1500ms
  timeout: 30s
  max_body_bytes: 5242880
  respect_robots: false
sources:
  - name: bao-kon-tum
    title: Báo Kon Tum
    kind: feed                # feed | site
    url: https://example.vn/rss/home.rss
    origin: domestic          # domestic | foreign
    country: VN
    language: vi
    interval: 30m
    enabled: false
  - name: some-site
    kind: site
    url: https://example.org/news/
    link_selector: "article h2 a"
    origin: foreign
    language: en
rules:
  - ./my-rules.yaml
province: `+province+`
report:
  parent_body: UBND TỈNH QUẢNG NGÃI
  issuing_body: SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH
  number_prefix: BC-SVHTTDL
  place: Quảng Ngãi
  area: khu vực phía Tây tỉnh (tỉnh Kon Tum cũ)
  signer_authority: KT. GIÁM ĐỐC
  signer_title: PHÓ GIÁM ĐỐC
  signer_name: Nguyễn Văn A
  recipients: [UBND tỉnh, Sở Ngoại vụ, Lưu VT]
`)
	got, err := LoadConfig(path)
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	no := false
	want := Config{
		Data: filepath.Join(dir, "data"), Addr: "127.0.0.1:18080", BaseURL: "https://monitor.example.vn/", NoCatalog: true,
		Crawl: CrawlConfig{
			UserAgent: "TTDN-Monitor/1.0 (+https://example.vn/lien-he)", Concurrency: 4,
			PerHostDelay: Duration(1500 * time.Millisecond), Timeout: Duration(30 * time.Second),
			MaxBodyBytes: 5 << 20, RespectRobots: &no,
		},
		Sources: []SourceConfig{
			{Name: "bao-kon-tum", Title: "Báo Kon Tum", Kind: "feed", URL: "https://example.vn/rss/home.rss", Origin: "domestic",
				Country: "VN", Language: "vi", Interval: Duration(30 * time.Minute), Enabled: &no},
			{Name: "some-site", Kind: "site", URL: "https://example.org/news/", LinkSelector: "article h2 a", Origin: "foreign", Language: "en"},
		},
		Rules: []string{"./my-rules.yaml"}, Province: province,
		Report: ReportConfig{
			ParentBody: "UBND TỈNH QUẢNG NGÃI", IssuingBody: "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", NumberPrefix: "BC-SVHTTDL",
			Place: "Quảng Ngãi", Area: "khu vực phía Tây tỉnh (tỉnh Kon Tum cũ)", SignerAuthority: "KT. GIÁM ĐỐC",
			SignerTitle: "PHÓ GIÁM ĐỐC", SignerName: "Nguyễn Văn A", Recipients: []string{"UBND tỉnh", "Sở Ngoại vụ", "Lưu VT"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("loaded config (-want +got):\n%s", diff)
	}
	if src := got.Sources[0].Source(); src.Enabled || src.Interval != 30*time.Minute || src.Title != "Báo Kon Tum" {
		t.Errorf("first source as the store gets it: %+v", src)
	}
	a := &app{cfg: got}
	cc := a.crawlerConfig(nil)
	if cc.UserAgent != want.Crawl.UserAgent || cc.Concurrency != 4 || cc.PerHostDelay != 1500*time.Millisecond ||
		cc.Timeout != 30*time.Second || cc.MaxBodyBytes != 5<<20 || cc.RespectRobots {
		t.Errorf("crawler config %+v does not follow the crawl section", cc)
	}
	if prof, err := a.loadProfile(); err != nil || prof == nil {
		t.Errorf("the province profile of the config does not load: %v", err)
	}
}

// TestConfigDefaults: no file and an empty file both give the defaults
// the README documents.
func TestConfigDefaults(t *testing.T) {
	empty := writeConfig(t, t.TempDir(), "# nothing set\n")
	for _, path := range []string{"", empty} {
		got, err := LoadConfig(path)
		if err != nil {
			t.Fatalf("LoadConfig(%q): %v", path, err)
		}
		if diff := cmp.Diff(DefaultConfig(), got); diff != "" {
			t.Errorf("LoadConfig(%q) (-defaults +got):\n%s", path, diff)
		}
	}
	d := DefaultConfig()
	if d.Data != "./data" || d.Addr != "127.0.0.1:8080" || d.Crawl.Concurrency != 8 ||
		time.Duration(d.Crawl.PerHostDelay) != time.Second || time.Duration(d.Crawl.Timeout) != 20*time.Second ||
		d.Crawl.MaxBodyBytes != 10485760 || !*d.Crawl.RespectRobots {
		t.Errorf("defaults differ from the README: %+v", d)
	}
}
