package fetch

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

var (
	xmlProlog   = regexp.MustCompile(`^\s*<\?xml[^>]*\?>`)
	xmlEncoding = regexp.MustCompile(`(?i)encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)
)

// DecodeXML returns an XML document as UTF-8 in NFC, its prolog saying
// so. The encoding comes from a byte-order mark, else the Content-Type
// charset, else the prolog; a declaration that the bytes contradict
// (valid UTF-8 declared as a legacy charset, or invalid UTF-8 declared as
// UTF-8) is overruled. fallback names the legacy charset to assume for
// undeclared non-UTF-8 bytes ("windows-1258" for Vietnamese sources;
// "windows-1252" when empty). It also returns the charset used.
func DecodeXML(body []byte, contentType, fallback string) ([]byte, string) {
	declared := contentTypeCharset(contentType)
	prolog := ""
	if m := xmlProlog.Find(body); m != nil {
		if e := xmlEncoding.FindSubmatch(m); e != nil {
			prolog = string(e[1])
		}
	}
	if declared == "" {
		declared = prolog
	}
	out, name := decode(body, declared, fallback)
	out = stripXMLControls(out)
	if loc := xmlProlog.FindIndex(out); loc != nil {
		p := xmlEncoding.ReplaceAll(out[loc[0]:loc[1]], []byte(`encoding="utf-8"`))
		out = append(append(append([]byte{}, out[:loc[0]]...), p...), out[loc[1]:]...)
	}
	return out, name
}

// DecodeHTML returns an HTML page as UTF-8 in NFC. The encoding comes
// from a byte-order mark, the Content-Type charset or a <meta> charset,
// overruled when the bytes contradict it; fallback as for DecodeXML.
func DecodeHTML(body []byte, contentType, fallback string) ([]byte, string) {
	declared := contentTypeCharset(contentType)
	if declared == "" {
		if _, name, certain := charset.DetermineEncoding(body, "text/html"); certain {
			declared = name
		}
	}
	return decode(body, declared, fallback)
}

// decode converts body from the declared charset (checked against the
// bytes) to NFC UTF-8.
func decode(body []byte, declared, fallback string) ([]byte, string) {
	if enc, name, n := bomEncoding(body); enc != nil {
		out, err := enc.NewDecoder().Bytes(body[n:])
		if err == nil {
			return norm.NFC.Bytes(out), name
		}
	}
	if fallback == "" {
		fallback = "windows-1252"
	}
	name := strings.ToLower(strings.TrimSpace(declared))
	validUTF8 := utf8.Valid(body)
	switch {
	case isUTF8Label(name) && validUTF8, name == "" && validUTF8:
		return norm.NFC.Bytes(body), "utf-8"
	case validUTF8 && hasMultibyte(body) && isSingleByte(name):
		// Declared a legacy charset but the bytes are UTF-8: believe the bytes.
		return norm.NFC.Bytes(body), "utf-8"
	case isUTF8Label(name) || name == "":
		name = fallback
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		if validUTF8 {
			return norm.NFC.Bytes(body), "utf-8"
		}
		name = fallback
		if enc, err = htmlindex.Get(name); err != nil {
			return norm.NFC.Bytes(bytes.ToValidUTF8(body, []byte("\uFFFD"))), "utf-8"
		}
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), body)
	if err != nil {
		return norm.NFC.Bytes(bytes.ToValidUTF8(body, []byte("\uFFFD"))), "utf-8"
	}
	return norm.NFC.Bytes(out), name
}

func bomEncoding(b []byte) (encoding.Encoding, string, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return encoding.Nop, "utf-8", 3
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 2
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 2
	}
	return nil, "", 0
}

func contentTypeCharset(ct string) string {
	if ct == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	return params["charset"]
}

func isUTF8Label(name string) bool {
	return name == "utf-8" || name == "utf8" || name == "unicode-1-1-utf-8"
}

// isSingleByte reports whether name is a one-byte-per-character charset,
// in which valid multi-byte UTF-8 practically never occurs by chance.
func isSingleByte(name string) bool {
	if name == "" || isUTF8Label(name) {
		return false
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		return false
	}
	canon, _ := htmlindex.Name(enc)
	return strings.HasPrefix(canon, "windows-") || strings.HasPrefix(canon, "iso-8859-") ||
		strings.HasPrefix(canon, "koi8") || canon == "ibm866" || canon == "macintosh" || canon == "x-mac-cyrillic"
}

func hasMultibyte(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// stripXMLControls drops the C0 control characters XML 1.0 forbids,
// which real feeds contain and which stop the parser.
func stripXMLControls(b []byte) []byte {
	clean := true
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			clean = false
			break
		}
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			continue
		}
		out = append(out, c)
	}
	return out
}
