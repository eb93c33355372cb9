package web

import (
	"strings"
	"testing"
)

func TestSourceErrorWords(t *testing.T) {
	e := newEnv(t)
	v := &view{Lang: "vi", s: e.srv}
	for _, tc := range []struct {
		name, msg, want string
	}{
		{"robots refusal", "robots.txt disallows https://example.vn/rss", "srcerr.robots"},
		{"robots.txt answered 500", "fetch https://example.vn/robots.txt: status 500 Internal Server Error", "srcerr.server"},
		{"timeout", "fetch https://example.vn/rss: context deadline exceeded", "srcerr.timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := v.SourceError(tc.msg)
			if want := e.srv.cat.T("vi", tc.want); !strings.HasPrefix(got, want+" — ") {
				t.Errorf("SourceError(%q) = %q, want it to start with %q", tc.msg, got, want)
			}
		})
	}
}
