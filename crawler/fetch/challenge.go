package fetch

import (
	"bytes"
	"net/http"
)

// challengeMarkers are strings found in the JavaScript challenge pages
// of the common anti-bot services, not in articles or feeds.
var challengeMarkers = [][]byte{
	[]byte("cf-browser-verification"),
	[]byte("cf_chl_opt"),
	[]byte("/cdn-cgi/challenge-platform/"),
	[]byte("jschl-answer"),
	[]byte("jschl_vc"),
	[]byte("_Incapsula_Resource"),
	[]byte("sucuri_cloudproxy_js"),
	[]byte("ddos-guard.net/"),
	[]byte("<title>Just a moment...</title>"),
	[]byte("window._cf_chl"),
	[]byte("__js_p_"),
}

// softMarkers only count on error statuses and small pages.
var softMarkers = [][]byte{
	[]byte("Checking your browser before accessing"),
	[]byte("Enable JavaScript and cookies to continue"),
	[]byte("Please enable JavaScript"),
	[]byte("Vui lòng bật JavaScript"),
}

// IsChallenge reports whether a response is an anti-bot JavaScript
// challenge instead of the content asked for.
func IsChallenge(status int, h http.Header, body []byte) bool {
	if h.Get("Cf-Mitigated") == "challenge" {
		return true
	}
	head := body
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	for _, m := range challengeMarkers {
		if bytes.Contains(head, m) {
			return true
		}
	}
	if len(body) > 16<<10 || (status < 400 && !bytes.Contains(head, []byte("<script"))) {
		return false
	}
	for _, m := range softMarkers {
		if bytes.Contains(head, m) {
			return true
		}
	}
	return false
}
