package rules

import (
	"fmt"
	"strings"
)

// Macros returns the profile's names as rule-language expressions, for
// "@name" in built-in packs:
//
//	@province_names      the province's names, old and new (Kon Tum…)
//	@province_places     places that are not ambiguous, and the qualified
//	                     forms of those that are (huyện Ngọc Hồi)
//	@province_ambiguous  the bare ambiguous place names (Ngọc Hồi, Xốp)
//	@province_gates      border gates (cửa khẩu Bờ Y)
//	@province_neighbours provinces across the border (Attapeu)
//	@province_ethnic     ethnic groups that count alone (Brâu), or beside
//	                     the region (Xơ Đăng AND Tây Nguyên)
//	@region              the region (Tây Nguyên, Central Highlands)
//	@province            any of the evidence above that an article is
//	                     about the province
func (p *Profile) Macros() map[string]string {
	var places, ambiguous []string
	for _, pl := range p.Places {
		if pl.Ambiguous {
			ambiguous = append(ambiguous, pl.Spellings...)
			places = append(places, pl.Qualified...)
			continue
		}
		places = append(places, pl.Name)
		places = append(places, pl.Spellings...)
	}
	var alone, withRegion []string
	for _, g := range p.EthnicGroups {
		names := append([]string{g.Name}, g.Spellings...)
		switch g.Counts {
		case CountsAlone:
			alone = append(alone, names...)
		case CountsWithRegion:
			withRegion = append(withRegion, names...)
		}
	}
	var neighbours []string
	for _, n := range p.Neighbours {
		neighbours = append(neighbours, n.Names...)
	}
	m := map[string]string{
		"province_names":      anyOf(p.FormerNames),
		"province_places":     anyOf(places),
		"province_ambiguous":  anyOf(ambiguous),
		"province_gates":      anyOf(p.BorderGates),
		"province_neighbours": anyOf(neighbours),
		"region":              anyOf(p.Region),
	}
	ethnic := []string{}
	if len(alone) > 0 {
		ethnic = append(ethnic, anyOf(alone))
	}
	if len(withRegion) > 0 && len(p.Region) > 0 {
		ethnic = append(ethnic, "("+anyOf(withRegion)+") AND ("+m["region"]+")")
	}
	m["province_ethnic"] = strings.Join(ethnic, " OR ")
	var all []string
	for _, k := range []string{"province_names", "province_places", "province_gates", "province_ethnic"} {
		if m[k] != "" {
			all = append(all, "("+m[k]+")")
		}
	}
	if m["province_ambiguous"] != "" {
		ctx := nonEmpty(m["region"], m["province_gates"], m["province_neighbours"], m["province_ethnic"])
		if len(ctx) > 0 {
			all = append(all, "(("+m["province_ambiguous"]+") AND ("+strings.Join(ctx, " OR ")+"))")
		}
	}
	m["province"] = strings.Join(all, " OR ")
	return m
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, "("+s+")")
		}
	}
	return out
}

// anyOf renders names as quoted phrases joined by OR, dropping those that
// fold to the same words as an earlier one. An empty list gives "".
func anyOf(names []string) string {
	seen := map[string]bool{}
	var parts []string
	for _, n := range names {
		key := strings.Join(foldedWords(n), " ")
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		parts = append(parts, quotePhrase(n))
	}
	return strings.Join(parts, " OR ")
}

func foldedWords(s string) []string {
	toks := Tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Folded
	}
	return out
}

// quotePhrase writes s as a phrase of the rule language.
func quotePhrase(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// ProvincePack builds the province pack from p: low-severity rules that
// mark an article as being about the province (topic "province"). They
// flag nothing by themselves; the topic packs combine @province with
// their own terms for that.
func ProvincePack(p *Profile) (Pack, error) {
	m := p.Macros()
	type def struct{ id, expr, desc string }
	defs := []def{
		{"province.name", m["province_names"], "Tên tỉnh (cũ và mới) xuất hiện: " + p.Name},
		{"province.place", m["province_places"], "Địa danh trong tỉnh: huyện, thị trấn cũ và xã, phường mới (kể cả viết không dấu)"},
		{"province.border_gate", m["province_gates"], "Cửa khẩu, điểm mốc biên giới của tỉnh"},
		{"province.ethnic", m["province_ethnic"], "Dân tộc đặc trưng của tỉnh (hoặc dân tộc chủ yếu ở tỉnh cùng với tên vùng)"},
	}
	if amb := m["province_ambiguous"]; amb != "" {
		ctx := nonEmpty(m["region"], m["province_gates"], m["province_neighbours"], m["province_ethnic"])
		if len(ctx) > 0 {
			defs = append(defs, def{"province.place_in_context", "(" + amb + ") AND (" + strings.Join(ctx, " OR ") + ")",
				"Địa danh dễ nhầm (trùng tên nơi khác) cùng với tên vùng, cửa khẩu, tỉnh bạn hoặc dân tộc của tỉnh"})
		}
	}
	pk := Pack{Name: "province"}
	for _, d := range defs {
		if d.expr == "" {
			continue
		}
		pk.Rules = append(pk.Rules, Rule{
			ID: d.id, Topic: "province", Severity: SeverityLow, Expr: d.expr,
			Description: d.desc, Enabled: true, Version: 1, Pack: "province",
		})
	}
	if len(pk.Rules) == 0 {
		return Pack{}, fmt.Errorf("province pack: profile %s has no names", p.Name)
	}
	if _, err := Compile(pk.Rules); err != nil {
		return Pack{}, fmt.Errorf("province pack: %w", err)
	}
	return pk, nil
}
