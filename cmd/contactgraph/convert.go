package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

func (a *App) convertCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "convert --format ldbc|advogato SRC OUTDIR",
		Short: "Convert a real network (LDBC SNB, Advogato) into the CSV files of import",
		Long: `convert writes the five CSV files of import for a real network, for a look
before importing or for other tools. --format ldbc reads a directory of the
LDBC SNB data set: the staff of the organisation with the most staff become
employees, everybody else customers at the account of their first
organisation, every knows edge a relationship of trust 1. --format advogato
reads KONECT's out.advogato: users with an id divisible by 10 become
employees, the rest customers; each pair's trust is the larger of its two
certification weights; self-certifications are dropped.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			b, err := convertSource(format, args[0])
			if err != nil {
				return err
			}
			d, err := seed.NewDirWriter(args[1])
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, d.Close()) }()
			if err := seed.WriteCSV(b, d.Create); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%d units, %d employees, %d accounts, %d customers, %d relationships\n",
				len(b.Units), len(b.Employees), len(b.Accounts), len(b.Customers), len(b.Relationships))
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "ldbc (a directory) or advogato (a file)")
	_ = cmd.MarkFlagRequired("format")
	return cmd
}

// convertSource reads a real network in format from path.
func convertSource(format, path string) (graph.Batch, error) {
	switch format {
	case formatLDBC:
		return seed.LDBC(os.DirFS(path))
	case formatAdvogato:
		f, err := os.Open(path)
		if err != nil {
			return graph.Batch{}, err
		}
		defer f.Close()
		return seed.Advogato(f)
	}
	return graph.Batch{}, fmt.Errorf("format %q: want csv, %s or %s", format, formatLDBC, formatAdvogato)
}
