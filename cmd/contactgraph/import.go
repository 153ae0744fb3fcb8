package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

// Formats that import and convert read.
const (
	formatCSV      = "csv"
	formatLDBC     = "ldbc"
	formatAdvogato = "advogato"
)

func (a *App) importCommand() *cobra.Command {
	var o seed.ImportOptions
	format := formatCSV
	cmd := &cobra.Command{
		Use:   "import DIR|FILE",
		Short: "Import the CSV files of a directory (or a real network) into the store",
		Long: `import reads units.csv, employees.csv, accounts.csv, customers.csv and
relationships.csv (any of them) from DIR, validates every row first and
writes them in batches. Every bad row is reported as file:line: column:
reason, on stderr; unless all rows are valid nothing is written, or with
--skip-invalid the valid rows are written (a row that refers to an invalid
row is invalid too). Re-importing the same files changes nothing.

--format ldbc reads a directory of the LDBC SNB data set (Person.csv,
Person_knows_Person*.csv, Person_workAt_Organisation.csv); --format advogato
reads KONECT's out.advogato. Both are converted to our files first (see
convert, which writes them out) and imported like them.

On a terminal a progress bar shows rows per second and the time left.
Ctrl-C stops between batches and tells how many rows of each file were
written.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fsys, err := importSource(format, args[0])
			if err != nil {
				return err
			}
			return a.withMigratedStore(cmd.Context(), func(s graph.Store) error {
				return a.runImport(cmd.Context(), cmd.OutOrStdout(), s, fsys, o)
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.SkipInvalid, "skip-invalid", false, "write the valid rows and report the rest")
	f.BoolVar(&o.DryRun, "dry-run", false, "validate only, write nothing")
	f.IntVar(&o.BatchSize, "batch-size", seed.DefaultImportBatch, "entities per store batch")
	f.StringVar(&format, "format", format, "csv (our files), ldbc (a directory) or advogato (a file)")
	return cmd
}

// importSource returns the files to import: the directory itself, or the
// real network converted to our files in memory.
func importSource(format, path string) (fs.FS, error) {
	if format == formatCSV {
		st, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("%s is not a directory: import reads the CSV files of a directory", path)
		}
		return os.DirFS(path), nil
	}
	b, err := convertSource(format, path)
	if err != nil {
		return nil, err
	}
	var mem seed.MemFiles
	if err := seed.WriteCSV(b, mem.Create); err != nil {
		return nil, err
	}
	return mem.FS(), nil
}

func (a *App) runImport(ctx context.Context, stdout io.Writer, s graph.Store, fsys fs.FS, o seed.ImportOptions) error {
	bar := newRowBar(a.Stderr)
	o.Progress = bar.progress()
	rep, err := seed.Import(ctx, s, fsys, o)
	bar.done()
	for _, e := range rep.Errors {
		fmt.Fprintln(a.Stderr, e)
	}
	if perr := printImport(stdout, rep); perr != nil {
		return errors.Join(err, perr)
	}
	if err != nil && graph.ErrorCode(err) == graph.EINVALID && len(rep.Errors) > 0 {
		return fmt.Errorf("%d problems: nothing was written", len(rep.Errors))
	}
	return err
}

// printImport writes the rows per file and what became of them.
func printImport(w io.Writer, rep seed.ImportReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "file\trows\tinvalid\twritten\tnew\t")
	for _, f := range rep.Files {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", f.Name, f.Rows, f.Invalid, f.Written, f.Created)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, name := range rep.Ignored {
		fmt.Fprintf(w, "ignored %s: not an import file\n", name)
	}
	switch {
	case rep.Interrupted:
		_, err := fmt.Fprintln(w, "interrupted: the rows written above are in the store, the rest is not")
		return err
	case rep.DryRun:
		_, err := fmt.Fprintln(w, "dry run: nothing written")
		return err
	}
	return nil
}
