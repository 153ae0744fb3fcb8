package seed

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// Creator creates a named file for writing: DirWriter.Create,
// MemFiles.Create, or zip.Writer.Create (one file at a time).
type Creator func(name string) (io.Writer, error)

// Records of each kind, in the column order of Columns.

func unitRecord(u graph.Unit) []string { return []string{u.ID, u.Name, u.Parent} }

func accountRecord(a graph.Account) []string { return []string{a.ID, a.Name, a.Owner, a.Segment} }

func employeeRecord(e graph.Employee) []string {
	return []string{e.ID, e.Name, e.Email, e.Title, e.Unit, formatBool(e.Active), formatBool(e.Sender),
		formatBool(e.Broker), formatCount(e.Capacity), formatBool(e.Capture),
		e.Phone, e.Signature, strings.Join(e.Aliases, AliasSeparator)}
}

func customerRecord(c graph.Customer) []string {
	return []string{c.ID, c.Name, c.Email, c.Title, c.Account, formatBool(c.OptOut), strings.Join(c.Aliases, AliasSeparator)}
}

func relationshipRecord(r graph.Relationship) []string {
	return []string{r.A, r.B, formatTrust(r.Trust), formatTime(r.LastContact), formatTime(r.Since),
		r.Visibility, r.Source, strconv.Itoa(r.Interactions), r.TrustSource}
}

// csvOut writes one of our files: the header, then records.
type csvOut struct {
	w    *csv.Writer
	rows int
}

func newCSVOut(create Creator, name string) (*csvOut, error) {
	w, err := create(name)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", name, err)
	}
	o := &csvOut{w: csv.NewWriter(w)}
	if err := o.w.Write(Columns[name]); err != nil {
		return nil, fmt.Errorf("write %s: %w", name, err)
	}
	return o, nil
}

func (o *csvOut) write(rec []string) error {
	o.rows++
	return o.w.Write(rec)
}

func (o *csvOut) flush() error {
	o.w.Flush()
	return o.w.Error()
}

// csvSet writes batches into all five files at once, each entity to the
// file of its kind. It needs a creator whose files stay open together (not
// a zip).
type csvSet struct {
	out map[string]*csvOut
}

func newCSVSet(create Creator) (*csvSet, error) {
	s := &csvSet{out: map[string]*csvOut{}}
	for _, name := range Files {
		o, err := newCSVOut(create, name)
		if err != nil {
			return nil, err
		}
		s.out[name] = o
	}
	return s, nil
}

func (s *csvSet) batch(b graph.Batch) error {
	return errors.Join(
		writeAll(s.out[UnitsFile], b.Units, unitRecord),
		writeAll(s.out[EmployeesFile], b.Employees, employeeRecord),
		writeAll(s.out[AccountsFile], b.Accounts, accountRecord),
		writeAll(s.out[CustomersFile], b.Customers, customerRecord),
		writeAll(s.out[RelationshipsFile], b.Relationships, relationshipRecord))
}

func writeAll[T any](o *csvOut, items []T, record func(T) []string) error {
	for _, it := range items {
		if err := o.write(record(it)); err != nil {
			return err
		}
	}
	return nil
}

// counts returns the rows written per file.
func (s *csvSet) counts() map[string]int {
	out := map[string]int{}
	for name, o := range s.out {
		out[name] = o.rows
	}
	return out
}

func (s *csvSet) flush() error {
	var errs []error
	for _, name := range Files {
		errs = append(errs, s.out[name].flush())
	}
	return errors.Join(errs...)
}

// WriteCSV writes b as the five CSV files of an import, with the default
// batch layout of a Batch (every kind in its own file).
func WriteCSV(b graph.Batch, create Creator) error {
	s, err := newCSVSet(create)
	if err != nil {
		return err
	}
	return errors.Join(s.batch(b), s.flush())
}

// WriteSynthetic writes the synthetic network of o as the five CSV files
// of an import, streaming, and returns the rows per file. Its files stay
// open together, so create cannot be a zip writer's.
func WriteSynthetic(o SyntheticOptions, create Creator) (map[string]int, error) {
	s, err := newCSVSet(create)
	if err != nil {
		return nil, err
	}
	if err := Synthetic(o, s.batch); err != nil {
		return s.counts(), err
	}
	return s.counts(), s.flush()
}
