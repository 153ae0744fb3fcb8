package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

func (a *App) syntheticCommand() *cobra.Command {
	o := seed.SyntheticOptions{Employees: 2_000, Customers: 50_000, Seed: 1}
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "synthetic",
		Short: "Generate a synthetic company network into the store or into CSV files",
		Long: `synthetic generates a deterministic, realistically skewed company network
(units, employees, accounts, customers and about four relationships per
customer; the same seed gives the same network) and writes it straight
into the store, or with --out DIR into the CSV files of import. A store
that already holds data is refused, with what it holds, unless --force.
--employees 20000 --customers 500000 makes about 2,000,000 relationships.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out != "" {
				return a.syntheticCSV(cmd.OutOrStdout(), o, out)
			}
			return a.withMigratedStore(cmd.Context(), func(s graph.Store) error {
				if err := refuseData(cmd.Context(), s, "seed synthetic", force); err != nil {
					return err
				}
				return a.syntheticStore(cmd, s, o)
			})
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.Employees, "employees", o.Employees, "employees")
	f.IntVar(&o.Customers, "customers", o.Customers, "customers")
	f.IntVar(&o.Accounts, "accounts", 0, "accounts (0: one per 25 customers)")
	f.Uint64Var(&o.Seed, "seed", o.Seed, "random seed")
	f.IntVar(&o.BatchSize, "batch-size", 20_000, "entities per store batch")
	f.StringVar(&out, "out", "", "write CSV files into this directory instead of the store")
	f.BoolVar(&force, "force", false, "write into a store that holds data")
	return cmd
}

func (a *App) syntheticCSV(w io.Writer, o seed.SyntheticOptions, dir string) (err error) {
	d, err := seed.NewDirWriter(dir)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, d.Close()) }()
	counts, err := seed.WriteSynthetic(o, d.Create)
	if err != nil {
		return err
	}
	for _, name := range seed.Files {
		if _, err := fmt.Fprintf(w, "%s: %d rows\n", name, counts[name]); err != nil {
			return err
		}
	}
	return nil
}

// syntheticStore writes the generator's batches into s. Ctrl-C stops
// between batches.
func (a *App) syntheticStore(cmd *cobra.Command, s graph.Store, o seed.SyntheticOptions) error {
	ctx := cmd.Context()
	bar := newRowBar(a.Stderr)
	progress := bar.progress()
	written := 0
	start := time.Now()
	err := seed.Synthetic(o, func(b graph.Batch) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := s.Batch(ctx, b); err != nil {
			return err
		}
		written += b.Size()
		if progress != nil {
			progress(seed.Progress{Phase: seed.PhaseWrite, Rows: written})
		}
		return nil
	})
	bar.done()
	if err != nil {
		return fmt.Errorf("synthetic: stopped after %d entities: %w", written, err)
	}
	_, err = fmt.Fprintf(cmd.OutOrStdout(), "wrote %d entities in %s\n", written, time.Since(start).Round(time.Millisecond))
	return err
}
