package uitest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
	"github.com/contactgraph/contactgraph/server"
)

// apiAs GETs path from the site's API with key (none if "") and decodes
// the answer into a T.
func apiAs[T any](t *testing.T, s *site, key, path string) T {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", s.url+"/api/v1"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, res.StatusCode)
	}
	var v T
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		t.Fatalf("GET %s: decode: %v", path, err)
	}
	return v
}

// drawn reports whether /graph around focus, as the manager sees it, draws
// an edge between a and b.
func drawn(t *testing.T, s *site, key, focus, a, b string) bool {
	t.Helper()
	pic := apiAs[analytics.PictureResult](t, s, key, "/graph?focus="+focus+"&depth=1&limit=5000")
	for _, e := range pic.Edges {
		if e.A == a && e.B == b || e.A == b && e.B == a {
			return true
		}
	}
	return false
}

// An employee logs in with their own key, declares a contact on "My
// network", marks it private and sees the change there; a manager's /graph
// draws the tie while it is public and never once it is private.
func TestMyNetwork(t *testing.T) {
	const (
		employeeKey = "employee-key-jonas"
		managerKey  = "manager-key-0001"
		mailerKey   = "marketing-key-0001"
		me          = seed.DemoNetworkSpecialist
	)
	keys, err := server.ParseKeys("employee:" + me + "=" + employeeKey + ",manager=" + managerKey + ",marketing=" + mailerKey)
	if err != nil {
		t.Fatal(err)
	}
	s := startSiteWith(t, demo(), keys)
	ctx := t.Context()
	// A customer he does not know yet.
	known := map[string]bool{}
	rels, err := s.store.PersonRelationships(ctx, me)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		known[r.Other(me)] = true
	}
	customer := ""
	for _, c := range demo().Customers {
		if !known[c.ID] {
			customer = c.ID
			break
		}
	}
	row := `[data-test=ties] tr[data-person="` + customer + `"]`
	saveCampaign(t, s, mailerKey, `{"name": "Winter letter", "segments": ["Energie", "Logistik", "Gesundheit"]}`)

	b := newBrowser(t)
	b.do(t, "open My network with the employee's key",
		chromedp.Navigate(s.url+"/#/me"),
		chromedp.WaitVisible(chromedp.CSS("#key-input")),
		chromedp.SendKeys(chromedp.CSS("#key-input"), employeeKey+"\n"),
		chromedp.WaitVisible(chromedp.CSS("[data-test=ties] tbody tr")),
		chromedp.WaitVisible(chromedp.CSS("[data-test=sending]")))
	if rows := eval[int](t, b, `document.querySelectorAll("[data-test=ties] tbody tr").length`); rows != len(rels) {
		t.Errorf("My network lists %d ties, the store has %d", rows, len(rels))
	}

	b.do(t, "declare a contact",
		chromedp.SendKeys(chromedp.CSS("#declare-person"), customer),
		chromedp.Click(chromedp.CSS("[data-test=declare] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(row+`[data-visibility=public]`)))
	r, err := s.store.Relationship(ctx, me, customer)
	if err != nil || r.Visibility != graph.Public || r.Trust != 0.8 || r.Source != "self-declared" {
		t.Fatalf("declared relationship: %+v, %v", r, err)
	}
	if !drawn(t, s, managerKey, me, me, customer) {
		t.Fatal("the manager's /graph does not draw the public tie: the check below would prove nothing")
	}

	b.do(t, "mark it private", chromedp.Evaluate[chromedp.Void](`(() => {
		const sel = document.querySelector('`+row+` select');
		sel.value = "private";
		sel.dispatchEvent(new Event("change"));
	})()`), chromedp.WaitVisible(chromedp.CSS(row+`[data-visibility=private]`)))
	if got := b.text(t, row+" td:first-child"); got == "" {
		t.Error("the private tie's row shows no person")
	}
	b.screenshot(t, "ui-my-network")
	r, err = s.store.Relationship(ctx, me, customer)
	if err != nil || r.Visibility != graph.Private {
		t.Fatalf("after marking private: %+v, %v", r, err)
	}
	for _, focus := range []string{me, customer} {
		if drawn(t, s, managerKey, focus, me, customer) {
			t.Errorf("the manager's /graph around %s draws the private tie", focus)
		}
	}

	// Decline the first recipient of the campaign in his name.
	recipients := `[data-test=campaigns] tbody tr`
	before := eval[int](t, b, `document.querySelectorAll("`+recipients+`").length`)
	if before == 0 {
		t.Fatal("the campaign in his name lists no recipients")
	}
	declined := eval[string](t, b, `document.querySelector("`+recipients+`").dataset.customer`)
	b.do(t, "decline a recipient", chromedp.Click(chromedp.CSS(recipients+" button[data-test=decline]")),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-test=campaigns] tr[data-customer="`+declined+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(recipients)))
	after := eval[int](t, b, `document.querySelectorAll("`+recipients+`").length`)
	still := eval[int](t, b, `document.querySelectorAll('[data-test=campaigns] tr[data-customer="`+declined+`"]').length`)
	if after != before-1 || still != 0 {
		t.Errorf("%d recipients after declining one of %d; the declined one listed %d times", after, before, still)
	}

	// He turns capture on for his mail and calendar.
	if e, _ := s.store.Employee(ctx, me); e.Capture {
		t.Fatal("capture is on before he turned it on: the check below would prove nothing")
	}
	b.do(t, "turn capture on",
		chromedp.Click(chromedp.CSS("#consent-capture")),
		chromedp.Click(chromedp.CSS("[data-test=consent] button[type=submit]")))
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if e, err := s.store.Employee(ctx, me); err == nil && e.Capture {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("capture is still off after he turned it on")
		}
	}
	b.checkConsole(t, "status of 401")
}

// saveCampaign saves a campaign through the API with key.
func saveCampaign(t *testing.T, s *site, key, body string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "POST", s.url+"/api/v1/campaigns", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("save campaign = %d", res.StatusCode)
	}
}
