package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultProfile(t *testing.T) {
	p, err := DefaultProfile()
	if err != nil {
		t.Fatal(err)
	}
	if p.Province != "Quảng Ngãi" || p.Report.ParentBody != "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" ||
		p.Report.Place != "Quảng Ngãi" || p.Report.NumberPrefix == "" || len(p.Report.Recipients) == 0 {
		t.Errorf("profile = %+v", p.Report)
	}
	if len(p.Places) < 40 || len(p.BorderGates) == 0 || len(p.Neighbours) != 2 {
		t.Errorf("places %d, gates %d, neighbours %d", len(p.Places), len(p.BorderGates), len(p.Neighbours))
	}
	q, _ := DefaultProfile()
	q.Places[0].Name = "changed"
	if p.Places[0].Name == "changed" {
		t.Error("DefaultProfile copies share state")
	}
}

func TestParseProfileErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown key", "name: X\nformer_names: [X]\ncolour: red\n", "field colour not found"},
		{"no name", "former_names: [X]\n", "name is empty"},
		{"nothing to match", "name: X\n", "nothing to recognise"},
		{"ambiguous unqualified", "name: X\nplaces:\n  - {name: Y, spellings: [Y], ambiguous: true}\n", "no qualified forms"},
		{"bad counts", "name: X\nformer_names: [X]\nethnic_groups:\n  - {name: E, counts: sometimes}\n", `counts "sometimes"`},
		{"punctuation name", "name: X\nformer_names: [\"--\"]\n", "no letters or digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseProfile([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want containing %q", err, tt.want)
			}
		})
	}
}

// TestOtherProvinceProfile checks that another province is a profile
// file, not code: the province pack and the topic packs' @province follow
// it.
func TestOtherProvinceProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gia-lai.yaml")
	yaml := `
name: Gia Lai
province: Gia Lai
former_names: [Gia Lai, Gia-Lai]
places:
  - {name: Pleiku, kind: ward, spellings: [Pleiku, Plây Cu]}
  - {name: Đức Cơ, kind: commune, spellings: [Đức Cơ]}
border_gates: [cửa khẩu Lệ Thanh]
region: [Tây Nguyên, Central Highlands]
report:
  parent_body: ỦY BAN NHÂN DÂN TỈNH GIA LAI
  place: Gia Lai
`
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := LoadProfile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := builtinMatcher(t, p)
	topics := func(d Doc) string {
		var out []string
		for _, h := range m.Match(d) {
			out = append(out, h.RuleID)
		}
		return strings.Join(out, ",")
	}
	if got := topics(Doc{Title: "Tuần tra song phương tại cửa khẩu Lệ Thanh", Language: "vi"}); !strings.Contains(got, "border.province") || !strings.Contains(got, "province.border_gate") {
		t.Errorf("Gia Lai border story hits %s", got)
	}
	if got := topics(Doc{Title: "Du lịch Măng Đen, Kon Tum", Language: "vi"}); got != "" {
		t.Errorf("Kon Tum story under the Gia Lai profile hits %s", got)
	}
	if _, err := LoadProfile(filepath.Join(t.TempDir(), "none.yaml")); err == nil {
		t.Error("missing profile: no error")
	}
}
