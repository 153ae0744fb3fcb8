package server

import (
	"net/http"
	"testing"
)

// TestAllowOfCampaignsResolve: /campaigns/resolve takes POST only, although
// the route GET /campaigns/:id also matches it; every other method's 405
// says so in Allow.
func TestAllowOfCampaignsResolve(t *testing.T) {
	a := newAPI(t, &stubStore{})
	for _, m := range []string{"PUT", "DELETE", "PATCH", "OPTIONS"} {
		w := a.do(m, "/api/v1/campaigns/resolve", "")
		problem(t, w, http.StatusMethodNotAllowed)
		if allow := w.Header().Get("Allow"); allow != "POST" {
			t.Errorf("%s /api/v1/campaigns/resolve: Allow = %q, want POST", m, allow)
		}
	}
}

// TestImportWantsMultipart: POST /import of anything but multipart/form-data
// is 415, as a JSON body of another type is elsewhere; a multipart body
// without its boundary is malformed, 400.
func TestImportWantsMultipart(t *testing.T) {
	a := newAPI(t, &stubStore{})
	for _, ct := range []string{"", "application/json", "text/csv"} {
		var header []string
		if ct != "" {
			header = []string{"Content-Type", ct}
		}
		problem(t, a.do("POST", "/api/v1/import", "id,name\n", header...), http.StatusUnsupportedMediaType)
	}
	problem(t, a.do("POST", "/api/v1/import", "x", "Content-Type", "multipart/form-data"), http.StatusBadRequest)
}
