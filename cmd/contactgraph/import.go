package main

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	var from, mapFile string
	cmd := &cobra.Command{
		Use:   "import DIR|FILE",
		Short: "Import the CSV files of a directory, a zip or one file (or a real network) into the store",
		Long: `import reads units.csv, employees.csv, accounts.csv, customers.csv and
relationships.csv (any of them) from DIR, from a zip of them (as export
writes it) or one of them as FILE, validates every row first and
writes them in batches. Every bad row is reported as file:line: column:
reason, on stderr; unless all rows are valid nothing is written, or with
--skip-invalid the valid rows are written (a row that refers to an invalid
row is invalid too). Re-importing the same files changes nothing.

--format ldbc reads a directory of the LDBC SNB data set (Person.csv,
Person_knows_Person*.csv, Person_workAt_Organisation.csv); --format advogato
reads KONECT's out.advogato. Both are converted to our files first (see
convert, which writes them out) and imported like them.

--from salesforce|hubspot|dynamics reads a directory of that CRM's CSV
exports of users, accounts and contacts (see docs/import.md for the files
and columns): users become employees, accounts accounts, contacts
customers, with the same checks, report, --dry-run and --skip-invalid;
no relationships are made. --map FILE (YAML or JSON) renames the columns
of the preset, or with --from custom says where everything is.

On a terminal a progress bar shows rows per second and the time left.
Ctrl-C stops between batches and tells how many rows of each file were
written.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if from != "" || mapFile != "" {
				if format != formatCSV {
					return fmt.Errorf("--from reads a CRM export: it does not go with --format %s", format)
				}
				m, err := crmMapping(from, mapFile)
				if err != nil {
					return err
				}
				if err := isDir(args[0], "a CRM export"); err != nil {
					return err
				}
				fsys := os.DirFS(args[0])
				return a.withMigratedStore(ctx, func(s graph.Store) error {
					return a.runImport(cmd.OutOrStdout(), o, func(o seed.ImportOptions) (seed.ImportReport, error) {
						return seed.ImportCRM(ctx, s, fsys, m, o)
					})
				})
			}
			fsys, closeSource, err := importSource(format, args[0])
			if err != nil {
				return err
			}
			defer closeSource()
			return a.withMigratedStore(ctx, func(s graph.Store) error {
				return a.runImport(cmd.OutOrStdout(), o, func(o seed.ImportOptions) (seed.ImportReport, error) {
					return seed.Import(ctx, s, fsys, o)
				})
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.SkipInvalid, "skip-invalid", false, "write the valid rows and report the rest")
	f.BoolVar(&o.DryRun, "dry-run", false, "validate only, write nothing")
	f.IntVar(&o.BatchSize, "batch-size", seed.DefaultImportBatch, "entities per store batch")
	f.StringVar(&format, "format", format, "csv (our files), ldbc (a directory) or advogato (a file)")
	f.StringVar(&from, "from", "", "a directory of CRM exports: "+strings.Join(seed.CRMSystems, ", "))
	f.StringVar(&mapFile, "map", "", "a mapping file (YAML or JSON) of the export's columns; alone it means --from custom")
	return cmd
}

// crmMapping returns the preset of a CRM with the mapping file, if any,
// laid over it.
func crmMapping(from, mapFile string) (seed.Mapping, error) {
	if from == "" {
		from = seed.CustomCRM
	}
	m, err := seed.CRMMapping(from)
	if err != nil {
		return m, errors.New(graph.ErrorMessage(err))
	}
	if mapFile == "" {
		if from == seed.CustomCRM {
			return m, errors.New("--from custom needs --map FILE: a mapping file of the export's columns")
		}
		return m, nil
	}
	data, err := os.ReadFile(mapFile)
	if err != nil {
		return m, err
	}
	m, err = seed.ParseMapping(mapFile, data, m)
	if err != nil {
		return m, errors.New(graph.ErrorMessage(err))
	}
	return m, nil
}

func isDir(path, what string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a directory: import reads %s from a directory", path, what)
	}
	return nil
}

// importSource returns the files to import and what closes them: the
// directory itself, the zip that export writes, one of the five files
// alone (as the HTTP import takes them), or the real network converted to
// our files in memory.
func importSource(format, path string) (fs.FS, func(), error) {
	nothing := func() {}
	if format != formatCSV {
		b, err := convertSource(format, path)
		if err != nil {
			return nil, nothing, err
		}
		var mem seed.MemFiles
		if err := seed.WriteCSV(b, mem.Create); err != nil {
			return nil, nothing, err
		}
		return mem.FS(), nothing, nil
	}
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, nothing, err
	case st.IsDir():
		return os.DirFS(path), nothing, nil
	case strings.EqualFold(filepath.Ext(path), ".zip"):
		z, err := zip.OpenReader(path)
		if err != nil {
			return nil, nothing, fmt.Errorf("%s: %w", path, err)
		}
		return z, func() { _ = z.Close() }, nil
	case slices.Contains(seed.Files, filepath.Base(path)):
		name := filepath.Base(path)
		return seed.OpenerFS{name: func() (io.ReadCloser, error) { return os.Open(path) }}, nothing, nil
	}
	return nil, nothing, fmt.Errorf("%s: import reads a directory, a zip of the files (as export writes it) or one file named %s",
		path, strings.Join(seed.Files, ", "))
}

// runImport runs an import (seed.Import or seed.ImportCRM) with a
// progress bar and prints its problems and report.
func (a *App) runImport(stdout io.Writer, o seed.ImportOptions, run func(seed.ImportOptions) (seed.ImportReport, error)) error {
	bar := newRowBar(a.Stderr)
	o.Progress = bar.progress()
	rep, err := run(o)
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
	// An export's files say what they were read as (units are made from
	// the users' file).
	translated := slices.ContainsFunc(rep.Files, func(f seed.FileReport) bool { return f.As != "" })
	if translated {
		fmt.Fprintln(tw, "file\tas\trows\tinvalid\twritten\tnew\t")
	} else {
		fmt.Fprintln(tw, "file\trows\tinvalid\twritten\tnew\t")
	}
	for _, f := range rep.Files {
		name := f.Name
		if translated {
			name += "\t" + f.As
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", name, f.Rows, f.Invalid, f.Written, f.Created)
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
