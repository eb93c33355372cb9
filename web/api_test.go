package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ttdn/monitor/index"
)

// TestAPIRoleMatrix calls every API route as no one, a viewer, an
// analyst and an admin.
func TestAPIRoleMatrix(t *testing.T) {
	e := newEnv(t).seed()
	id := e.ids["rights"]
	type call struct {
		name, method, path string
		body               any
		write              bool
		okStatus           int
	}
	calls := []call{
		{"list items", "GET", "/api/v1/items?q=border", nil, false, 200},
		{"get item", "GET", "/api/v1/items/" + id, nil, false, 200},
		{"tasks", "GET", "/api/v1/plan/tasks", nil, false, 200},
		{"responses", "GET", "/api/v1/responses?task=II.6.3", nil, false, 200},
		{"sources", "GET", "/api/v1/sources", nil, false, 200},
		{"export", "GET", "/api/v1/export?from=2020-01-01&to=2030-12-31&format=csv", nil, false, 200},
		{"patch item", "PATCH", "/api/v1/items/" + id, map[string]any{"status": "reviewing", "note": "Đã xem"}, true, 200},
		{"add tags", "POST", "/api/v1/items/" + id + "/tags", map[string]any{"tags": []string{"nhân quyền"}}, true, 200},
		{"remove tag", "DELETE", "/api/v1/items/" + id + "/tags/nhân%20quyền", nil, true, 200},
		{"create response", "POST", "/api/v1/responses", map[string]any{"item_ids": []string{id}, "task": "II.6.3", "kind": "rebuttal",
			"agency": "Sở Thông tin và Truyền thông", "status": "done", "date": "2026-11-20", "url": "https://baokontum.example.vn/phan-bac", "note": "Bài phản bác"}, true, 201},
	}
	roles := []struct {
		name  string
		token string
	}{{"none", ""}, {"viewer", e.tokens[index.RoleViewer]}, {"analyst", e.tokens[index.RoleAnalyst]}, {"admin", e.tokens[index.RoleAdmin]}}
	for _, r := range roles {
		for _, c := range calls {
			want := c.okStatus
			switch {
			case r.name == "none":
				want = http.StatusUnauthorized
			case r.name == "viewer" && c.write:
				want = http.StatusForbidden
			}
			if c.name == "add tags" || c.name == "remove tag" {
				// remove needs the tag added first in the same role's run
			}
			got, body := e.api(r.token, c.method, c.path, c.body)
			if got != want {
				t.Errorf("%s as %s: status %d, want %d (%v)", c.name, r.name, got, want, body)
			}
			if got >= 400 {
				if _, ok := body["error"]; !ok && c.name != "export" {
					t.Errorf("%s as %s: error body %v lacks \"error\"", c.name, r.name, body)
				}
			}
		}
	}
}

func TestAPIWrongToken(t *testing.T) {
	e := newEnv(t).seed()
	for _, tok := range []string{"nonsense", strings.Repeat("a", 64)} {
		got, body := e.api(tok, "GET", "/api/v1/items", nil)
		if got != http.StatusUnauthorized || body["error"] == nil {
			t.Errorf("token %q: %d %v, want 401 with error", tok, got, body)
		}
	}
}

func TestAPIItemsShape(t *testing.T) {
	e := newEnv(t).seed()
	tok := e.tokens[index.RoleViewer]
	got, body := e.api(tok, "GET", "/api/v1/items?q=%22b%C3%AAn+gioi%22+OR+border&size=10", nil)
	if got != 200 {
		t.Fatalf("status %d %v", got, body)
	}
	if n := body["total"].(float64); n < 2 {
		t.Errorf("total %v, want at least 2 border items", n)
	}
	facets := body["facets"].(map[string]any)
	for _, f := range []string{"topic", "source", "origin", "month"} {
		if _, ok := facets[f]; !ok {
			t.Errorf("facet %s missing: %v", f, facets)
		}
	}
	item := body["items"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "url", "title", "source", "origin", "language", "published_at", "topics", "severity", "flagged", "status", "tags", "cluster", "summary", "hits"} {
		if _, ok := item[k]; !ok {
			t.Errorf("item lacks %q: %v", k, item)
		}
	}
	// Whole item: body, hits, notes, responses.
	got, whole := e.api(tok, "GET", "/api/v1/items/"+e.ids["border"], nil)
	if got != 200 || whole["body"] == "" || whole["responses"] == nil || whole["hits"] == nil {
		t.Errorf("item: %d %v", got, whole)
	}
	// Paging keeps the total.
	_, p2 := e.api(tok, "GET", "/api/v1/items?size=2&page=2", nil)
	if p2["page"].(float64) != 2 || p2["total"].(float64) != float64(len(fixtureItems())) {
		t.Errorf("page 2: %v", p2)
	}
}

