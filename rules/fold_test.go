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
