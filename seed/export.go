package seed

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// ExportOptions steers Export.
type ExportOptions struct {
	// IncludePrivate exports private relationships too.
	// docs/contract.md §3 keeps them out of exports, so the default leaves
	// them out; only an admin should be offered this (a full backup).
	IncludePrivate bool
	// PageSize is the number of entities read per store call (at most and
	// by default graph.MaxListLimit).
	PageSize int
}

// ExportReport counts what an export wrote.
type ExportReport struct {
	Files []FileCount `json:"files"`
	// PrivateOmitted counts the private relationships left out.
	PrivateOmitted int `json:"privateOmitted"`
}

// FileCount is the number of data rows of one file.
type FileCount struct {
	Name string `json:"name"`
	Rows int    `json:"rows"`
}

// Export writes the store as the five CSV files of docs/contract.md §4, in
// the format Import reads, each sorted by id (relationships by their ends in
// canonical order), so that export → import into an empty store → export
// gives identical files. Files are created one after another and each is
// complete before the next is created, so create may be a zip writer's.
//
// It pages through the store and holds one page at a time. It sees no
// snapshot: writes during an export may or may not show.
func Export(ctx context.Context, s graph.Store, create Creator, o ExportOptions) (ExportReport, error) {
	if o.PageSize <= 0 || o.PageSize > graph.MaxListLimit {
		o.PageSize = graph.MaxListLimit
	}
	var rep ExportReport
	for _, name := range Files {
		out, err := newCSVOut(create, name)
		if err != nil {
			return rep, fmt.Errorf("seed: export: %w", err)
		}
		switch name {
		case UnitsFile:
			err = exportList(ctx, s.Units, o, out, unitRecord)
		case EmployeesFile:
			err = exportList(ctx, s.Employees, o, out, employeeRecord)
		case AccountsFile:
			err = exportList(ctx, s.Accounts, o, out, accountRecord)
		case CustomersFile:
			err = exportList(ctx, s.Customers, o, out, customerRecord)
		case RelationshipsFile:
			rep.PrivateOmitted, err = exportRelationships(ctx, s, o, out)
		}
		if err = errors.Join(err, out.flush()); err != nil {
			return rep, fmt.Errorf("seed: export %s: %w", name, err)
		}
		rep.Files = append(rep.Files, FileCount{Name: name, Rows: out.rows})
	}
	return rep, nil
}

func exportList[T any](ctx context.Context, list func(context.Context, graph.ListQuery) (graph.Page[T], error),
	o ExportOptions, out *csvOut, record func(T) []string) error {
	q := graph.ListQuery{Limit: o.PageSize}
	for {
		page, err := list(ctx, q)
		if err != nil {
			return err
		}
		for _, it := range page.Items {
			if err := out.write(record(it)); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		q.After = page.Next
	}
}

// ExportZip writes the export as a zip archive of the five files.
func ExportZip(ctx context.Context, s graph.Store, w io.Writer, o ExportOptions) (ExportReport, error) {
	z := zip.NewWriter(w)
	now := time.Now()
	create := func(name string) (io.Writer, error) {
		// Dated: without Modified an entry shows as of 1980.
		return z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
	}
	rep, err := Export(ctx, s, create, o)
	if err != nil {
		return rep, err
	}
	return rep, z.Close()
}

// ExportDir writes the export into the directory dir, creating it if
// needed and replacing files of the same names.
func ExportDir(ctx context.Context, s graph.Store, dir string, o ExportOptions) (ExportReport, error) {
	d, err := NewDirWriter(dir)
	if err != nil {
		return ExportReport{}, fmt.Errorf("seed: export: %w", err)
	}
	rep, err := Export(ctx, s, d.Create, o)
	return rep, errors.Join(err, d.Close())
}
