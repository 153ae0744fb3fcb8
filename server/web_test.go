package server

import (
	"net/http"
	"strings"
	"testing"
)

// The web UI is served without a key, with its security headers, and the
// API behind it still wants one.
func TestWebUIIsPublic(t *testing.T) {
	a := keyedAPI(t)
	for path, ctype := range map[string]string{
		"/":                            "text/html",
		"/ui/app.js":                   "text/javascript",
		"/ui/views/network.js":         "text/javascript",
		"/ui/style.css":                "text/css",
		"/ui/favicon.svg":              "image/svg+xml",
		"/ui/vendor/cytoscape.min.js":  "text/javascript",
		"/ui/index.html":               "text/html",
		"/ui/vendor/../dom.js":         "text/javascript",
		"/ui/views/../views/search.js": "text/javascript",
	} {
		w := a.do("GET", path, "")
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), ctype) {
			t.Errorf("GET %s = %d %q, want 200 %s", path, w.Code, w.Header().Get("Content-Type"), ctype)
			continue
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q", path, csp)
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("ETag") == "" {
			t.Errorf("GET %s: headers %v", path, w.Header())
		}
	}
	if w := a.do("GET", "/", ""); !strings.Contains(w.Body.String(), `<script type="module" src="/ui/app.js">`) {
		t.Errorf("GET / does not load the app:\n%s", w.Body)
	}
	for _, path := range []string{"/ui/", "/ui/views", "/ui/nothing.js", "/ui/web.go", "/ui/../web.go", "/ui/../../go.mod"} {
		problem(t, a.do("GET", path, ""), http.StatusNotFound)
	}
	problem(t, a.do("GET", "/api/v1/graph?focus=e1", ""), http.StatusUnauthorized)
}

func TestWebUIHonoursETags(t *testing.T) {
	a := newAPI(t, &stubStore{})
	first := a.do("GET", "/ui/app.js", "")
	etag := first.Header().Get("ETag")
	if again := a.do("GET", "/ui/app.js", "", "If-None-Match", etag); again.Code != http.StatusNotModified {
		t.Errorf("GET with If-None-Match %s = %d, want 304", etag, again.Code)
	}
	if other := a.do("GET", "/ui/style.css", ""); other.Header().Get("ETag") == etag {
		t.Error("two files share an ETag")
	}
}
