package rules

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed profiles/kon-tum.yaml
var defaultProfileYAML []byte

// Profile describes the province the office watches: its names old and
// new, the places in it, its border gates and neighbours, its ethnic
// groups and region, and the letterhead of its reports. The province pack
// is built from it, so another province swaps the profile file, not code.
type Profile struct {
	Name        string   `yaml:"name"`         // e.g. "Kon Tum (cũ), tỉnh Quảng Ngãi"
	Province    string   `yaml:"province"`     // the province today, e.g. "Quảng Ngãi"
	FormerNames []string `yaml:"former_names"` // names that alone make an article relevant

	Places       []Place       `yaml:"places"`
	BorderGates  []string      `yaml:"border_gates"`
	Neighbours   []Neighbour   `yaml:"neighbours"`
	EthnicGroups []EthnicGroup `yaml:"ethnic_groups"`
	Region       []string      `yaml:"region"` // e.g. Tây Nguyên; never enough alone

	Report Letterhead `yaml:"report"`
}

// Place is a place in the province: a former district or town, or a
// commune or ward of today. An ambiguous place counts only in its
// Qualified forms, or beside the region, an ethnic group or a border gate.
type Place struct {
	Name      string   `yaml:"name"`
	Kind      string   `yaml:"kind"` // former_city, former_district, former_town, ward, commune
	Spellings []string `yaml:"spellings"`
	Ambiguous bool     `yaml:"ambiguous"`
	Qualified []string `yaml:"qualified"`
}

// Neighbour is a province across the border.
type Neighbour struct {
	Country string   `yaml:"country"`
	Names   []string `yaml:"names"`
}

// EthnicGroup is an ethnic group of the province. Counts says what its
// name proves: "alone" (in Vietnam the group lives essentially only
// here), "with_region" (mostly here: it counts beside the region) or
// "never" (shared with neighbouring provinces).
type EthnicGroup struct {
	Name      string   `yaml:"name"`
	Spellings []string `yaml:"spellings"`
	Counts    string   `yaml:"counts"`
}

// What an ethnic group's name proves (EthnicGroup.Counts).
const (
	CountsAlone      = "alone"
	CountsWithRegion = "with_region"
	CountsNever      = "never"
)

// Letterhead is what heads and signs the office's printed reports
// (Decree 30/2020/NĐ-CP). NumberPrefix is the symbol after the slash of
// the number ("BC-SVHTTDL" prints as "Số: 12/BC-SVHTTDL"). Recipients are
// the lines of "Nơi nhận", punctuation included ("UBND tỉnh (b/c);").
type Letterhead struct {
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

// DefaultProfile returns the built-in profile: the former Kon Tum
// province within today's Quảng Ngãi. Each call returns a fresh copy.
func DefaultProfile() (*Profile, error) {
	p, err := ParseProfile(defaultProfileYAML)
	if err != nil {
		return nil, fmt.Errorf("built-in province profile: %w", err)
	}
	return p, nil
}

// LoadProfile reads a province profile from a YAML file in the format of
// the built-in one; unknown keys, a profile without names and a name that
// is not a valid term are errors.
func LoadProfile(path string) (*Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read province profile: %w", err)
	}
	p, err := ParseProfile(data)
	if err != nil {
		return nil, fmt.Errorf("province profile %s: %w", path, err)
	}
	return p, nil
}

// ParseProfile parses and checks a profile in YAML.
func ParseProfile(data []byte) (*Profile, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var p Profile
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	return &p, nil
}

func (p *Profile) check() error {
	if strings.TrimSpace(p.Name) == "" {
		return errors.New("name is empty")
	}
	if len(p.FormerNames) == 0 && len(p.Places) == 0 {
		return errors.New("neither former_names nor places: nothing to recognise the province by")
	}
	for _, pl := range p.Places {
		if pl.Name == "" {
			return errors.New("a place without a name")
		}
		if pl.Ambiguous && len(pl.Qualified) == 0 {
			return fmt.Errorf("place %s: ambiguous but no qualified forms", pl.Name)
		}
	}
	for _, g := range p.EthnicGroups {
		switch g.Counts {
		case CountsAlone, CountsWithRegion, CountsNever:
		default:
			return fmt.Errorf("ethnic group %s: counts %q is not alone, with_region or never", g.Name, g.Counts)
		}
	}
	for _, ph := range p.allPhrases() {
		if len(Tokenize(ph)) == 0 {
			return fmt.Errorf("%q has no letters or digits", ph)
		}
	}
	return nil
}

// allPhrases lists every name of the profile, for checking.
func (p *Profile) allPhrases() []string {
	out := append([]string{}, p.FormerNames...)
	for _, pl := range p.Places {
		out = append(out, pl.Name)
		out = append(out, pl.Spellings...)
		out = append(out, pl.Qualified...)
	}
	out = append(out, p.BorderGates...)
	out = append(out, p.Region...)
	for _, n := range p.Neighbours {
		out = append(out, n.Names...)
	}
	for _, g := range p.EthnicGroups {
		out = append(out, g.Name)
		out = append(out, g.Spellings...)
	}
	return out
}
