package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/contactgraph/contactgraph/seed"
)

func (a *App) seedCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Fill the store with generated data",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "demo",
		Short: "Load the demo company into an empty store",
		Long: `demo loads the demo company: eight units (among them the IT services
division whose network specialist several customers trust), 40 employees,
20 accounts, 150 customers and their relationships. A store that already
holds employees is left unchanged.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			if err := a.cfg.validate(); err != nil {
				return err
			}
			log, err := newLogger(a.cfg, a.Stderr)
			if err != nil {
				return err
			}
			s, err := openStore(cmd.Context(), a.cfg, log, true)
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, s.Close()) }()
			loaded, err := seed.LoadDemo(cmd.Context(), s)
			if err != nil {
				return err
			}
			msg := "demo company loaded"
			if !loaded {
				msg = "the store already holds data; left unchanged"
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), msg)
			return err
		},
	})
	cmd.AddCommand(a.syntheticCommand())
	return cmd
}
