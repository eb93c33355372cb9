package opml

import (
	"strings"

	"github.com/ttdn/monitor/rules"
)

// maxSlug is the longest slug Slug makes.
const maxSlug = 60

// Slug makes a source name from a title: folded as the rule matcher folds
// (diacritics dropped, đ to d, lower case), every run of other characters
// than a-z and 0-9 turned into one hyphen, no hyphen at either end, cut
// at a word boundary to at most 60 bytes. "Báo Quảng Ngãi" gives "bao-quang-ngai"; a title with no
// Latin letter or digit gives "".
func Slug(title string) string {
	var b strings.Builder
	pending := false
	for _, r := range rules.Fold(title) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if pending && b.Len() > 0 {
				b.WriteByte('-')
			}
			pending = false
			b.WriteRune(r)
			continue
		}
		pending = true
	}
	out := b.String()
	if len(out) > maxSlug {
		out = out[:maxSlug+1]
		if i := strings.LastIndexByte(out, '-'); i > 0 {
			out = out[:i] // cut at a word boundary
		} else {
			out = out[:maxSlug]
		}
	}
	return out
}