func TestAPIBadInput(t *testing.T) {
	e := newEnv(t).seed()
	tok := e.tokens[index.RoleAnalyst]
	id := e.ids["rights"]
	tests := []struct {
		name, method, path string
		body               any
		status             int
		field              string
	}{
		{"unknown item", "GET", "/api/v1/items/does-not-exist", nil, 404, ""},
		{"patch unknown item", "PATCH", "/api/v1/items/does-not-exist", map[string]any{"status": "flagged"}, 404, ""},
		{"tag unknown item", "POST", "/api/v1/items/does-not-exist/tags", map[string]any{"tags": []string{"x"}}, 404, ""},
		{"bad status", "PATCH", "/api/v1/items/" + id, map[string]any{"status": "burned"}, 400, "status"},
		{"unknown field", "PATCH", "/api/v1/items/" + id, map[string]any{"colour": "red"}, 400, "colour"},
		{"wrong type", "PATCH", "/api/v1/items/" + id, map[string]any{"status": 3}, 400, "status"},
		{"bad stamp", "PATCH", "/api/v1/items/" + id, map[string]any{"status": "flagged", "updated_at": "yesterday"}, 400, "updated_at"},
		{"stale edit", "PATCH", "/api/v1/items/" + id, map[string]any{"status": "flagged", "updated_at": "2020-01-01T00:00:00Z"}, 409, ""},
		{"no tags", "POST", "/api/v1/items/" + id + "/tags", map[string]any{"tags": []string{" "}}, 400, "tags"},
		{"bad date", "GET", "/api/v1/items?from=2026-13-01", nil, 400, "from"},
		{"to before from", "GET", "/api/v1/items?from=2026-05-01&to=2026-04-01", nil, 400, "to"},
		{"bad query", "GET", "/api/v1/items?q=%22bi%C3%AAn+gi%E1%BB%9Bi", nil, 400, "q"},
		{"bad origin", "GET", "/api/v1/items?origin=mars", nil, 400, "origin"},
		{"bad page", "GET", "/api/v1/items?page=-1", nil, 400, "page"},
		{"response without task", "POST", "/api/v1/responses", map[string]any{"item_ids": []string{id}, "kind": "rebuttal", "date": "2026-11-20"}, 400, "task"},
		{"response unknown task", "POST", "/api/v1/responses", map[string]any{"item_ids": []string{id}, "task": "IX.9.9", "kind": "rebuttal", "date": "2026-11-20"}, 400, "task"},
		{"response unknown item", "POST", "/api/v1/responses", map[string]any{"item_ids": []string{"nope"}, "task": "II.6.3", "kind": "rebuttal", "date": "2026-11-20"}, 400, "item_ids"},
		{"response bad kind", "POST", "/api/v1/responses", map[string]any{"item_ids": []string{id}, "task": "II.6.3", "kind": "shout", "date": "2026-11-20"}, 400, "kind"},
		{"response bad date", "POST", "/api/v1/responses", map[string]any{"item_ids": []string{id}, "task": "II.6.3", "kind": "rebuttal", "date": "20/11/2026"}, 400, "date"},
		{"response js url", "POST", "/api/v1/responses", map[string]any{"item_ids": []string{id}, "task": "II.6.3", "kind": "rebuttal", "date": "2026-11-20", "url": "javascript:alert(1)"}, 400, "url"},
		{"export bad format", "GET", "/api/v1/export?from=2026-01-01&to=2026-06-14&format=doc", nil, 400, ""},
		{"unknown route", "GET", "/api/v1/nothing", nil, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, body := e.api(tok, tt.method, tt.path, tt.body)
			if got != tt.status {
				t.Fatalf("status %d, want %d (%v)", got, tt.status, body)
			}
			if body["error"] == nil {
				t.Errorf("no error message: %v", body)
			}
			if tt.field != "" && body["field"] != tt.field {
				t.Errorf("field %v, want %q (%v)", body["field"], tt.field, body)
			}
		})
	}
}

// TestAPISessionNeedsCSRF: a browser session may read the API, but a
// write without the CSRF header is refused.
func TestAPISessionNeedsCSRF(t *testing.T) {
	e := newEnv(t).seed()
	c := e.client().login("chuyenvien")
	req, _ := http.NewRequest("PATCH", e.ts.URL+"/api/v1/items/"+e.ids["rights"], strings.NewReader(`{"status":"flagged"}`))
	req.Header.Set("Content-Type", "application/json")
	if st, body, _ := c.do(req); st != http.StatusForbidden {
		t.Errorf("PATCH without CSRF header: %d %s, want 403", st, body)
	}
	req, _ = http.NewRequest("PATCH", e.ts.URL+"/api/v1/items/"+e.ids["rights"], strings.NewReader(`{"status":"flagged"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.csrf)
	if st, body, _ := c.do(req); st != http.StatusOK {
		t.Errorf("PATCH with CSRF header: %d %s, want 200", st, body)
	}
	if st, _ := c.get("/api/v1/items/" + e.ids["rights"]); st != http.StatusOK {
		t.Errorf("GET with session: %d", st)
	}
}

// TestAPIWriteShowsInSearch: a status change is in the index at once.
func TestAPIWriteShowsInSearch(t *testing.T) {
	e := newEnv(t).seed()
	tok := e.tokens[index.RoleAnalyst]
	if st, b := e.api(tok, "PATCH", "/api/v1/items/"+e.ids["religion"], map[string]any{"status": "dismissed"}); st != 200 {
		t.Fatalf("patch: %d %v", st, b)
	}
	_, body := e.api(tok, "GET", "/api/v1/items?status=dismissed", nil)
	if body["total"].(float64) != 1 {
		t.Errorf("dismissed items: %v, want 1", body["total"])
	}
}
