package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

//go:embed static
var staticFS embed.FS

// staticFiles serves the embedded assets under fingerprinted names
// (/static/app.3f2a9c1d.css) with a long cache lifetime.
type staticFiles struct {
	byURL map[string]staticFile // fingerprinted name → file
	urls  map[string]string     // plain name → /static/fingerprinted
}

type staticFile struct {
	body []byte
	mime string
}

func loadStatic() (*staticFiles, error) {
	st := &staticFiles{byURL: map[string]staticFile{}, urls: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		fp := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		typ := mime.TypeByExtension(ext)
		if typ == "" {
			typ = "application/octet-stream"
		}
		st.byURL[fp] = staticFile{body: b, mime: typ}
		st.urls[name] = "/static/" + fp
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static files: %w", err)
	}
	return st, nil
}

// URL returns the fingerprinted URL of an asset; it panics on an unknown
// name so a typo fails the first render in tests.
func (st *staticFiles) URL(name string) string {
	u, ok := st.urls[name]
	if !ok {
		panic("web: unknown static file " + name)
	}
	return u
}

func (st *staticFiles) serve(c *gin.Context) {
	f, ok := st.byURL[strings.TrimPrefix(c.Param("file"), "/")]
	if !ok {
		c.Status(http.StatusNotFound)
		return
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Data(http.StatusOK, f.mime, f.body)
}
