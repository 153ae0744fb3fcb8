package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// campaignFlags are the options of the campaign command.
type campaignFlags struct {
	ask             askFlags
	recipients      string
	accounts        []string
	segments        []string
	units           []string
	all             bool
	out             string
	capacity        map[string]int
	defaultCapacity int
	maxRecipients   int
}

func (a *App) campaignCommand() *cobra.Command {
	var f campaignFlags
	cmd := &cobra.Command{
		Use:   "campaign --recipients FILE.csv|--account ID|--segment NAME|--unit ID|--all [--out FILE.csv]",
		Short: "The sender of every recipient of a mailing, as CSV for mail merge",
		Long: `campaign chooses the sender of every recipient by the chain of the route
command (trusted path, account owner, fallback) under capacities: a
sender's capacity is --capacity ID=N, else the employee's own capacity,
else --default-capacity, else unlimited. The trusted senders are assigned
so that the total score is as high as possible; the answer does not depend
on the order of the recipients.

Recipients come from --recipients, a CSV file with a header row and a
customer_id (or id) column (other columns are ignored, so customers.csv of
an export or a previous campaign's output will do; "-" reads stdin), and
from --account and --segment (all their customers), --unit (the
customers of the accounts its employees own, units below it included), or
with --all every customer. A repeated recipient is sent once and reported.

The answer is CSV for mail merge, one row per recipient in the order
selected: customer_id, customer_name, customer_email, sender_name,
sender_email, sender_id, reason, score (excluded and unknown recipients
too, with an empty sender). It goes to --out (created 0600, replaced) or
stdout; --json writes the API's JSON instead. A summary per reason and the
busiest senders goes to stderr, and on a terminal a progress bar shows the
recipients ranked so far.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := f.campaign(cmd, a.cfg, cmd.InOrStdin())
			if err != nil {
				return err
			}
			bar := newCampaignBar(a.Stderr)
			c.Progress = bar.update
			return a.withStore(cmd.Context(), func(s graph.Store) error {
				res, err := campaigns.Resolve(cmd.Context(), s, c)
				bar.done()
				if err != nil {
					return campaignError(err)
				}
				if err := f.write(cmd.OutOrStdout(), res); err != nil {
					return err
				}
				return printCampaignSummary(a.Stderr, res)
			})
		},
	}
	f.ask.bind(cmd, senderAsk)
	fs := cmd.Flags()
	fs.StringVar(&f.recipients, "recipients", "", `CSV file with a customer_id (or id) column; "-" for stdin`)
	fs.StringArrayVar(&f.accounts, "account", nil, "add every customer of this account (repeatable)")
	fs.StringArrayVar(&f.segments, "segment", nil, "add every customer of every account in this segment (repeatable)")
	fs.StringArrayVar(&f.units, "unit", nil, "add every customer of every account owned by an employee of this unit or a unit below it (repeatable)")
	fs.BoolVar(&f.all, "all", false, "every customer (without --recipients, --account, --segment or --unit)")
	fs.StringVarP(&f.out, "out", "o", "", "write the answer to this file instead of stdout")
	fs.StringToIntVar(&f.capacity, "capacity", nil, "places of a sender in this campaign, ID=N (repeatable or comma-separated)")
	fs.IntVar(&f.defaultCapacity, "default-capacity", -1, "places of senders without a capacity; -1: unlimited")
	fs.IntVar(&f.maxRecipients, "max-recipients", campaigns.DefaultMaxRecipients, "refuse campaigns with more recipients")
	fs.Float64Var(&a.cfg.HalfLifeDays, "half-life-days", a.cfg.HalfLifeDays, "days after which trust counts half")
	fs.StringVar(&a.cfg.FallbackSender, "fallback-sender", a.cfg.FallbackSender, `fallback sender "Name <email>" (env CONTACTGRAPH_FALLBACK_SENDER)`)
	return cmd
}

// campaign builds the campaign the flags ask for.
func (f *campaignFlags) campaign(cmd *cobra.Command, cfg Config, stdin io.Reader) (campaigns.Campaign, error) {
	named := f.recipients != "" || len(f.accounts) > 0 || len(f.segments) > 0 || len(f.units) > 0
	switch {
	case f.all && named:
		return campaigns.Campaign{}, errors.New("--all selects every customer: it does not go with --recipients, --account, --segment or --unit")
	case !f.all && !named:
		return campaigns.Campaign{}, errors.New("name the recipients: --recipients FILE.csv, --account ID, --segment NAME, --unit ID or --all")
	}
	p, err := f.ask.params(cfg.HalfLifeDays)
	if err != nil {
		return campaigns.Campaign{}, err
	}
	fb, err := parseSender(cfg.FallbackSender)
	if err != nil {
		return campaigns.Campaign{}, fmt.Errorf("--fallback-sender: %w", err)
	}
	c := campaigns.Campaign{Accounts: f.accounts, Segments: f.segments, Units: f.units, All: f.all, Params: p, Capacity: f.capacity,
		Fallback: routing.Fallback{Name: fb.Name, Email: fb.Email}, MaxRecipients: f.maxRecipients}
	if cmd.Flags().Changed("default-capacity") {
		d := f.defaultCapacity
		c.DefaultCapacity = &d
	}
	if f.recipients != "" {
		if c.Recipients, err = readRecipients(f.recipients, stdin); err != nil {
			return campaigns.Campaign{}, err
		}
	}
	return c, nil
}

// write puts the answer where --out says, as CSV or, with --json, JSON.
func (f *campaignFlags) write(stdout io.Writer, res *campaigns.Result) (err error) {
	w := stdout
	if f.out != "" && f.out != "-" {
		file, err := os.OpenFile(f.out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, file.Close()) }()
		w = file
	}
	if f.ask.jsonOut {
		return printJSON(w, res)
	}
	return res.WriteCSV(w)
}

// campaignError spells out every field of an invalid campaign.
func campaignError(err error) error {
	fields := graph.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString("invalid campaign:")
	for _, f := range fields {
		fmt.Fprintf(&b, "\n  %s: %s", f.Field, f.Message)
	}
	return errors.New(b.String())
}
