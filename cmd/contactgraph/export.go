package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

func (a *App) exportCommand() *cobra.Command {
	var o seed.ExportOptions
	cmd := &cobra.Command{
		Use:   "export DIR|FILE.zip",
		Short: "Export the store as the CSV files of import",
		Long: `export writes units.csv, employees.csv, accounts.csv, customers.csv and
relationships.csv into DIR (created if needed; files of those names are
replaced), or into a zip archive when the argument ends in .zip. Files are
sorted by id, relationships by their two ends, so that export, import into
an empty store and export again give identical files.

Private relationships are left out (docs/contract.md §3: never exported) unless
--include-private is given, for a full backup.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withMigratedStore(cmd.Context(), func(s graph.Store) error {
				rep, err := exportTo(cmd, s, args[0], o)
				if err != nil {
					return err
				}
				return printExport(cmd.OutOrStdout(), rep, o)
			})
		},
	}
	cmd.Flags().BoolVar(&o.IncludePrivate, "include-private", false, "export private relationships too (a full backup)")
	return cmd
}

func exportTo(cmd *cobra.Command, s graph.Store, dst string, o seed.ExportOptions) (rep seed.ExportReport, err error) {
	if !strings.HasSuffix(strings.ToLower(dst), ".zip") {
		return seed.ExportDir(cmd.Context(), s, dst, o)
	}
	f, err := os.Create(dst)
	if err != nil {
		return rep, err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	return seed.ExportZip(cmd.Context(), s, f, o)
}

func printExport(w io.Writer, rep seed.ExportReport, o seed.ExportOptions) error {
	for _, f := range rep.Files {
		if _, err := fmt.Fprintf(w, "%s: %d rows\n", f.Name, f.Rows); err != nil {
			return err
		}
	}
	if rep.PrivateOmitted > 0 && !o.IncludePrivate {
		_, err := fmt.Fprintf(w, "left out %d private relationships (--include-private to export them)\n", rep.PrivateOmitted)
		return err
	}
	return nil
}
