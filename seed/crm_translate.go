package seed

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// crmTranslator turns an export's files into ours, one kind after the
// other (users, accounts, contacts), keeping what later kinds refer to.
type crmTranslator struct {
	s graph.Store
	m Mapping

	users, accounts refIndex
	usersFile       string // the export's file of users, "" if none
	accountsFile    string // of accounts
	unitLabel       string // its unit column(s)

	units       map[string]*crmUnit // units made from the unit column, by id
	unitOrder   []string
	needDefault bool

	storeUsers    map[string]storeRef // memo of store look-ups, by value
	storeAccounts map[string]storeRef
}

type crmUnit struct {
	name string
	line int32 // the first line of the users file that names it
}

// refIndex finds what a cell refers to: by the export's id, by email, by
// name (in any case).
type refIndex struct {
	byID    map[string]string
	byEmail map[string][]ref
	byName  map[string][]ref
}

type ref struct {
	id   string
	line int32
}

type storeRef struct {
	id, why string
}

func newCRMTranslator(s graph.Store, m Mapping) *crmTranslator {
	return &crmTranslator{s: s, m: m, users: newRefIndex(), accounts: newRefIndex(), units: map[string]*crmUnit{},
		storeUsers: map[string]storeRef{}, storeAccounts: map[string]storeRef{}}
}

func newRefIndex() refIndex {
	return refIndex{byID: map[string]string{}, byEmail: map[string][]ref{}, byName: map[string][]ref{}}
}

func (x refIndex) add(raw, id, email, name string, line int32) {
	if id == "" {
		return
	}
	for _, k := range []string{raw, id} {
		if _, ok := x.byID[k]; !ok && k != "" {
			x.byID[k] = id
		}
	}
	if email != "" {
		k := strings.ToLower(email)
		x.byEmail[k] = append(x.byEmail[k], ref{id, line})
	}
	if name != "" {
		k := strings.ToLower(name)
		x.byName[k] = append(x.byName[k], ref{id, line})
	}
}

// translate reads the export's files and returns ours and where they came
// from.
func (t *crmTranslator) translate(ctx context.Context, fsys fs.FS, found map[string]string) (map[string][]byte, *translation, error) {
	files := map[string][]byte{}
	tr := &translation{files: map[string]*origin{}}
	for _, kind := range crmFiles {
		name, ok := found[kind]
		if !ok {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, fmt.Errorf("seed: import: %w", err)
		}
		out, o, err := t.file(ctx, kind, name, data)
		if err != nil {
			return nil, nil, err
		}
		files[kind], tr.files[kind] = out, o
	}
	if t.usersFile != "" {
		out, o, err := t.unitsFile(ctx)
		if err != nil {
			return nil, nil, err
		}
		if o != nil {
			files[UnitsFile], tr.files[UnitsFile] = out, o
		}
	}
	return files, tr, nil
}

// source is one field of ours in an export file's header.
type source struct {
	idx   []int    // its columns in the header, in the mapping's order
	names []string // as the header spells them
	split string
}

// crmRow is the row being translated.
type crmRow struct {
	rec   []string
	line  int32 // our line
	src   int32 // the export's line
	probs []RowError
	cols  map[string]string // our column → the export's, where a row read another than the file's
}

// fileTranslation is what translating one file needs.
type fileTranslation struct {
	kind, name string
	obj        *ObjectMap
	fields     map[string]source // our column → where it is; only those present
	o          *origin
}

func (f *fileTranslation) problem(r *crmRow, col, format string, args ...any) {
	r.probs = append(r.probs, RowError{File: f.kind, Line: int(r.line), Column: col, Reason: fmt.Sprintf(format, args...)})
}

