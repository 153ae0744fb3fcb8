package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/delivery"
	"github.com/contactgraph/contactgraph/graph"
)

// deliverCommand delivers one saved campaign in the foreground.
func (a *App) deliverCommand() *cobra.Command {
	var after string
	cmd := &cobra.Command{
		Use:   "deliver CAMPAIGN-ID",
		Short: "Deliver a saved campaign's letters by SMTP, with a progress bar",
		Long: `deliver does what POST /campaigns/{id}/deliver does, in the foreground:
every named sender gets one notice, and after --deliver-after (default now)
the letters go out in each sender's name, exactly once each
(docs/delivery.md). It resumes a delivery that was paused or that a stopped
server left running, shows a progress bar on a terminal's stderr and prints
the counts by state at the end. It needs the store to itself: stop serve
first when it uses the same embedded data directory. The SMTP settings are
serve's (--smtp-host, … or CONTACTGRAPH_SMTP_*).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var at time.Time
			if after != "" {
				t, err := time.Parse(time.RFC3339, after)
				if err != nil {
					return fmt.Errorf("--deliver-after %q: want an RFC 3339 time such as 2026-12-10T08:00:00Z", after)
				}
				at = t
			}
			return a.withMigratedStore(cmd.Context(), func(s graph.Store) error {
				return a.deliver(cmd.Context(), s, args[0], at)
			})
		},
	}
	cmd.Flags().StringVar(&after, "deliver-after", "", "deadline of the senders' declines (RFC 3339); empty: now")
	a.cfg.Mail.bind(cmd.Flags())
	a.cfg.Trust.bind(cmd.Flags())
	return cmd
}

func (a *App) deliver(ctx context.Context, s graph.Store, id string, after time.Time) error {
	cfg, ok, err := a.cfg.Mail.deliveryConfig(a.cfg.Addr, a.cfg.DataDir, a.cfg.Neo4jURI != "")
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("deliver: no SMTP server: set --smtp-host and --smtp-sender (or CONTACTGRAPH_SMTP_HOST, CONTACTGRAPH_SMTP_SENDER)")
	}
	if cfg.TrustModel, err = a.cfg.Trust.model(); err != nil {
		return err
	}
	log, err := newLogger(a.cfg, a.Stderr)
	if err != nil {
		return err
	}
	r, err := delivery.New(s, cfg, log)
	if err != nil {
		return err
	}
	defer r.Close()
	if _, err := r.Deliver(ctx, id, "cli", after); err != nil {
		saved, lerr := campaigns.Load(ctx, s, id)
		if lerr != nil || graph.ErrorCode(err) != graph.ECONFLICT || saved.Delivery == nil ||
			(saved.Delivery.State != campaigns.DeliveryRunning && saved.Delivery.State != campaigns.DeliveryNotice) {
			return err
		}
		r.Start(id) // left running by a stopped process
	}
	var bar *progressbar.ProgressBar
	if isTerminal(a.Stderr) {
		bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(a.Stderr), progressbar.OptionSetDescription("letters"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("letters"),
			progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30), progressbar.OptionClearOnFinish(),
			progressbar.OptionOnCompletion(func() { _, _ = io.WriteString(a.Stderr, "\n") }))
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			// SIGINT: stop after the letter in hand; the delivery stays
			// running and resumes with the next serve or deliver.
			return ctx.Err()
		case <-tick.C:
		}
		saved, err := campaigns.Load(ctx, s, id)
		if err != nil {
			return err
		}
		counts, err := s.LetterCounts(ctx, id)
		if err != nil {
			return err
		}
		total, finished := 0, counts[graph.LetterSent]+counts[graph.LetterFailed]
		for _, n := range counts {
			total += n
		}
		if bar != nil && total > 0 {
			bar.ChangeMax(total)
			_ = bar.Set(finished)
		}
		if d := saved.Delivery; d != nil && (d.State == campaigns.DeliveryDone || d.State == campaigns.DeliveryPaused) {
			if bar != nil {
				_ = bar.Finish()
			}
			_, err := fmt.Fprintf(a.Stdout, "campaign %s: %s; %d sent, %d failed, %d left\n", id, d.State,
				counts[graph.LetterSent], counts[graph.LetterFailed], total-finished)
			return err
		}
	}
}
