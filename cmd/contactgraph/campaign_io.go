package main

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// readRecipients reads the customer ids of a recipients file: CSV with a
// header row naming a customer_id (or id) column; "-" is stdin. Every bad
// id is reported as file:line.
func readRecipients(name string, stdin io.Reader) (ids []string, err error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer func() { err = errors.Join(err, f.Close()) }()
		r = f
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty: want a header row with a customer_id column", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := -1
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if h == "customer_id" || (h == "id" && col < 0) {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("%s:1: no customer_id (or id) column in the header %q", name, strings.Join(header, ","))
	}
	var bad []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		id := ""
		if col < len(rec) {
			id = strings.TrimSpace(rec[col])
		}
		switch {
		case id == "" && len(rec) == 1:
			continue // a blank line
		case !graph.ValidID(id):
			if len(bad) < 20 {
				bad = append(bad, fmt.Sprintf("%s:%d: %s: %q is not a valid id", name, line, header[col], id))
			}
			continue
		}
		ids = append(ids, id)
	}
	if len(bad) > 0 {
		return nil, errors.New(strings.Join(bad, "\n"))
	}
	return ids, nil
}

// printCampaignSummary tells how the recipients went, and the busiest
// senders.
func printCampaignSummary(w io.Writer, res *campaigns.Result) error {
	s := res.Summary
	fmt.Fprintf(w, "%d recipients: %d assigned (%d trusted_path, %d account_owner, %d fallback), total score %.3f\n",
		s.Recipients, s.Assigned, s.ByReason[routing.ReasonTrustedPath], s.ByReason[routing.ReasonAccountOwner],
		s.ByReason[routing.ReasonFallback], s.TotalScore)
	fmt.Fprintf(w, "excluded: %d opt_out, %d no_email; unresolved: %d unknown_customer; duplicates: %d\n",
		s.Excluded[routing.ReasonOptOut], s.Excluded[routing.ReasonNoEmail], s.Unresolved[routing.ReasonUnknownCustomer], s.Duplicates)
	type count struct {
		id string
		n  int
	}
	var top []count
	for id, n := range s.BySender {
		top = append(top, count{id, n})
	}
	slices.SortFunc(top, func(a, b count) int { return cmp.Or(b.n-a.n, strings.Compare(a.id, b.id)) })
	if len(top) == 0 {
		return nil
	}
	fmt.Fprintf(w, "%d senders; busiest:", len(top))
	for _, c := range top[:min(5, len(top))] {
		fmt.Fprintf(w, " %s %d", c.id, c.n)
	}
	_, err := fmt.Fprintln(w)
	return err
}

// campaignBar draws the ranking of a large campaign on a terminal and
// nothing elsewhere (a nil *campaignBar is quiet).
type campaignBar struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

// campaignBarMin is the number of recipients from which a bar is drawn.
const campaignBarMin = 10_000

func newCampaignBar(w io.Writer) *campaignBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &campaignBar{w: w}
}

// update is a campaigns.Campaign.Progress.
func (b *campaignBar) update(done, total int) {
	if b == nil || total < campaignBarMin {
		return
	}
	if b.bar == nil {
		b.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription("ranking senders"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetItsString("recipients"),
			progressbar.OptionShowIts(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish())
	}
	_ = b.bar.Set(done)
}

// done clears the bar.
func (b *campaignBar) done() {
	if b != nil && b.bar != nil {
		_ = b.bar.Finish()
		b.bar = nil
	}
}
