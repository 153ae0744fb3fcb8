package seed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// validate is the first pass: it reads every file once, in import order,
// and leaves in imp.errs every problem and in each file's invalid set every
// row not to write. Before relationships.csv it asks the store about the
// ids that the entity files refer to and settles which rows are valid, so
// that relationships can be checked against that.
func (imp *importer) validate(ctx context.Context) error {
	for _, name := range Files {
		if name == RelationshipsFile {
			if err := imp.lookupEntities(ctx); err != nil {
				return err
			}
			imp.resolveEntities()
		}
		if err := imp.validateFile(ctx, name); err != nil {
			return err
		}
	}
	imp.sortErrors()
	return nil
}

func (imp *importer) validateFile(ctx context.Context, name string) (err error) {
	c, err := openCSV(imp.fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("seed: import: %w", err)
	}
	defer func() { err = errors.Join(err, c.Close()) }()
	f := &fileState{name: name, rejected: len(c.header) > 0, origin: imp.tr.origin(name)}
	imp.files[name] = f
	imp.errs = append(imp.errs, c.header...)
	if o := f.origin; o != nil && len(o.header) > 0 {
		// the export's own header is wrong (see ImportCRM)
		f.rejected = true
		imp.errs = append(imp.errs, o.header...)
		c.usable = c.usable && !o.unusable
	}
	var rels *relCheck
	if name == RelationshipsFile {
		rels = &relCheck{}
	}
	for {
		more, probs, err := c.next()
		if err != nil {
			return fmt.Errorf("seed: import: %w", err)
		}
		if !more {
			break
		}
		f.rows++
		probs = append(probs, f.origin.problems(c.line)...)
		imp.progress(name)
		if f.rows%4096 == 0 && ctx.Err() != nil {
			return fmt.Errorf("seed: import: %w", ctx.Err())
		}
		if !c.usable {
			continue
		}
		if wholeRow(probs) {
			imp.fail(f, c.row, probs...)
			continue
		}
		switch name {
		case UnitsFile:
			imp.checkUnit(c, f, probs)
		case EmployeesFile:
			imp.checkEmployee(c, f, probs)
		case AccountsFile:
			imp.checkAccount(c, f, probs)
		case CustomersFile:
			imp.checkCustomer(c, f, probs)
		case RelationshipsFile:
			imp.checkRelationship(c, f, probs, rels)
		}
	}
	if rels != nil {
		return imp.finishRelationships(ctx, f, rels)
	}
	return nil
}

// wholeRow reports whether probs include a problem of the row's shape, so
// that its cells cannot be read.
func wholeRow(probs []RowError) bool {
	for _, p := range probs {
		if p.Column == "" {
			return true
		}
	}
	return false
}

func (imp *importer) dupProblem(c *csvReader, col int, id, firstFile string, firstLine int32) RowError {
	return RowError{File: c.file, Line: c.line, Column: c.cols[col],
		Reason: fmt.Sprintf("duplicate id %q (first at %s)", id, imp.files[firstFile].at(firstLine))}
}

func (imp *importer) checkUnit(c *csvReader, f *fileState, probs []RowError) {
	u, more := readUnit(c, true)
	probs = mergeProblems(probs, more)
	if graph.ValidID(u.ID) {
		if prev, dup := imp.units[u.ID]; dup {
			probs = append(probs, imp.dupProblem(c, colID, u.ID, UnitsFile, prev.line))
		} else {
			imp.units[strings.Clone(u.ID)] = &unitInfo{parent: strings.Clone(u.Parent),
				line: int32(c.line), row: int32(c.row), ok: len(probs) == 0 && !f.rejected}
		}
	}
	imp.fail(f, c.row, probs...)
}

func (imp *importer) checkAccount(c *csvReader, f *fileState, probs []RowError) {
	a, more := readAccount(c, true)
	probs = mergeProblems(probs, more)
	if graph.ValidID(a.ID) {
		if prev, dup := imp.accounts[a.ID]; dup {
			probs = append(probs, imp.dupProblem(c, colID, a.ID, AccountsFile, prev.line))
		} else {
			owner := ""
			if graph.ValidID(a.Owner) {
				owner = imp.people[imp.personOf(a.Owner)].id
			}
			id := strings.Clone(a.ID)
			imp.accounts[id] = &accountInfo{id: id, owner: owner, line: int32(c.line), row: int32(c.row),
				inFile: true, ok: len(probs) == 0 && !f.rejected}
		}
	}
	imp.fail(f, c.row, probs...)
}

func (imp *importer) checkEmployee(c *csvReader, f *fileState, probs []RowError) {
	e, more := readEmployee(c, true)
	probs = mergeProblems(probs, more)
	unit := ""
	if graph.ValidID(e.Unit) {
		unit = strings.Clone(e.Unit)
	}
	probs = imp.addPerson(c, f, e.ID, kindEmployee, unit, probs)
	imp.fail(f, c.row, probs...)
}

func (imp *importer) checkCustomer(c *csvReader, f *fileState, probs []RowError) {
	cu, more := readCustomer(c, true)
	probs = mergeProblems(probs, more)
	account := ""
	if graph.ValidID(cu.Account) {
		account = imp.accountOf(cu.Account).id
	}
	probs = imp.addPerson(c, f, cu.ID, kindCustomer, account, probs)
	imp.fail(f, c.row, probs...)
}

// addPerson registers the person of the current row, or adds the problem
// that its id is taken within the files.
func (imp *importer) addPerson(c *csvReader, f *fileState, id string, kind uint8, ref string, probs []RowError) []RowError {
	if !graph.ValidID(id) {
		return probs
	}
	p := &imp.people[imp.personOf(id)]
	if p.file != kindNone {
		return append(probs, imp.dupProblem(c, colID, id, personFile(p.file), p.line))
	}
	p.file, p.ref, p.line, p.row = kind, ref, int32(c.line), int32(c.row)
	p.ok = len(probs) == 0 && !f.rejected
	return probs
}

// accountOf returns the account id, adding it as a bare reference when new.
func (imp *importer) accountOf(id string) *accountInfo {
	if a, ok := imp.accounts[id]; ok {
		return a
	}
	id = strings.Clone(id)
	a := &accountInfo{id: id}
	imp.accounts[id] = a
	return a
}

func personFile(kind uint8) string {
	if kind == kindEmployee {
		return EmployeesFile
	}
	return CustomersFile
}
