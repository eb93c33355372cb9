package rules

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const goodPack = `
pack: local
define:
  gate: '"cửa khẩu" OR "border gate"'
rules:
  - id: local.gate
    topic: border
    severity: medium
    languages: [vi, en]
    description: cửa khẩu
    expr: "@gate AND NOT title:(du lịch)"
  - id: local.off
    topic: border
    severity: low
    expr: "xyz"
    enabled: false
    version: 4
`

func TestParsePack(t *testing.T) {
	pk, err := ParsePack("file", []byte(goodPack))
	if err != nil {
		t.Fatal(err)
	}
	if pk.Name != "local" || len(pk.Rules) != 2 {
		t.Fatalf("pack = %+v", pk)
	}
	r := pk.Rules[0]
	if r.Expr != `("cửa khẩu" OR "border gate") AND NOT title:(du lịch)` || !r.Enabled || r.Version != 1 || r.Pack != "local" {
		t.Errorf("rule 0 = %+v", r)
	}
	if off := pk.Rules[1]; off.Enabled || off.Version != 4 {
		t.Errorf("rule 1 = %+v, want disabled version 4", off)
	}
}

func TestParsePackErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", "rules:\n  - id: a\n    topic: t\n    severity: low\n    expr: a\n    colour: red\n", "field colour not found"},
		{"unknown top key", "pak: x\nrules: []\n", "field pak not found"},
		{"no rules", "pack: x\n", "no rules"},
		{"bad expr", "rules:\n  - id: b.one\n    topic: border\n    severity: high\n    expr: '(\"biên giới\" OR x'\n", `pack p: rule b.one: expr: col 18: expected ")" after "x"`},
		{"bad severity", "rules:\n  - {id: a, topic: t, severity: critical, expr: a}\n", `rule a: severity "critical"`},
		{"duplicate", "rules:\n  - {id: a, topic: t, severity: low, expr: a}\n  - {id: a, topic: t, severity: low, expr: b}\n", "rule a: duplicate"},
		{"disabled rule still checked", "rules:\n  - {id: a, topic: t, severity: low, expr: '((', enabled: false}\n", "rule a: expr"},
		{"profile macro", "rules:\n  - {id: a, topic: t, severity: low, expr: 'x AND @province'}\n", "only available to built-in packs"},
		{"unknown macro", "rules:\n  - {id: a, topic: t, severity: low, expr: '@nothing'}\n", "unknown macro @nothing"},
		{"self macro", "define: {a: '@a'}\nrules:\n  - {id: a, topic: t, severity: low, expr: '@a'}\n", "nest too deep"},
		{"not yaml", "rules: [", "pack p:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePack("p", []byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParsePack error = %v, want containing %q", err, tt.want)
			}
		})
	}
	_, err := ParsePack("p", []byte("rules:\n  - {id: a, topic: t, severity: low, expr: 'a NEAR/0 b'}\n"))
	var re *RuleError
	var pe *ParseError
	if !errors.As(err, &re) || re.Pack != "p" || re.RuleID != "a" || !errors.As(err, &pe) || pe.Col != 3 {
		t.Errorf("error %v: want a *RuleError for p/a wrapping a *ParseError at col 3", err)
	}
}

func TestLoadPackFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "extra.yaml")
	if err := os.WriteFile(path, []byte("rules:\n  - {id: e, topic: t, severity: low, expr: a}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	pk, err := LoadPackFile(path)
	if err != nil || pk.Name != "extra" || len(pk.Rules) != 1 {
		t.Errorf("LoadPackFile = %+v, %v", pk, err)
	}
	if _, err := LoadPackFile(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("missing file: no error")
	}
}

func builtinMatcher(t *testing.T, p *Profile) *Matcher {
	t.Helper()
	packs, err := BuiltinPacks(p)
	if err != nil {
		t.Fatal(err)
	}
	var all []Rule
	for _, pk := range packs {
		all = append(all, pk.Rules...)
	}
	m, err := Compile(all)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestBuiltinPacks(t *testing.T) {
	p, err := DefaultProfile()
	if err != nil {
		t.Fatal(err)
	}
	packs, err := BuiltinPacks(p)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, pk := range packs {
		names = append(names, pk.Name)
		for _, r := range pk.Rules {
			if r.Description == "" || r.Pack != pk.Name || !r.Enabled || r.Version != 1 {
				t.Errorf("rule %s: %+v", r.ID, r)
			}
			if !strings.HasPrefix(r.ID, pk.Name+".") || r.Topic != pk.Name {
				t.Errorf("rule %s in pack %s has topic %s", r.ID, pk.Name, r.Topic)
			}
		}
	}
	if got := strings.Join(names, ","); got != "border,human_rights,province,religion" {
		t.Errorf("packs = %s", got)
	}
	if _, err := BuiltinPacks(nil); err == nil {
		t.Error("BuiltinPacks(nil): no error")
	}
}

// TestBuiltinAnalystCases are articles an analyst would sort without
// thinking; the packs must too.
func TestBuiltinAnalystCases(t *testing.T) {
	p, err := DefaultProfile()
	if err != nil {
		t.Fatal(err)
	}
	m := builtinMatcher(t, p)
	tests := []struct {
		name string
		doc  Doc
		want []string
		sev  string
	}{
		{"church festival is tourism", Doc{Language: "vi",
			Title: "Rộn ràng mùa Giáng sinh ở Nhà thờ gỗ Kon Tum",
			Body:  "Du khách check-in bên nhà thờ gỗ, giáo dân chuẩn bị hang đá, các quán cà phê quanh khu vực kín chỗ."},
			[]string{"province"}, "low"},
		{"sports border derby abroad", Doc{Language: "vi",
			Title: "Derby biên giới: Campuchia cầm hòa Thái Lan",
			Body:  "Hàng nghìn cổ động viên vượt biên giới qua cửa khẩu để cổ vũ đội tuyển."},
			nil, ""},
		{"border markers in province", Doc{Language: "vi",
			Title: "Kiểm tra cột mốc biên giới trên địa bàn xã Mô Rai",
			Body:  "Đồn Biên phòng phối hợp lực lượng Campuchia tuần tra song phương, kiểm tra mốc quốc giới."},
			[]string{"border", "province"}, "medium"},
		{"sovereignty distortion in province", Doc{Language: "vi",
			Title: "Thu giữ áo phông in bản đồ có đường lưỡi bò tại Măng Đen",
			Body:  "Sản phẩm thể hiện sai chủ quyền biển đảo."},
			[]string{"border", "province"}, "high"},
		{"foreign claim on believers", Doc{Language: "en",
			Title: "Montagnard Protestants in Kon Tum say police pressure them to renounce their faith",
			Body:  "Human rights groups say house church members were summoned repeatedly."},
			[]string{"human_rights", "province", "religion"}, "high"},
		{"no diacritics forum post", Doc{Language: "vi",
			Title: "Nguoi dan Dak Glei bi ep bo dao",
			Body:  "Nhieu tin do Tin Lanh o Dak Glei noi ve vi pham nhan quyen."},
			[]string{"human_rights", "province", "religion"}, "high"},
		{"ambiguous Ngọc Hồi in Hà Nội", Doc{Language: "vi",
			Title: "Khởi công tổ hợp ga Ngọc Hồi",
			Body:  "Dự án đường sắt tại xã Ngọc Hồi, Hà Nội."},
			nil, ""},
		{"Bà Nà is not Ba Na", Doc{Language: "vi",
			Title: "Lễ hội hoa trên đỉnh Bà Nà",
			Body:  "Khu du lịch Bà Nà Hills ở Đà Nẵng đón khách."},
			nil, ""},
		{"french border smuggling", Doc{Language: "fr",
			Title: "Saisie de bois de rose à la frontière laotienne",
			Body:  "Des gardes-frontières vietnamiens ont intercepté un convoi près du poste-frontière de Bo Y, dans l'ancienne province de Kon Tum."},
			[]string{"border", "province"}, "medium"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var topics []string
			sev := ""
			for _, h := range m.Match(tt.doc) {
				if !slices.Contains(topics, h.Topic) {
					topics = append(topics, h.Topic)
				}
				if SeverityRank(h.Severity) > SeverityRank(sev) {
					sev = h.Severity
				}
			}
			slices.Sort(topics)
			if strings.Join(topics, ",") != strings.Join(tt.want, ",") || sev != tt.sev {
				t.Errorf("topics %v severity %q, want %v %q", topics, sev, tt.want, tt.sev)
			}
		})
	}
}
