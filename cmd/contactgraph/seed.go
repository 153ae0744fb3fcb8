package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

func (a *App) seedCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Fill the store with generated data",
	}
	var force bool
	demo := &cobra.Command{
		Use:   "demo",
		Short: "Load the demo company into an empty store",
		Long: `demo loads the demo company: eight units (among them the IT services
division whose network specialist several customers trust), 40 employees,
20 accounts, 150 customers and their relationships. A store that already
holds data is refused, with what it holds, unless --force: then the demo's
entities are written over those of the same ids and the rest stays.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			return a.withMigratedStore(cmd.Context(), func(s graph.Store) error {
				if err := refuseData(cmd.Context(), s, "seed demo", force); err != nil {
					return err
				}
				if _, err := s.Batch(cmd.Context(), seed.Demo()); err != nil {
					return fmt.Errorf("seed: load demo company: %w", err)
				}
				_, err := fmt.Fprintln(cmd.OutOrStdout(), "demo company loaded")
				return err
			})
		},
	}
	demo.Flags().BoolVar(&force, "force", false, "write into a store that holds data")
	cmd.AddCommand(demo)
	cmd.AddCommand(a.syntheticCommand())
	return cmd
}

// refuseData refuses to seed a store that holds data unless forced, and
// says what it holds.
func refuseData(ctx context.Context, s graph.Store, command string, force bool) error {
	if force {
		return nil
	}
	held, err := seed.Contents(ctx, s)
	if err != nil || held == "" {
		return err
	}
	return fmt.Errorf("the store already holds %s: %s writes only into an empty store; --force writes into this one (entities of the same ids are replaced)", held, command)
}
