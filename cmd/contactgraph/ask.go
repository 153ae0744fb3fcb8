package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// askFlags are the routing knobs of the contacts and route commands.
type askFlags struct {
	maxHops  int
	minTrust float64
	limit    int
	asOf     string
	jsonOut  bool
}

func (f *askFlags) bind(cmd *cobra.Command, limit bool) {
	fs := cmd.Flags()
	fs.IntVar(&f.maxHops, "max-hops", 0, "most relationships on a route, 1 to 6 (default: the operation's)")
	fs.Float64Var(&f.minTrust, "min-trust", -1, "lowest score, 0 to 1 (default: the operation's)")
	fs.StringVar(&f.asOf, "as-of", "", "decay trust to this moment, RFC 3339 or YYYY-MM-DD (default now)")
	fs.BoolVar(&f.jsonOut, "json", false, "print the answer as JSON, as the API gives it")
	if limit {
		fs.IntVar(&f.limit, "limit", 0, "how many answers (default 5, at most 100)")
	}
}

func (f *askFlags) params(halfLife float64) (routing.Params, error) {
	p := routing.Params{MaxHops: f.maxHops, Limit: f.limit, HalfLifeDays: halfLife}
	if f.minTrust >= 0 {
		mt := f.minTrust
		p.MinTrust = &mt
	}
	if f.asOf != "" {
		t, err := time.Parse(time.RFC3339, f.asOf)
		if err != nil {
			if t, err = time.Parse(time.DateOnly, f.asOf); err != nil {
				return p, fmt.Errorf("--as-of %q: want RFC 3339 or YYYY-MM-DD", f.asOf)
			}
		}
		p.AsOf = t
	}
	return p, nil
}

// withStore opens the configured store for one command and closes it after.
func (a *App) withStore(ctx context.Context, do func(graph.Store) error) (err error) {
	if err := a.cfg.validate(); err != nil {
		return err
	}
	log, err := newLogger(a.cfg, a.Stderr)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, a.cfg, log, false)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	return do(s)
}

func (a *App) contactsCommand() *cobra.Command {
	var f askFlags
	cmd := &cobra.Command{
		Use:   "contacts CUSTOMER-ID",
		Short: "Who here knows this customer, with the best route to each",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := f.params(a.cfg.HalfLifeDays)
			if err != nil {
				return err
			}
			return a.withStore(cmd.Context(), func(s graph.Store) error {
				res, err := routing.Contacts(cmd.Context(), s, args[0], p)
				if err != nil {
					return err
				}
				if f.jsonOut {
					return printJSON(cmd.OutOrStdout(), res)
				}
				return printContacts(cmd.OutOrStdout(), res)
			})
		},
	}
	f.bind(cmd, true)
	cmd.Flags().Float64Var(&a.cfg.HalfLifeDays, "half-life-days", a.cfg.HalfLifeDays, "days after which trust counts half")
	return cmd
}

func (a *App) routeCommand() *cobra.Command {
	var f askFlags
	cmd := &cobra.Command{
		Use:   "route CUSTOMER-ID",
		Short: "The sender for this customer and why: trusted path, account owner or fallback",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := f.params(a.cfg.HalfLifeDays)
			if err != nil {
				return err
			}
			fb, err := parseSender(a.cfg.FallbackSender)
			if err != nil {
				return err
			}
			return a.withStore(cmd.Context(), func(s graph.Store) error {
				res, err := routing.Route(cmd.Context(), s, s, args[0], routing.RouteParams{Params: p,
					Fallback: routing.Fallback{Name: fb.Name, Email: fb.Email}})
				if err != nil {
					return err
				}
				if f.jsonOut {
					return printJSON(cmd.OutOrStdout(), res)
				}
				return printRoute(cmd.OutOrStdout(), res)
			})
		},
	}
	f.bind(cmd, false)
	cmd.Flags().Float64Var(&a.cfg.HalfLifeDays, "half-life-days", a.cfg.HalfLifeDays, "days after which trust counts half")
	cmd.Flags().StringVar(&a.cfg.FallbackSender, "fallback-sender", a.cfg.FallbackSender, `fallback sender "Name <email>"`)
	return cmd
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func printContacts(w io.Writer, res routing.ContactsResult) error {
	fmt.Fprintf(w, "%s (%s), account %s\n", res.Customer.Name, res.Customer.ID, orDash(res.Customer.Account))
	if len(res.Contacts) == 0 {
		_, err := fmt.Fprintln(w, "  nobody here knows this customer within the hop limit")
		return err
	}
	for i, c := range res.Contacts {
		names := make([]string, len(c.Path))
		for j, n := range c.Path {
			names[j] = n.Name
		}
		fmt.Fprintf(w, "%2d. %-28s score %.3f  %d hop(s)  %s\n", i+1, c.Employee.Name+" ("+c.Employee.ID+")", c.Score, c.Hops, strings.Join(names, " → "))
	}
	return nil
}

func printRoute(w io.Writer, a routing.Assignment) error {
	if a.Sender == nil {
		_, err := fmt.Fprintf(w, "%s: excluded (%s)\n", a.Customer, a.Reason)
		return err
	}
	id := "-"
	if a.Sender.ID != nil {
		id = *a.Sender.ID
	}
	fmt.Fprintf(w, "%s: sender %s <%s> (%s), reason %s", a.Customer, a.Sender.Name, a.Sender.Email, id, a.Reason)
	if a.Reason == routing.ReasonTrustedPath {
		fmt.Fprintf(w, ", score %.3f via %s", a.Score, strings.Join(a.Path, " → "))
	}
	_, err := fmt.Fprintln(w)
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
