package web

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/rules"
	"github.com/ttdn/monitor/web/i18n"
)

// TestEveryValueHasItsLabel: every topic of the built-in packs, every
// item status, origin and severity, and every response kind and status
// the pages print through a "prefix." key has a label in both languages,
// so no page shows a raw code such as "province".
func TestEveryValueHasItsLabel(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	prof, err := rules.DefaultProfile()
	if err != nil {
		t.Fatal(err)
	}
	packs, err := rules.BuiltinPacks(prof)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, p := range packs {
		for _, r := range p.Rules {
			add("topic." + r.Topic)
		}
	}
	if !seen["topic.province"] {
		t.Error("the built-in packs have no province topic; the walk is looking in the wrong place")
	}
	for _, s := range index.Statuses {
		add("status." + string(s))
	}
	for _, o := range []index.Origin{index.OriginDomestic, index.OriginForeign} {
		add("origin." + string(o))
	}
	for _, s := range []index.Severity{index.SeverityLow, index.SeverityMedium, index.SeverityHigh} {
		add("severity." + string(s))
	}
	for _, k := range index.ResponseKinds {
		add("kind." + string(k))
	}
	for _, s := range index.ResponseStatuses {
		add("rstatus." + string(s))
	}
	for _, k := range keys {
		if !cat.Has(k) {
			t.Errorf("no label for %s", k)
			continue
		}
		for _, lang := range i18n.Languages {
			if got := cat.T(lang, k); strings.TrimSpace(got) == "" || got == k {
				t.Errorf("%s label of %s is %q", lang, k, got)
			}
		}
	}
	if got := cat.T("vi", "topic.province"); got != "Thông tin về tỉnh" {
		t.Errorf("topic.province in Vietnamese = %q, want the export's wording %q", got, "Thông tin về tỉnh")
	}
}

// templateKey is a literal catalogue key in a template: {{.T "key"}} or
// {{$.T "key"}}.
var templateKey = regexp.MustCompile(`\.T "([a-z_]+\.[a-z0-9_.]+)"`)

// TestTemplateKeysExist: every literal key a template asks for is in the
// catalogue (both languages hold the same keys, as i18n.Load checks).
func TestTemplateKeysExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = fs.WalkDir(os.DirFS("templates"), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile("templates/" + path)
		if err != nil {
			return err
		}
		for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
			n++
			if !cat.Has(m[1]) {
				t.Errorf("templates/%s asks for %q, which the catalogue lacks", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Errorf("found only %d keys in the templates; the pattern misses them", n)
	}
}