// cell returns our column's value in the row: for name the non-empty
// cells of its columns joined by a space, else the first non-empty.
func (f *fileTranslation) cell(r *crmRow, col string) string {
	src, ok := f.fields[col]
	if !ok {
		return ""
	}
	var parts []string
	for i, idx := range src.idx {
		v := strings.TrimSpace(r.rec[idx])
		if src.split != "" {
			v, _, _ = strings.Cut(v, src.split)
			v = strings.TrimSpace(v)
		}
		if v == "" {
			continue
		}
		if col != "name" {
			if len(src.idx) > 1 {
				if r.cols == nil {
					r.cols = map[string]string{}
				}
				r.cols[col] = src.names[i]
			}
			return v
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, " ")
}

// file translates one file of the export into ours.
func (t *crmTranslator) file(ctx context.Context, kind, name string, data []byte) ([]byte, *origin, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // Excel's CSV UTF-8
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiter(data)
	f := &fileTranslation{kind: kind, name: name, obj: t.m.Objects[kind], fields: map[string]source{},
		o: &origin{source: name, cols: map[string]string{}, probs: map[int][]RowError{}}}
	ours := slices.Clone(Columns[kind])

	header, err := r.Read()
	var perr *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		f.headerProblem("", "missing header row: the file is empty")
		f.o.unusable = true
	case errors.As(err, &perr):
		f.headerProblem("", "missing header row: %v", perr.Err)
		f.o.unusable = true
	case err != nil:
		return nil, nil, fmt.Errorf("seed: import: %s: %w", name, err)
	default:
		ours = t.readHeader(f, header)
	}
	switch kind {
	case EmployeesFile:
		t.usersFile, t.unitLabel = name, f.o.cols["unit"]
	case AccountsFile:
		t.accountsFile = name
	}

	var b strings.Builder
	line := int32(csvRow(&b, ours)) + 1 // the first data row's line
	pos := make(map[string]int, len(ours))
	for i, c := range ours {
		pos[c] = i
	}
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, nil, fmt.Errorf("seed: import: %w", ctx.Err())
		}
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		row := &crmRow{rec: rec, line: line}
		cells := make([]string, len(ours))
		switch {
		case errors.As(err, &perr):
			row.src = int32(perr.StartLine)
			reason := perr.Err.Error()
			if errors.Is(perr.Err, csv.ErrFieldCount) {
				reason = fmt.Sprintf("has %d cells, the header %d", len(rec), r.FieldsPerRecord)
			}
			f.problem(row, "", "%s", reason)
		case err != nil:
			return nil, nil, fmt.Errorf("seed: import: %s: %w", name, err)
		default:
			l, _ := r.FieldPos(0)
			row.src = int32(l)
			if !f.o.unusable {
				values, err := t.row(ctx, f, row)
				if err != nil {
					return nil, nil, err
				}
				for c, v := range values {
					if i, ok := pos[c]; ok {
						cells[i] = v
					}
				}
			}
		}
		f.o.rows = append(f.o.rows, rowOrigin{line: row.line, src: row.src, cols: row.cols})
		if len(row.probs) > 0 {
			f.o.probs[int(row.line)] = row.probs
		}
		line += int32(csvRow(&b, cells))
	}
	return []byte(b.String()), f.o, nil
}

func (f *fileTranslation) headerProblem(col, format string, args ...any) {
	f.o.header = append(f.o.header, RowError{File: f.kind, Line: 1, Column: col, Reason: fmt.Sprintf(format, args...)})
}

// readHeader finds the mapped columns in the export's header and returns
// the header of our file: the columns found (and unit, which employees
// always get), without a required column the export lacks, so that the
// import reports it missing.
func (t *crmTranslator) readHeader(f *fileTranslation, header []string) []string {
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	var ours, wanted []string
	for _, col := range Columns[f.kind] {
		fm, ok := f.obj.Fields[col]
		if !ok {
			continue
		}
		src := source{split: fm.Split}
		for _, want := range fm.Columns {
			wanted = append(wanted, want)
			at := -1
			for i, h := range header {
				if !strings.EqualFold(h, want) {
					continue
				}
				if at >= 0 {
					f.headerProblem(col, "column %q appears twice in the header", h)
					break
				}
				at = i
			}
			if at >= 0 {
				src.idx, src.names = append(src.idx, at), append(src.names, header[at])
			}
		}
		if len(src.idx) == 0 {
			f.o.cols[col] = strings.Join(fm.Columns, " or ")
			continue
		}
		f.fields[col] = src
		f.o.cols[col] = strings.Join(src.names, "+")
		ours = append(ours, col)
	}
	if len(f.fields) == 0 {
		f.headerProblem("", "missing header row: the first line names none of the columns of a %s export of %s (%s)",
			t.m.System, crmKind[f.kind], strings.Join(wanted, ", "))
		f.o.unusable = true
		return slices.Clone(Columns[f.kind])
	}
	if f.kind == EmployeesFile && !slices.Contains(ours, "unit") {
		ours = append(ours, "unit")
	}
	return ours
}

// delimiter guesses the separator from the header line: a comma, or the
// semicolon (or tab) that a spreadsheet of some locales writes instead.
func delimiter(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.IndexByte(first, ',') >= 0 {
		return ','
	}
	if bytes.IndexByte(first, ';') >= 0 {
		return ';'
	}
	if bytes.IndexByte(first, '\t') >= 0 {
		return '\t'
	}
	return ','
}

