package server

import (
	"net/http"
	"strconv"
	"testing"
)

func TestRateLimitPerKey(t *testing.T) {
	keys, err := ParseKeys("admin=admin-key-0001,manager=manager-key-0001")
	if err != nil {
		t.Fatal(err)
	}
	a := newAPIWith(t, newEmbedded(t), Config{Keys: keys, RateLimit: 0.5, RateBurst: 3})
	admin := []string{"Authorization", "Bearer admin-key-0001"}
	for i := 0; i < 3; i++ {
		if w := a.do("GET", "/api/v1/units", "", admin...); w.Code != http.StatusOK {
			t.Fatalf("request %d within the burst = %d", i+1, w.Code)
		}
	}
	w := a.do("GET", "/api/v1/units", "", admin...)
	p := problem(t, w, http.StatusTooManyRequests)
	if s, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || s < 1 {
		t.Errorf("Retry-After = %q, want whole seconds ≥ 1", w.Header().Get("Retry-After"))
	}
	if p.Detail == "" {
		t.Error("429 without detail")
	}
	if w := a.do("GET", "/api/v1/units", "", "Authorization", "Bearer manager-key-0001"); w.Code != http.StatusOK {
		t.Errorf("another key is limited too: %d", w.Code)
	}
	if w := a.do("GET", "/healthz", ""); w.Code != http.StatusOK {
		t.Errorf("/healthz is rate limited: %d", w.Code)
	}
}

func TestNoRateLimitByDefault(t *testing.T) {
	a := newAPI(t, newEmbedded(t))
	for i := 0; i < 200; i++ {
		a.must("GET", "/api/v1/units", "", http.StatusOK)
	}
}
