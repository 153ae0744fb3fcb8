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
