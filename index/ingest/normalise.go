package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/rules"
)

// trackingParams are query parameters that only say how a reader arrived.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "_ga": true, "_gl": true,
	"ref_src": true, "spm": true, "cmpid": true, "ocid": true,
}

// CanonicalURL normalises a URL so that every way of writing one address
// gives one string: lower-case scheme and host, no default port, no
// fragment, no tracking parameters (utm_*, fbclid, …), an empty path as /.
func CanonicalURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("parse url %q: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("url %q: scheme must be http or https", raw)
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return "", fmt.Errorf("url %q: no host", raw)
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	u.Host = host
	if port != "" {
		u.Host = net.JoinHostPort(host, port)
	}
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	if u.Path == "" {
		u.Path = "/"
	}
	u.RawQuery = cleanQuery(u.Query(), u.RawQuery)
	return u.String(), nil
}

func cleanQuery(q url.Values, raw string) string {
	if raw == "" {
		return ""
	}
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			q.Del(k)
		}
	}
	return q.Encode() // sorted by key: one order for one address
}

// ItemID derives the stable item id from a canonical URL.
func ItemID(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return hex.EncodeToString(sum[:10])
}

// cleanText NFC-normalises text, trims it and collapses runs of spaces
// within lines while keeping paragraph breaks.
func cleanText(s string) string {
	s = norm.NFC.String(s)
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := make([]string, 0, len(lines))
	blank := false
	for _, ln := range lines {
		ln = strings.Join(strings.FieldsFunc(ln, unicode.IsSpace), " ")
		if ln == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, ln)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// cleanLine is cleanText for one-line fields (title, author).
func cleanLine(s string) string {
	return strings.Join(strings.FieldsFunc(norm.NFC.String(s), unicode.IsSpace), " ")
}

// ContentHash is the hash of an item's folded title and body, so the same
// story with other spacing, case or Unicode form hashes the same.
func ContentHash(it *index.Item) string {
	h := sha256.New()
	for _, tok := range rules.Tokenize(it.Title) {
		h.Write([]byte(tok.Folded))
		h.Write([]byte{' '})
	}
	h.Write([]byte{'\n'})
	for _, tok := range rules.Tokenize(it.Body) {
		h.Write([]byte(tok.Folded))
		h.Write([]byte{' '})
	}
	return hex.EncodeToString(h.Sum(nil))
}
