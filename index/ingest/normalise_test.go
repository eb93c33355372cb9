package ingest

import "testing"

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"tracking params", "https://baokontum.vn/tin/bien-gioi-123.html?utm_source=fb&utm_medium=social&fbclid=IwAR0x", "https://baokontum.vn/tin/bien-gioi-123.html"},
		{"fragment and default port", "HTTPS://BaoKonTum.VN:443/tin/a.html#binh-luan", "https://baokontum.vn/tin/a.html"},
		{"keeps real params sorted", "http://example.vn:80/?id=5&cat=2&gclid=x", "http://example.vn/?cat=2&id=5"},
		{"empty path", "https://example.org", "https://example.org/"},
		{"other port kept", "http://127.0.0.1:8080/a?utm_campaign=x", "http://127.0.0.1:8080/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanonicalURL(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "ftp://x/y", "javascript:alert(1)", "http://"} {
		if _, err := CanonicalURL(bad); err == nil {
			t.Errorf("CanonicalURL(%q): want error", bad)
		}
	}
}
