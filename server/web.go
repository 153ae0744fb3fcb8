package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// The web UI is plain HTML, CSS and JavaScript modules in server/web,
// embedded in the binary: no separate server and no build step beyond
// copying the vendored libraries (web/ at the top of the repository, `npm
// run vendor`). The files carry no data, so they are served without a key;
// the UI asks /api/v1 for everything, with the key the user typed in.
//
//go:embed web
var webFiles embed.FS

// WebPrefix is the path under which the UI's static files are served; the
// UI itself is at /.
const WebPrefix = "/ui"

// webHeaders go with every file of the UI: the pages may load scripts,
// styles and data only from this server, and may not be framed.
var webHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "no-referrer",
	"X-Frame-Options":        "DENY",
	"Cache-Control":          "no-cache",
}

// webFile is one embedded file, ready to serve.
type webFile struct {
	data        []byte
	etag        string
	contentType string
}

var (
	webOnce  sync.Once
	webIndex map[string]webFile // path below web/ → file
	webErr   error
)

// loadWeb reads every embedded file once.
func loadWeb() (map[string]webFile, error) {
	webOnce.Do(func() {
		webIndex = map[string]webFile{}
		webErr = fs.WalkDir(webFiles, "web", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := webFiles.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			ct := mime.TypeByExtension(path.Ext(p))
			if ct == "" {
				ct = "application/octet-stream"
			}
			webIndex[strings.TrimPrefix(p, "web/")] = webFile{data: data, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, contentType: ct}
			return nil
		})
	})
	return webIndex, webErr
}

// webRoutes registers the UI: / is its page, /ui/* its scripts, styles and
// vendored libraries. Neither passes authorize: they are public.
func (s *Server) webRoutes(e *gin.Engine) {
	e.GET("/", func(c *gin.Context) { serveWeb(c, "index.html") })
	e.GET(WebPrefix+"/*file", func(c *gin.Context) { serveWeb(c, strings.TrimPrefix(c.Param("file"), "/")) })
}

// serveWeb answers with the embedded file name, honouring If-None-Match.
func serveWeb(c *gin.Context, name string) {
	files, err := loadWeb()
	if err != nil {
		_ = c.Error(fmt.Errorf("server: embedded web files: %w", err))
		return
	}
	f, ok := files[path.Clean("/" + name)[1:]]
	if !ok {
		noRoute(c)
		return
	}
	h := c.Writer.Header()
	for k, v := range webHeaders {
		h.Set(k, v)
	}
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", f.etag)
	http.ServeContent(c.Writer, c.Request, name, time.Time{}, bytes.NewReader(f.data))
}
