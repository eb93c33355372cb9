package fetch

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// cp1258 encodes NFC Vietnamese as windows-1258 writes it: shape marks
// precomposed where the code page has them, tone marks combining.
func cp1258(t *testing.T, s string) []byte {
	t.Helper()
	var b strings.Builder
	for _, r := range s {
		var base, tones []rune
		for _, d := range norm.NFD.String(string(r)) {
			switch d {
			case 0x0300, 0x0301, 0x0303, 0x0309, 0x0323:
				tones = append(tones, d)
			default:
				base = append(base, d)
			}
		}
		b.WriteString(norm.NFC.String(string(base)) + string(tones))
	}
	out, err := charmap.Windows1258.NewEncoder().Bytes([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDecodeXML(t *testing.T) {
	const vi = "Đắk Glei: Người dân thu hoạch lúa rẫy, mừng được mùa"
	const fr = "Café, élève, façade — déjà vu"
	latin1, _ := charmap.Windows1252.NewEncoder().String(fr)
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(`<?xml version="1.0" encoding="utf-16"?><t>` + vi + `</t>`)
	tests := []struct {
		name        string
		body        []byte
		contentType string
		fallback    string
		want        string
	}{
		{"windows-1258 in prolog", append([]byte(`<?xml version="1.0" encoding="windows-1258"?><t>`), append(cp1258(t, vi), "</t>"...)...), "text/xml", "", vi},
		{"windows-1258 undeclared, Vietnamese source", append([]byte(`<t>`), append(cp1258(t, vi), "</t>"...)...), "", "windows-1258", vi},
		{"windows-1252 in header", []byte(`<?xml version="1.0"?><t>` + latin1 + `</t>`), "application/rss+xml; charset=windows-1252", "", fr},
		{"ISO-8859-1 in prolog", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><t>` + latin1 + `</t>`), "", "", fr},
		{"UTF-8 declared ISO-8859-1", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><t>` + vi + `</t>`), "text/xml; charset=iso-8859-1", "", vi},
		{"latin-1 declared UTF-8", []byte(`<?xml version="1.0" encoding="utf-8"?><t>` + latin1 + `</t>`), "", "", fr},
		{"UTF-16 with BOM", []byte(utf16), "", "", vi},
		{"decomposed UTF-8 becomes NFC", []byte(`<t>` + norm.NFD.String(vi) + `</t>`), "", "", vi},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := DecodeXML(tc.body, tc.contentType, tc.fallback)
			if !bytes.Contains(out, []byte(tc.want)) {
				t.Errorf("got %q, want it to contain %q", out, tc.want)
			}
			if !norm.NFC.IsNormal(out) {
				t.Errorf("output is not NFC")
			}
			if bytes.Contains(bytes.ToLower(out), []byte("encoding=")) && !bytes.Contains(out, []byte(`encoding="utf-8"`)) {
				t.Errorf("prolog not rewritten to utf-8: %q", out[:min(len(out), 60)])
			}
		})
	}
}

func TestDecodeHTML(t *testing.T) {
	const vi = "Cửa khẩu quốc tế Bờ Y"
	tests := []struct {
		name, contentType string
		body              []byte
		want              string
	}{
		{"meta charset windows-1258", "text/html", append([]byte(`<html><head><meta charset="windows-1258"></head><body>`), cp1258(t, vi)...), vi},
		{"header wins over meta", "text/html; charset=windows-1258", append([]byte(`<meta charset="iso-8859-1">`), cp1258(t, vi)...), vi},
		{"utf-8 bytes declared latin-1", "text/html; charset=ISO-8859-1", []byte("<p>" + vi), vi},
		{"plain utf-8", "text/html", []byte("<p>" + vi), vi},
	}
	for _, tc := range tests {
		out, _ := DecodeHTML(tc.body, tc.contentType, "windows-1258")
		if !bytes.Contains(out, []byte(tc.want)) {
			t.Errorf("%s: got %q, want %q", tc.name, out, tc.want)
		}
	}
}
