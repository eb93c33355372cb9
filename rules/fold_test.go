package rules

import "testing"

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"nfc", "nhân quyền", "nhan quyen"},
		{"upper", "NHÂN QUYỀN", "nhan quyen"},
		{"nfd", "nha\u0302n quye\u0302\u0300n", "nhan quyen"},
		{"ascii", "nhan quyen", "nhan quyen"},
		{"old and new tone placement", "hoà", "hoa"},
		{"new tone placement", "hòa", "hoa"},
		{"d stroke upper", "Đắk Glei", "dak glei"},
		{"d stroke variant", "Đăk", "dak"},
		{"french", "Frontière", "frontiere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenizeOffsets(t *testing.T) {
	text := "Tại Bờ Y, biên giới."
	toks := Tokenize(text)
	want := []string{"tai", "bo", "y", "bien", "gioi"}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens, want %d", len(toks), len(want))
	}
	for i, tok := range toks {
		if tok.Folded != want[i] {
			t.Errorf("token %d = %q, want %q", i, tok.Folded, want[i])
		}
		if tok.Pos != i {
			t.Errorf("token %d pos = %d", i, tok.Pos)
		}
	}
	if got := text[toks[3].Start:toks[4].End]; got != "biên giới" {
		t.Errorf("offsets give %q, want %q", got, "biên giới")
	}
}

// TestFoldFastAgrees checks the table path of Fold against its
// definition on every letter it covers and on mixed text.
func TestFoldFastAgrees(t *testing.T) {
	var all []rune
	for r := rune(0); r < 0x0370; r++ {
		all = append(all, r)
	}
	for r := rune(0x1E00); r <= 0x1EFF; r++ {
		all = append(all, r)
	}
	for _, r := range all {
		s := "x" + string(r) + "Y"
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Errorf("Fold(%q) = %q, slow path %q", s, got, want)
		}
	}
	for _, s := range []string{"Nhà thờ GỖ", "quye\u0302\u0300n", "Đắk Glei – Kon Tum", "Frontière laotienne", "日本 Kon"} {
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Errorf("Fold(%q) = %q, slow path %q", s, got, want)
		}
	}
}

func FuzzFold(f *testing.F) {
	f.Add("Đắk Glei")
	f.Add("nha\u0302n")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Fatalf("Fold(%q) = %q, slow path %q", s, got, want)
		}
	})
}
