package rules

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed packs/*.yaml
var packFS embed.FS

// Pack is a named set of rules: a built-in pack or one from a file.
type Pack struct {
	Name  string
	Rules []Rule
}

// packFile is a pack as written in YAML. Define holds pack-local macros:
// "@name" in an expression stands for "(" + definition + ")".
type packFile struct {
	Pack   string            `yaml:"pack"`
	Define map[string]string `yaml:"define"`
	Rules  []packRule        `yaml:"rules"`
}

type packRule struct {
	ID          string   `yaml:"id"`
	Topic       string   `yaml:"topic"`
	Severity    string   `yaml:"severity"`
	Languages   []string `yaml:"languages"`
	Expr        string   `yaml:"expr"`
	Description string   `yaml:"description"`
	Enabled     *bool    `yaml:"enabled"` // absent: enabled
	Version     int      `yaml:"version"` // absent: 1
}

// macroRef is a macro reference in an expression: @ and a name.
var macroRef = regexp.MustCompile(`@([a-z][a-z0-9_]*)`)

// maxMacroDepth bounds macros that use macros.
const maxMacroDepth = 8

// ParsePack parses a pack in YAML (keys: pack, define, rules; each rule
// id, topic, severity, languages, expr, description, and optionally
// enabled and version). Unknown keys are refused, and so is any rule that
// Compile would refuse: the *RuleError names the pack, the rule and the
// column. Expressions may use the pack's own @macros, not the province
// profile's (those are for built-in packs).
func ParsePack(name string, data []byte) (Pack, error) {
	return parsePack(name, data, nil)
}

// LoadPackFile reads a pack from a YAML file; the pack's name is its
// "pack:" key, or the file name without extension.
func LoadPackFile(path string) (Pack, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Pack{}, fmt.Errorf("read rule pack: %w", err)
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	p, err := ParsePack(name, data)
	if err != nil {
		return Pack{}, fmt.Errorf("rule pack %s: %w", path, err)
	}
	return p, nil
}

// BuiltinPacks returns the built-in packs, border, human_rights, religion
// and province, with the province's names taken from p.
func BuiltinPacks(p *Profile) ([]Pack, error) {
	if p == nil {
		return nil, errors.New("built-in packs need a province profile")
	}
	macros := p.Macros()
	names, err := packFS.ReadDir("packs")
	if err != nil {
		return nil, fmt.Errorf("read built-in packs: %w", err)
	}
	var packs []Pack
	for _, e := range names {
		data, err := packFS.ReadFile("packs/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("read built-in pack: %w", err)
		}
		pk, err := parsePack(strings.TrimSuffix(e.Name(), ".yaml"), data, macros)
		if err != nil {
			return nil, fmt.Errorf("built-in pack: %w", err)
		}
		packs = append(packs, pk)
	}
	pp, err := ProvincePack(p)
	if err != nil {
		return nil, err
	}
	packs = append(packs, pp)
	sort.Slice(packs, func(i, j int) bool { return packs[i].Name < packs[j].Name })
	return packs, nil
}

func parsePack(name string, data []byte, profileMacros map[string]string) (Pack, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var pf packFile
	if err := dec.Decode(&pf); err != nil {
		return Pack{}, fmt.Errorf("pack %s: %w", name, err)
	}
	if pf.Pack != "" {
		name = pf.Pack
	}
	if len(pf.Rules) == 0 {
		return Pack{}, fmt.Errorf("pack %s: no rules", name)
	}
	macros := map[string]string{}
	for k, v := range profileMacros {
		macros[k] = v
	}
	for k, v := range pf.Define {
		macros[k] = v
	}
	pk := Pack{Name: name}
	for _, pr := range pf.Rules {
		r, err := pr.rule(name, macros, profileMacros != nil)
		if err != nil {
			return Pack{}, err
		}
		pk.Rules = append(pk.Rules, r)
	}
	all := make([]Rule, len(pk.Rules))
	copy(all, pk.Rules)
	for i := range all {
		all[i].Enabled = true // check disabled rules too
	}
	if _, err := Compile(all); err != nil {
		return Pack{}, err
	}
	return pk, nil
}

func (pr packRule) rule(pack string, macros map[string]string, haveProfile bool) (Rule, error) {
	expr, err := expandMacros(pr.Expr, macros, haveProfile, 0)
	if err != nil {
		return Rule{}, &RuleError{Pack: pack, RuleID: pr.ID, Err: err}
	}
	r := Rule{
		ID: pr.ID, Topic: pr.Topic, Severity: pr.Severity, Languages: pr.Languages,
		Expr: strings.TrimSpace(expr), Description: strings.TrimSpace(pr.Description),
		Enabled: pr.Enabled == nil || *pr.Enabled, Version: pr.Version, Pack: pack,
	}
	if r.Version == 0 {
		r.Version = 1
	}
	return r, nil
}

// expandMacros replaces each @name with its definition in parentheses.
func expandMacros(expr string, macros map[string]string, haveProfile bool, depth int) (string, error) {
	if depth > maxMacroDepth {
		return "", errors.New("macros nest too deep (a macro that uses itself?)")
	}
	var firstErr error
	out := macroRef.ReplaceAllStringFunc(expr, func(ref string) string {
		name := ref[1:]
		def, ok := macros[name]
		if !ok && firstErr == nil {
			if !haveProfile && strings.HasPrefix(name, "province") {
				firstErr = fmt.Errorf("%s comes from the province profile and is only available to built-in packs", ref)
			} else {
				firstErr = fmt.Errorf("unknown macro %s", ref)
			}
		}
		return "(" + def + ")"
	})
	if firstErr != nil {
		return "", firstErr
	}
	if macroRef.MatchString(out) && out != expr {
		return expandMacros(out, macros, haveProfile, depth+1)
	}
	return out, nil
}
