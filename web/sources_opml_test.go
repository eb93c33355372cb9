package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// minifluxOPML is the shape of a Miniflux export: categories as outlines,
// feeds with xmlUrl and htmlUrl, one feed the archive already watches.
const minifluxOPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Miniflux</title><dateCreated>Thu, 03 Dec 2026 08:00:00 +0700</dateCreated></head>
  <body>
    <outline text="Tây Nguyên">
      <outline title="Báo Gia Lai – Thời sự" text="Báo Gia Lai – Thời sự" xmlUrl="https://baogialai.example.vn/rss/thoi-su.rss" htmlUrl="https://baogialai.example.vn/" type="rss"></outline>
      <outline title="Báo Đắk Lắk" text="Báo Đắk Lắk" xmlUrl="https://baodaklak.example.vn/rss/tin-moi.rss" htmlUrl="https://baodaklak.example.vn/" type="rss"></outline>
    </outline>
    <outline text="Đã có">
      <outline title="Báo Kon Tum (bản cũ)" text="Báo Kon Tum" xmlUrl="%s" type="rss"></outline>
    </outline>
  </body>
</opml>`

// uploadOPML posts a file to the import form as a browser does.
func (c *client) uploadOPML(name, content string) (int, string) {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", c.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.ts.URL+"/sources/import-opml", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	st, body, _ := c.do(req)
	return st, body
}

func TestSourcesOPMLImportExport(t *testing.T) {
	e := newEnv(t).seed()
	ctx := context.Background()
	before, err := e.st.ListSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	admin := e.client().login("quantri")
	if st, body := admin.get("/sources"); st != http.StatusOK || !strings.Contains(body, `action="/sources/import-opml"`) {
		t.Fatalf("sources page: %d, import form shown: %v", st, strings.Contains(body, "import-opml"))
	}

	// Not OPML: refused with a message, nothing changed.
	st, body := admin.uploadOPML("nguon.html", "<html><body>không phải OPML</body></html>")
	if st != http.StatusBadRequest || !strings.Contains(body, "Tệp này không phải OPML") {
		t.Errorf("non-OPML upload: status %d; message shown: %v", st, strings.Contains(body, "không phải OPML"))
	}
	if after, _ := e.st.ListSources(ctx); len(after) != len(before) {
		t.Errorf("non-OPML upload changed the sources: %d → %d", len(before), len(after))
	}

	admin.get("/sources")
	file := strings.Replace(minifluxOPML, "%s", before[0].URL, 1)
	st, body = admin.uploadOPML("miniflux.opml", file)
	if st != http.StatusOK || !strings.Contains(body, "Đã nhập: 2 nguồn mới, 0 cập nhật, 1 bỏ qua") {
		t.Fatalf("Miniflux upload: status %d\n%s", st, body)
	}
	after, _ := e.st.ListSources(ctx)
	if len(after) != len(before)+2 {
		t.Errorf("%d sources after import, want %d", len(after), len(before)+2)
	}
	if !strings.Contains(body, "baodaklak.example.vn") {
		t.Error("the imported feed is not listed on the sources page")
	}

	// Every signed-in role downloads the list; only admins import.
	viewer := e.client().login("xem")
	st, opml := viewer.get("/sources/export.opml")
	if st != http.StatusOK || !strings.HasPrefix(opml, "<?xml") || !strings.Contains(opml, "baogialai.example.vn/rss/thoi-su.rss") {
		t.Errorf("export: status %d\n%.300s", st, opml)
	}
	viewer.get("/sources")
	if st, _ := viewer.uploadOPML("x.opml", file); st != http.StatusForbidden {
		t.Errorf("viewer import: status %d, want 403", st)
	}
}
