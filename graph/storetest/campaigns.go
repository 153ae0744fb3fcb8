package storetest

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

var campaignTests = []storeTest{
	{"CreateAndRead", testCampaignCreateAndRead},
	{"Validation", testCampaignValidation},
	{"Update", testCampaignUpdate},
	{"ConcurrentUpdates", testCampaignConcurrentUpdates},
	{"List", testCampaignList},
}

func savedCampaign(id string, senders ...string) graph.Campaign {
	return graph.Campaign{
		ID: id, Name: "Newsletter " + id, Status: graph.CampaignPending,
		CreatedAt: time.Date(2026, 11, 27, 9, 30, 0, 0, time.FixedZone("CET", 3600)),
		CreatedBy: "marketing-1", AsOf: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Recipients: 3, Senders: senders, Snapshot: []byte("\x1f\x8b snapshot of " + id + "\x00\xff"),
	}
}

// sameCampaign compares what a store returned with what was saved: times
// in UTC, senders sorted and unique.
func sameCampaign(t *testing.T, what string, got, want graph.Campaign, withSnapshot bool) {
	t.Helper()
	if got.ID != want.ID || got.Name != want.Name || got.Status != want.Status || got.CreatedBy != want.CreatedBy ||
		!got.CreatedAt.Equal(want.CreatedAt) || got.CreatedAt.Location() != time.UTC ||
		!got.AsOf.Equal(want.AsOf) || got.Recipients != want.Recipients || got.Revision != want.Revision ||
		fmt.Sprint(got.Senders) != fmt.Sprint(want.Senders) {
		t.Errorf("%s: got %+v, want %+v", what, withoutSnapshot(got), withoutSnapshot(want))
	}
	switch {
	case withSnapshot && !bytes.Equal(got.Snapshot, want.Snapshot):
		t.Errorf("%s: snapshot %q, want %q", what, got.Snapshot, want.Snapshot)
	case !withSnapshot && got.Snapshot != nil:
		t.Errorf("%s: a list returned a snapshot", what)
	}
}

func withoutSnapshot(c graph.Campaign) graph.Campaign { c.Snapshot = nil; return c }

func testCampaignCreateAndRead(t *testing.T, s graph.Store) {
	ctx := t.Context()
	c := savedCampaign("cmp-1", "e2", "e1", "e2")
	if err := s.CreateCampaign(ctx, c); err != nil {
		t.Fatalf("CreateCampaign: %v", err)
	}
	want := c
	want.Revision, want.Senders = 1, []string{"e1", "e2"}
	got, err := s.Campaign(ctx, "cmp-1")
	if err != nil {
		t.Fatalf("Campaign: %v", err)
	}
	sameCampaign(t, "read back", got, want, true)

	again := savedCampaign("cmp-1")
	again.Name = "another"
	wantCode(t, "a taken id", s.CreateCampaign(ctx, again), graph.ECONFLICT)
	got, _ = s.Campaign(ctx, "cmp-1")
	sameCampaign(t, "after the refused create", got, want, true)

	_, err = s.Campaign(ctx, "cmp-none")
	wantCode(t, "unknown campaign", err, graph.ENOTFOUND)
}

func testCampaignValidation(t *testing.T, s graph.Store) {
	ctx := t.Context()
	for name, change := range map[string]func(*graph.Campaign){
		"id":        func(c *graph.Campaign) { c.ID = "" },
		"name":      func(c *graph.Campaign) { c.Name = "" },
		"long name": func(c *graph.Campaign) { c.Name = string(bytes.Repeat([]byte("x"), graph.MaxCampaignName+1)) },
		"status":    func(c *graph.Campaign) { c.Status = "draft" },
		"createdAt": func(c *graph.Campaign) { c.CreatedAt = time.Time{} },
	} {
		c := savedCampaign("cmp-bad")
		change(&c)
		wantCode(t, name, s.CreateCampaign(ctx, c), graph.EINVALID)
	}
	page, err := s.Campaigns(ctx, graph.CampaignQuery{})
	if err != nil {
		t.Fatalf("Campaigns: %v", err)
	}
	if len(page.Items) != 0 {
		t.Errorf("refused campaigns were stored: %v", page.Items)
	}
}

