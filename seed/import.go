package seed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// DefaultImportBatch is the number of entities an import writes with one
// store.Batch call unless told otherwise.
const DefaultImportBatch = 10_000

// ImportOptions steers Import.
type ImportOptions struct {
	// SkipInvalid writes the valid rows and reports the rest; without it
	// nothing is written unless every row is valid.
	SkipInvalid bool
	// DryRun validates only.
	DryRun bool
	// BatchSize is the number of entities per store.Batch call
	// (DefaultImportBatch when 0). Units always go in one batch, so that a
	// parent may follow its child in the file.
	BatchSize int
	// Progress, when set, learns how far the import is: during validation
	// every 50,000 rows, while writing after every batch. It is called from
	// Import's goroutine.
	Progress func(Progress)
}

// Phases of an import, as Progress reports them.
const (
	PhaseValidate = "validate"
	PhaseWrite    = "write"
)

// Progress is a snapshot of a running import.
type Progress struct {
	Phase string // PhaseValidate or PhaseWrite
	File  string // the file being read or written
	Rows  int    // rows read (validate) or written (write) so far, all files
	Total int    // rows to write (write); 0 while validating
}

// ImportReport tells what an import found and did.
type ImportReport struct {
	// Files has one entry per file found, in import order (see Files).
	Files []FileReport `json:"files"`
	// Errors lists every problem, by file (in import order) and line.
	Errors []RowError `json:"errors"`
	// Ignored names the files of the directory that are not import files.
	Ignored []string `json:"ignored,omitempty"`
	DryRun  bool     `json:"dryRun"`
	// Interrupted is set when the context ended while writing; Written of
	// each file then tells how far the import got.
	Interrupted bool `json:"interrupted"`
}

// FileReport counts the rows of one file.
type FileReport struct {
	Name string `json:"name"`
	// As is the file of ours that an export's file was read as
	// (ImportCRM), "" for a file of ours.
	As      string `json:"as,omitempty"`
	Rows    int    `json:"rows"`    // data rows read
	Invalid int    `json:"invalid"` // rows not written because they or a row they refer to are invalid
	Written int    `json:"written"` // rows written
	Created int    `json:"created"` // rows written that the store did not hold before
}

// Valid returns the rows that are (or would be) written.
func (f FileReport) Valid() int { return f.Rows - f.Invalid }

// File returns the report of one file and whether it was found.
func (r ImportReport) File(name string) (FileReport, bool) {
	i := slices.IndexFunc(r.Files, func(f FileReport) bool { return f.Name == name })
	if i < 0 {
		return FileReport{}, false
	}
	return r.Files[i], true
}

// Import reads the CSV files of docs/contract.md §4 from fsys (any of
// units.csv, employees.csv, accounts.csv, customers.csv and
// relationships.csv, at its root) and writes them into s.
//
// It validates everything first: each cell, each id's uniqueness within the
// files (persons share one id space), each reference (to a row of the files
// or to what s holds) and unit parent cycles. A row that refers to an
// invalid row is invalid too. Every problem is reported as "file:line:
// column: reason". When any row is invalid, nothing is written and the
// error is an EINVALID *graph.Error whose fields are the problems, unless
// SkipInvalid is set. A file whose header is wrong (missing, an unknown or
// repeated column, a required column missing) is rejected whole.
//
// Then it writes through s.Batch in batches of BatchSize entities: units,
// employees, accounts, customers, relationships, so that every batch refers
// only to what is stored. Files are read twice and never held in memory:
// only the ids of units, accounts and persons and a compact record per
// relationship are, so fsys must allow opening a file more than once.
//
// Re-importing the same files changes nothing. The optional interactions
// column of relationships.csv (which export writes) sets the count of
// relationships that the import creates; an existing relationship keeps its
// count, which the store maintains.
//
// When ctx ends while writing, the import stops between batches (the batch
// in flight completes) and returns the report, with Interrupted set and the
// rows written per file, and an error wrapping ctx.Err().
func Import(ctx context.Context, s graph.Store, fsys fs.FS, o ImportOptions) (ImportReport, error) {
	return importFiles(ctx, s, fsys, o, nil)
}

// importFiles is Import of files that tr, when not nil, says were
// translated from an export: its problems and its report then name the
// export's files, lines and columns.
func importFiles(ctx context.Context, s graph.Store, fsys fs.FS, o ImportOptions, tr *translation) (ImportReport, error) {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultImportBatch
	}
	imp := newImporter(s, fsys, o)
	imp.tr = tr
	rep := ImportReport{DryRun: o.DryRun}
	if tr == nil {
		rep.Ignored = ignoredFiles(fsys)
	}
	err := imp.validate(ctx)
	for i, e := range imp.errs {
		imp.errs[i] = tr.locate(e)
	}
	if err == nil && len(imp.files) == 0 {
		err = graph.Errorf(graph.EINVALID, "no import files found: want any of %s", strings.Join(Files, ", "))
	}
	if err == nil && len(imp.errs) > 0 && !o.SkipInvalid {
		err = invalidError(imp.errs)
	}
	if err == nil && !o.DryRun {
		err = imp.write(ctx)
		rep.Interrupted = errors.Is(err, errInterrupted)
	}
	rep.Errors = imp.errs
	for _, name := range Files {
		if f := imp.files[name]; f != nil {
			fr := FileReport{Name: name, Rows: f.rows, Invalid: f.invalidCount(), Written: f.written, Created: f.created}
			if f.origin != nil {
				fr.Name, fr.As = f.origin.source, name
			}
			rep.Files = append(rep.Files, fr)
		}
	}
	return rep, err
}

// errInterrupted marks an import that stopped because its context ended.
var errInterrupted = errors.New("import interrupted")

func invalidError(errs []RowError) error {
	p := make(graph.Problems, len(errs))
	for i, e := range errs {
		p[i] = graph.FieldError{Field: e.Where(), Message: e.Reason}
	}
	err := p.Err().(*graph.Error)
	rows := map[string]bool{}
	for _, e := range errs {
		rows[fmt.Sprintf("%s:%d", e.File, e.Line)] = true
	}
	err.Message = fmt.Sprintf("%d invalid rows (first %s); nothing was written", len(rows), errs[0])
	return err
}

// ignoredFiles lists the regular files of fsys's root that are not import
// files; nil when fsys cannot list its root.
func ignoredFiles(fsys fs.FS) []string {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && !slices.Contains(Files, e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}