// row translates one row into the cells of our columns.
func (t *crmTranslator) row(ctx context.Context, f *fileTranslation, r *crmRow) (map[string]string, error) {
	out := map[string]string{}
	raw := f.cell(r, "id")
	id, _ := crmID(f.obj.IDPrefix, raw)
	if raw != "" && id == "" {
		f.problem(r, "id", "%s has no letter or digit to make an id of", quote(raw))
	}
	out["id"] = id
	name := f.cell(r, "name")
	out["name"] = name
	for _, c := range []string{"email", "title", "segment", "capacity"} {
		out[c] = f.cell(r, c)
	}
	for _, c := range []string{"active", "sender", "broker", "opt_out"} {
		v := f.cell(r, c)
		b, ok := crmBool(v)
		if !ok {
			f.problem(r, c, "must be a yes or no value (true/false, yes/no, 1/0), not %s", quote(v))
		}
		out[c] = b
	}
	switch f.kind {
	case EmployeesFile:
		out["unit"] = t.unitOf(f.cell(r, "unit"), r.src)
		t.users.add(raw, id, out["email"], name, r.src)
	case AccountsFile:
		if v := f.cell(r, "owner"); v != "" {
			owner, why, err := t.resolve(ctx, v, false)
			if err != nil {
				return nil, err
			}
			if why != "" {
				f.problem(r, "owner", "%s", why)
			}
			out["owner"] = owner
		}
		t.accounts.add(raw, id, "", name, r.src)
	case CustomersFile:
		if v := f.cell(r, "account"); v != "" {
			account, why, err := t.resolve(ctx, v, true)
			if err != nil {
				return nil, err
			}
			if why != "" {
				f.problem(r, "account", "%s", why)
			}
			out["account"] = account
		}
	}
	return out, nil
}

// unitOf returns the unit of an employee whose unit column reads v.
func (t *crmTranslator) unitOf(v string, line int32) string {
	if v == "" {
		t.needDefault = true
		return t.m.Unit.ID
	}
	id := t.m.Unit.ID + "-" + slug(v)
	if len(id) > graph.MaxIDLen {
		id = strings.TrimRight(id[:graph.MaxIDLen], "-")
	}
	if _, ok := t.units[id]; !ok {
		t.units[id] = &crmUnit{name: v, line: line}
		t.unitOrder = append(t.unitOrder, id)
	}
	return id
}

// resolve finds what an owner (an account's, account false) or a
// contact's account (account true) refers to: an id of the export, an
// email (owners), a name; else a stored employee by email or name, a
// stored account by name; else the value as an id, which the import then
// looks for in the store. why is set when nothing fits.
func (t *crmTranslator) resolve(ctx context.Context, v string, account bool) (id, why string, err error) {
	x, what, file, prefix := t.users, "user", t.usersFile, ""
	if o := t.m.Objects[EmployeesFile]; o != nil {
		prefix = o.IDPrefix
	}
	if account {
		x, what, file = t.accounts, "account", t.accountsFile
		if o := t.m.Objects[AccountsFile]; o != nil {
			prefix = o.IDPrefix
		}
	}
	if id, ok := x.byID[v]; ok {
		return id, "", nil
	}
	key := strings.ToLower(v)
	for _, by := range []struct {
		refs []ref
		what string
	}{{x.byEmail[key], "email"}, {x.byName[key], "name"}} {
		switch len(by.refs) {
		case 0:
			continue
		case 1:
			return by.refs[0].id, "", nil
		}
		lines := make([]string, len(by.refs))
		for i, r := range by.refs {
			lines[i] = fmt.Sprintf("%s:%d", file, r.line)
		}
		return "", fmt.Sprintf("%d %ss have the %s %s (%s)", len(by.refs), what, by.what, quote(v), strings.Join(lines, ", ")), nil
	}
	sr, err := t.lookup(ctx, v, account)
	if err != nil || sr.id != "" || sr.why != "" {
		return sr.id, sr.why, err
	}
	id, clean := crmID(prefix, v)
	if clean && !strings.Contains(v, "@") {
		return id, "", nil // the import checks the store for it
	}
	in := "the store"
	if file != "" {
		in = file + " or the store"
	}
	if account {
		return "", fmt.Sprintf("no account has the id or name %s (in %s)", quote(v), in), nil
	}
	return "", fmt.Sprintf("no user has the id, email or name %s (in %s)", quote(v), in), nil
}
