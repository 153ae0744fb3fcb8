package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
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

// askDefaults are an operation's defaults, shown in its help (docs/contract.md §2).
type askDefaults struct {
	maxHops  int
	minTrust float64
	limit    int // 0: the operation takes no limit
}

var (
	contactsAsk = askDefaults{maxHops: routing.DefaultContactsMaxHops, minTrust: 0, limit: routing.DefaultContactsLimit}
	senderAsk   = askDefaults{maxHops: routing.DefaultRouteMaxHops, minTrust: routing.DefaultRouteMinTrust}
)

func (f *askFlags) bind(cmd *cobra.Command, d askDefaults) {
	fs := cmd.Flags()
	fs.IntVar(&f.maxHops, "max-hops", d.maxHops, fmt.Sprintf("most relationships on a route, 1 to %d", routing.MaxHopsLimit))
	fs.Float64Var(&f.minTrust, "min-trust", d.minTrust, "lowest score, 0 to 1")
	fs.StringVar(&f.asOf, "as-of", "", "decay trust to this moment, RFC 3339 or YYYY-MM-DD; empty: now")
	fs.BoolVar(&f.jsonOut, "json", false, "print the answer as JSON, as the API gives it")
	if d.limit > 0 {
		fs.IntVar(&f.limit, "limit", d.limit, fmt.Sprintf("how many answers, 1 to %d", routing.MaxContactsLimit))
	}
}

func (f *askFlags) params(halfLife float64) (routing.Params, error) {
	mt := f.minTrust
	p := routing.Params{MaxHops: outOfRangeIfZero(f.maxHops), Limit: outOfRangeIfZero(f.limit), HalfLifeDays: halfLife, MinTrust: &mt}
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
				return printContacts(cmd.OutOrStdout(), res, accountLabel(cmd.Context(), s, res.Customer.Account))
			})
		},
	}
	f.bind(cmd, contactsAsk)
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
			if p.AsOf.IsZero() {
				p.AsOf = time.Now().UTC()
			}
			return a.withStore(cmd.Context(), func(s graph.Store) error {
				res, err := routing.Route(cmd.Context(), s, s, args[0], routing.RouteParams{Params: p,
					Fallback: routing.Fallback{Name: fb.Name, Email: fb.Email}})
				if err != nil {
					return err
				}
				if f.jsonOut {
					// As GET /customers/{id}/route answers it, with asOf.
					return printJSON(cmd.OutOrStdout(), routeAnswer{Assignment: res, AsOf: p.AsOf})
				}
				return printRoute(cmd.Context(), cmd.OutOrStdout(), s, res)
			})
		},
	}
	f.bind(cmd, senderAsk)
	cmd.Flags().Float64Var(&a.cfg.HalfLifeDays, "half-life-days", a.cfg.HalfLifeDays, "days after which trust counts half")
	cmd.Flags().StringVar(&a.cfg.FallbackSender, "fallback-sender", a.cfg.FallbackSender, `fallback sender "Name <email>"`)
	return cmd
}

// outOfRangeIfZero keeps an explicit 0 from meaning "the default" (it is
// out of range, as in the API).
func outOfRangeIfZero(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// routeAnswer is the route command's JSON: the assignment and the moment
// trust was decayed to.
type routeAnswer struct {
	routing.Assignment
	AsOf time.Time `json:"asOf"`
}

func printContacts(w io.Writer, res routing.ContactsResult, account string) error {
	fmt.Fprintf(w, "%s (%s), account %s\n", res.Customer.Name, res.Customer.ID, orDash(account))
	if len(res.Contacts) == 0 {
		_, err := fmt.Fprintln(w, "  nobody here knows this customer within the hop limit")
		return err
	}
	// Columns by runes, so that names with umlauts line up too.
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, c := range res.Contacts {
		names := make([]string, len(c.Path))
		for j, n := range c.Path {
			names[j] = n.Name
		}
		fmt.Fprintf(tw, "%2d. %s\tscore %.3f\t%d hop%s\t%s\n", i+1, c.Employee.Name+" ("+c.Employee.ID+")", c.Score, c.Hops,
			plural(c.Hops), strings.Join(names, " → "))
	}
	return tw.Flush()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// printRoute prints the sender of one customer, with names as contacts
// prints them.
func printRoute(ctx context.Context, w io.Writer, s graph.Store, a routing.Assignment) error {
	customer := personLabel(ctx, s, a.Customer)
	if a.Sender == nil {
		_, err := fmt.Fprintf(w, "%s: excluded (%s)\n", customer, a.Reason)
		return err
	}
	id := "no employee"
	if a.Sender.ID != nil {
		id = *a.Sender.ID
	}
	fmt.Fprintf(w, "%s: sender %s <%s> (%s), reason %s", customer, a.Sender.Name, a.Sender.Email, id, a.Reason)
	if a.Reason == routing.ReasonTrustedPath {
		names := make([]string, len(a.Path))
		for i, p := range a.Path {
			names[i] = personName(ctx, s, p)
		}
		fmt.Fprintf(w, ", score %.3f via %s", a.Score, strings.Join(names, " → "))
	}
	_, err := fmt.Fprintln(w)
	return err
}

// personName is the name of a person, or the id when it cannot be read.
func personName(ctx context.Context, s graph.Store, id string) string {
	if c, err := s.Customer(ctx, id); err == nil {
		return c.Name
	}
	if e, err := s.Employee(ctx, id); err == nil {
		return e.Name
	}
	return id
}

// accountLabel is "Name (id)" of an account, the id when it cannot be
// read, "" for none.
func accountLabel(ctx context.Context, s graph.Store, id string) string {
	if id == "" {
		return ""
	}
	if a, err := s.Account(ctx, id); err == nil {
		return a.Name + " (" + id + ")"
	}
	return id
}

// personLabel is "Name (id)".
func personLabel(ctx context.Context, s graph.Store, id string) string {
	if name := personName(ctx, s, id); name != id {
		return name + " (" + id + ")"
	}
	return id
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
