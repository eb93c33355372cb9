package opml

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ttdn/monitor/index"
)

// Category titles of an export, by origin.
var categoryTitles = map[index.Origin]string{
	index.OriginDomestic: "Báo chí trong nước",
	index.OriginForeign:  "Báo chí nước ngoài",
}

// Write writes srcs as an OPML 2.0 document titled title, grouped in one
// category outline per origin (domestic first), in the order given.
// Feeds are type="rss" outlines with xmlUrl; sites are type="link"
// outlines with htmlUrl and url. The monitor's own fields go in ttdn*
// attributes. Write returns the writer's error.
func Write(w io.Writer, title string, srcs []index.Source) error {
	doc := document{Version: "2.0", Title: title}
	for _, origin := range []index.Origin{index.OriginDomestic, index.OriginForeign, ""} {
		cat := outline{}
		for _, s := range srcs {
			if s.Origin == origin || (origin == "" && !s.Origin.Valid()) {
				cat.Outlines = append(cat.Outlines, sourceOutline(s))
			}
		}
		if len(cat.Outlines) == 0 {
			continue
		}
		name := categoryTitles[origin]
		if name == "" {
			name = "Khác"
		}
		cat.Attrs = attrs("text", name, "title", name)
		doc.Body = append(doc.Body, cat)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	return nil
}

func sourceOutline(s index.Source) outline {
	text := s.Title
	if text == "" {
		text = s.Name
	}
	var a []xml.Attr
	if s.Kind == index.KindSite {
		a = attrs("type", "link", "text", text, "title", text, "htmlUrl", s.URL, "url", s.URL)
	} else {
		a = attrs("type", "rss", "text", text, "title", text, "xmlUrl", s.URL)
	}
	a = append(a, attrs(
		"language", s.Language,
		attrName, s.Name,
		attrKind, s.Kind,
		attrOrigin, string(s.Origin),
		attrCountry, s.Country,
		attrInterval, durationString(s.Interval),
		attrEnabled, strconv.FormatBool(s.Enabled),
		attrLinkSelector, s.LinkSelector,
	)...)
	return outline{Attrs: a}
}

// attrs builds attributes from name, value pairs, leaving out empty values.
func attrs(kv ...string) []xml.Attr {
	out := make([]xml.Attr, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out = append(out, xml.Attr{Name: xml.Name{Local: kv[i]}, Value: kv[i+1]})
		}
	}
	return out
}

// durationString writes d as a Go duration without trailing zero units
// ("30m", "2h", "1h30m"); zero gives "".
func durationString(d time.Duration) string {
	if d == 0 {
		return ""
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
