package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

func (a *App) migrateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Create Neo4j's constraints and indexes (idempotent; serve also does it at start)",
		Long: `migrate creates the uniqueness constraints (person ids unique across
employees and customers, account and unit ids) and the indexes the queries
need. It is idempotent. The embedded store needs no migration.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			if err := a.cfg.validate(); err != nil {
				return err
			}
			log, err := newLogger(a.cfg, a.Stderr)
			if err != nil {
				return err
			}
			if a.cfg.Neo4jURI == "" {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), "embedded store: nothing to migrate")
				return err
			}
			s, err := openStore(cmd.Context(), a.cfg, log, true)
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, s.Close()) }()
			_, err = fmt.Fprintln(cmd.OutOrStdout(), "neo4j: constraints and indexes are in place")
			return err
		},
	}
}
