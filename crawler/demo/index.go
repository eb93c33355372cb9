package demo

import (
	"bytes"
	"html/template"
	"net/http"
)

var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>Thế giới báo chí giả lập — TTĐN Monitor demo</title></head>
<body>
<h1>Thế giới báo chí giả lập / Demo press world</h1>
<p>Các cơ quan báo chí dưới đây đều là hư cấu, phục vụ bản trình diễn TTĐN Monitor. Every outlet below is fictional.</p>
<table>
<thead><tr><th>Tên</th><th>Ngôn ngữ</th><th>Nguồn gốc</th><th>Định dạng</th><th>Số bài</th><th>Địa chỉ</th></tr></thead>
<tbody>
{{range .}}<tr><td>{{.Name}}</td><td>{{.Language}}</td><td>{{.Origin}}</td><td>{{.Format}}</td><td>{{.Count}}</td><td><a href="{{.Link}}">{{.Link}}</a></td></tr>
{{end}}</tbody>
</table>
</body>
</html>
`))

type indexRow struct {
	Name, Language, Origin, Format, Link string
	Count                                int
}

// indexPage renders the page at World.URL that lists the outlets, and
// answers 404 for anything else.
func indexPage(w *World) (http.Handler, error) {
	var rows []indexRow
	for _, o := range w.outlets {
		rows = append(rows, indexRow{Name: o.Name, Language: o.Language, Origin: string(o.Origin), Format: o.Format,
			Link: w.bases[o] + feedPath(o), Count: len(o.articles)})
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, rows); err != nil {
		return nil, err
	}
	page := buf.Bytes()
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			rw.Write(page)
		case "/robots.txt":
			rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
			rw.Write([]byte("User-agent: *\nAllow: /\n"))
		default:
			http.NotFound(rw, r)
		}
	}), nil
}
