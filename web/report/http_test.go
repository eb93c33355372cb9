package report

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestServeExport(t *testing.T) {
	src := fixture(t)
	cfg := HTTPConfig{Source: src, Topics: topics, Letterhead: testLetterhead(), Location: ict,
		Now: func() time.Time { return time.Date(2026, 6, 20, 8, 0, 0, 0, ict) }}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ServeExport(w, r, cfg) }))
	defer srv.Close()

	tests := []struct {
		name, query     string
		wantCode        int
		wantType        string
		wantDisposition string
		wantBody        string
	}{
		{"csv", "from=2025-12-05&to=2026-06-14&format=csv", 200, "text/csv; charset=utf-8",
			`attachment; filename=bao-cao-ttdn_2025-12-05_2026-06-14.csv`, titleBorder},
		{"xlsx by preset", "preset=half-year&format=xlsx", 200, contentTypes[FormatXLSX],
			`attachment; filename=bao-cao-ttdn_2025-12-05_2026-06-14.xlsx`, "PK"},
		{"html", "preset=half-year&format=html&lang=vi", 200, "text/html; charset=utf-8",
			`attachment; filename=bao-cao-ttdn_2025-12-05_2026-06-14.html`, "6 tháng đầu năm 2026"},
		{"from after to", "from=2026-06-14&to=2026-01-01&format=csv", 400, "application/json; charset=utf-8", "", "is after end date"},
		{"impossible date", "from=2021-13-45&to=2021-12-31&format=csv", 400, "application/json; charset=utf-8", "", `\"2021-13-45\" is not a date`},
		{"unknown topic", "preset=year&topic=weather&format=csv", 400, "application/json; charset=utf-8", "", "unknown topic"},
		{"unknown format", "preset=year&format=docx", 400, "application/json; charset=utf-8", "", "unknown format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Get(srv.URL + "/api/v1/export?" + tt.query)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantCode {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.wantCode, body)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.wantType {
				t.Errorf("content type %q, want %q", got, tt.wantType)
			}
			if got := resp.Header.Get("Content-Disposition"); got != tt.wantDisposition {
				t.Errorf("disposition %q, want %q", got, tt.wantDisposition)
			}
			if !strings.Contains(string(body), tt.wantBody) {
				t.Errorf("body lacks %q: %.300s", tt.wantBody, body)
			}
			if tt.wantCode == 400 {
				var e struct{ Error string }
				if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
					t.Errorf("error body %s is not {\"error\": …}", body)
				}
			}
		})
	}
}

func TestServeExportNoChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no browser on it
	cfg := HTTPConfig{Source: fixture(t), Topics: topics, Location: ict}
	rec := httptest.NewRecorder()
	ServeExport(rec, httptest.NewRequest("GET", "/api/v1/export?from=2026-01-01&to=2026-06-14&format=pdf", nil), cfg)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "pdf export needs Chromium") {
		t.Errorf("got %d %s, want 503 naming Chromium", rec.Code, rec.Body)
	}
	if rec.Header().Get("Content-Disposition") != "" {
		t.Errorf("an error answer carries a Content-Disposition")
	}
}
