package uitest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/contactgraph/contactgraph/seed"
	"github.com/contactgraph/contactgraph/server"
)

// An account manager asks on the customer page for an introduction by the
// network specialist, who accepts it with a message and marks it done on
// My network; the account manager sees it done, and the interaction is in
// the graph.
func TestIntroductionInTheBrowser(t *testing.T) {
	const (
		amKey     = "ui-am-claudia-1"
		brokerKey = "ui-jonas-key-1"
		am        = "claudia.schwarz"
		customer  = "c-stadtwerke-1"
	)
	keys, err := server.ParseKeys("account_manager:" + am + "=" + amKey + ",employee:" + seed.DemoNetworkSpecialist + "=" + brokerKey)
	if err != nil {
		t.Fatal(err)
	}
	s := startSiteWith(t, demo(), keys)
	before, _ := s.store.Relationship(t.Context(), am, customer)
	b := newBrowser(t)

	b.login(t, s, amKey)
	ask := `[data-test=introductions] li[data-via="` + seed.DemoNetworkSpecialist + `"] button[data-test=ask]`
	b.do(t, "ask for an introduction",
		chromedp.Navigate(s.url+"/#/customer/"+customer),
		chromedp.WaitVisible(chromedp.CSS(ask)),
		chromedp.SendKeys(chromedp.CSS("#intro-note"), "We meet at the Stadtwerke fair"),
		chromedp.Click(chromedp.CSS(ask)),
		chromedp.WaitVisible(chromedp.CSS(`[data-test=introductions] tr[data-state=requested]`)))
	b.screenshot(t, "ui-introduction-asked")
	// The answer fits one 1366×768 screen: the sender, the way in, the
	// ranked contacts and the routes, without scrolling.
	b.do(t, "wait for the routes", chromedp.WaitVisible(chromedp.CSS("#customer-graph[data-ready=true]")))
	for _, sel := range []string{"[data-test=recommended-sender]", "[data-test=introductions]", "[data-test=contacts]", "#customer-graph"} {
		if bottom := eval[float64](t, b, `document.querySelector("`+sel+`").getBoundingClientRect().bottom`); bottom > 768 {
			t.Errorf("%s ends at %.0f px, below the 768 px screen", sel, bottom)
		}
	}
	b.do(t, "screenshot one screen", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))

	b.login(t, s, brokerKey)
	b.do(t, "accept it",
		chromedp.Navigate(s.url+"/#/me"),
		chromedp.WaitVisible(chromedp.CSS(`[data-test=my-introductions] tr[data-state=requested]`)))
	if row := b.text(t, `[data-test=my-introductions] tr[data-state=requested]`); !strings.Contains(row, "Claudia") || !strings.Contains(row, "Stadtwerke fair") {
		t.Errorf("the broker's row: %q", row)
	}
	b.screenshot(t, "ui-introduction-asked-of-me")
	b.do(t, "accept with a message",
		chromedp.SendKeys(chromedp.CSS(`[data-test=my-introductions] tr[data-state=requested] [data-test=intro-message]`), "Gladly, Thursday"),
		chromedp.Click(chromedp.CSS(`[data-test=my-introductions] tr[data-state=requested] [data-test=accept]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-test=my-introductions] tr[data-state=accepted] [data-test=done]`)),
		chromedp.Click(chromedp.CSS(`[data-test=my-introductions] tr[data-state=accepted] [data-test=done]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-test=my-introductions] tr[data-state=done]`)))

	b.login(t, s, amKey)
	b.do(t, "see it done",
		chromedp.Navigate(s.url+"/#/customer/"+customer),
		chromedp.WaitVisible(chromedp.CSS(`[data-test=introductions] tr[data-state=done]`)))
	if row := b.text(t, `[data-test=introductions] tr[data-state=done]`); !strings.Contains(row, "Gladly, Thursday") {
		t.Errorf("the requester's row: %q", row)
	}
	// Who last spoke to the customer: the introduction, newest first.
	if row := b.text(t, `[data-test=last-interactions] tbody tr`); !strings.Contains(row, "introduction") || !strings.Contains(row, "to the customer") {
		t.Errorf("the customer's last interaction: %q, want the introduction", row)
	}
	b.screenshot(t, "ui-introduction-done")
	after, err := s.store.Relationship(t.Context(), am, customer)
	if err != nil || after.Interactions != before.Interactions+1 {
		t.Errorf("interactions of %s–%s: %d before, %d after (%v)", am, customer, before.Interactions, after.Interactions, err)
	}
	b.checkConsole(t, "status of 401")
}

// An account manager key bound to nobody reads the customer page without a
// refusal, and learns how to ask for introductions.
func TestUnboundAccountManager(t *testing.T) {
	const key = "ui-am-unbound-1"
	keys, err := server.ParseKeys("account_manager=" + key)
	if err != nil {
		t.Fatal(err)
	}
	s := startSiteWith(t, demo(), keys)
	b := newBrowser(t)
	b.login(t, s, key)
	b.clearConsole()
	b.do(t, "open a customer",
		chromedp.Navigate(s.url+"/#/customer/c-stadtwerke-1"),
		chromedp.WaitVisible(chromedp.CSS(`#view[data-state=done]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-test=intro-hint]`)))
	if hint := b.text(t, "[data-test=intro-hint]"); !strings.Contains(hint, "account_manager:") {
		t.Errorf("hint %q", hint)
	}
	b.checkConsole(t)
}