func testCampaignUpdate(t *testing.T, s graph.Store) {
	ctx := t.Context()
	c := savedCampaign("cmp-1", "e1")
	if err := s.CreateCampaign(ctx, c); err != nil {
		t.Fatalf("CreateCampaign: %v", err)
	}
	c.Revision = 1
	c.Status, c.Senders, c.Snapshot = graph.CampaignSent, []string{"e3"}, []byte("changed")
	if err := s.UpdateCampaign(ctx, c); err != nil {
		t.Fatalf("UpdateCampaign: %v", err)
	}
	want := c
	want.Revision = 2
	got, err := s.Campaign(ctx, "cmp-1")
	if err != nil {
		t.Fatalf("Campaign: %v", err)
	}
	sameCampaign(t, "updated", got, want, true)

	stale := c // still revision 1
	stale.Name = "stale"
	wantCode(t, "a stale revision", s.UpdateCampaign(ctx, stale), graph.ECONFLICT)
	got, _ = s.Campaign(ctx, "cmp-1")
	sameCampaign(t, "after the stale update", got, want, true)

	missing := savedCampaign("cmp-none")
	missing.Revision = 1
	wantCode(t, "an unknown campaign", s.UpdateCampaign(ctx, missing), graph.ENOTFOUND)
	bad := want
	bad.Status = "gone"
	wantCode(t, "a bad status", s.UpdateCampaign(ctx, bad), graph.EINVALID)
}

// Of several updates of one revision at once, exactly one wins; the others
// hear ECONFLICT.
func testCampaignConcurrentUpdates(t *testing.T, s graph.Store) {
	ctx := t.Context()
	if err := s.CreateCampaign(ctx, savedCampaign("cmp-1")); err != nil {
		t.Fatalf("CreateCampaign: %v", err)
	}
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			c := savedCampaign("cmp-1")
			c.Revision = 1
			c.Name = fmt.Sprintf("writer %d", i)
			errs[i] = s.UpdateCampaign(ctx, c)
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch graph.ErrorCode(err) {
		case "":
			if won >= 0 {
				t.Fatalf("writers %d and %d both updated revision 1", won, i)
			}
			won = i
		case graph.ECONFLICT:
		default:
			t.Fatalf("writer %d: %v", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no writer updated the campaign")
	}
	got, err := s.Campaign(ctx, "cmp-1")
	if err != nil {
		t.Fatalf("Campaign: %v", err)
	}
	if want := fmt.Sprintf("writer %d", won); got.Name != want || got.Revision != 2 {
		t.Errorf("stored %q at revision %d, want %q at 2", got.Name, got.Revision, want)
	}
}

func testCampaignList(t *testing.T, s graph.Store) {
	ctx := t.Context()
	for i, senders := range [][]string{{"e1"}, {"e2"}, {"e1", "e2"}, nil, {"e1"}} {
		if err := s.CreateCampaign(ctx, savedCampaign(fmt.Sprintf("cmp-%d", i+1), senders...)); err != nil {
			t.Fatalf("CreateCampaign: %v", err)
		}
	}
	walk := func(q graph.CampaignQuery) (ids []string, pages int) {
		t.Helper()
		for {
			page, err := s.Campaigns(ctx, q)
			if err != nil {
				t.Fatalf("Campaigns(%+v): %v", q, err)
			}
			pages++
			for _, c := range page.Items {
				want := savedCampaign(c.ID, c.Senders...)
				want.Revision = 1
				sameCampaign(t, "listed "+c.ID, c, want, false)
				ids = append(ids, c.ID)
			}
			if page.Next == "" {
				return ids, pages
			}
			q.After = page.Next
		}
	}
	ids, _ := walk(graph.CampaignQuery{})
	wantIDs(t, "all campaigns", ids, []string{"cmp-5", "cmp-4", "cmp-3", "cmp-2", "cmp-1"})
	ids, pages := walk(graph.CampaignQuery{Limit: 2})
	wantIDs(t, "all campaigns, two per page", ids, []string{"cmp-5", "cmp-4", "cmp-3", "cmp-2", "cmp-1"})
	if pages != 3 {
		t.Errorf("five campaigns in pages of two took %d pages, want 3", pages)
	}
	ids, pages = walk(graph.CampaignQuery{Sender: "e1", Limit: 1})
	wantIDs(t, "campaigns of e1", ids, []string{"cmp-5", "cmp-3", "cmp-1"})
	if pages != 3 {
		t.Errorf("three campaigns of e1 in pages of one took %d pages, want 3", pages)
	}
	ids, _ = walk(graph.CampaignQuery{Sender: "e9"})
	wantIDs(t, "campaigns of e9", ids, nil)
	ids, _ = walk(graph.CampaignQuery{After: "cmp-3"})
	wantIDs(t, "after cmp-3", ids, []string{"cmp-2", "cmp-1"})
	ids, _ = walk(graph.CampaignQuery{After: "cmp-0"})
	wantIDs(t, "after the smallest", ids, nil)
	ids, _ = walk(graph.CampaignQuery{After: "cmp-9"})
	wantIDs(t, "after one above all", ids, []string{"cmp-5", "cmp-4", "cmp-3", "cmp-2", "cmp-1"})
}
