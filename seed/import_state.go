package seed

import (
	"fmt"
	"io/fs"
	"math/bits"
	"slices"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// importer holds what an import knows between its passes: per file the
// rows that are invalid, and the ids of units, accounts and persons with
// where they come from and whether they are valid. Row contents are read
// again when writing.
type importer struct {
	s    graph.Store
	fsys fs.FS
	o    ImportOptions
	tr   *translation // the files were translated from an export (ImportCRM); nil otherwise

	files map[string]*fileState // the files found
	errs  []RowError
	read  int // rows read, for progress

	units      map[string]*unitInfo
	storeUnits map[string]string // id → parent of every stored unit; nil until loaded
	accounts   map[string]*accountInfo
	personIdx  map[string]int32
	people     []person
}

// fileState is what the import knows of one file.
type fileState struct {
	name     string
	rejected bool // a header problem: no row of the file is written
	rows     int
	invalid  bitset // by row index
	written  int
	created  int     // of the rows written, those the store did not hold
	origin   *origin // where the file's rows came from when it was translated (ImportCRM); nil for a file of its own
}

func (f *fileState) invalidCount() int {
	if f.rejected {
		return f.rows
	}
	return f.invalid.count()
}

// ok reports whether row i is to be written.
func (f *fileState) ok(i int) bool { return !f.rejected && !f.invalid.has(i) }

// where names a row of the file in a message: "units.csv:3", or the file
// when its header is wrong.
func (f *fileState) where(line int32) string {
	if f.rejected {
		return f.origin.file(f.name) + ", whose header is invalid"
	}
	return f.at(line)
}

// at names a line of the file in a message: "units.csv:3", or the line of
// the export it was translated from.
func (f *fileState) at(line int32) string {
	if f.origin != nil {
		return f.origin.at(line)
	}
	return fmt.Sprintf("%s:%d", f.name, line)
}

type unitInfo struct {
	parent    string
	line, row int32
	ok        bool
}

type accountInfo struct {
	id        string
	owner     string // a person id of imp.people, "" for none
	line, row int32
	inFile    bool
	ok        bool // inFile: the row is valid; else: the account is stored
}

// Kinds of a person as the import sees it.
const (
	kindNone uint8 = iota
	kindEmployee
	kindCustomer
)

// kindName names a kind with its article: "an employee", "a customer".
func kindName(k uint8) string {
	if k == kindEmployee {
		return "an " + graph.KindEmployee
	}
	return "a " + graph.KindCustomer
}

// person is an id of the person space: a row of employees.csv or
// customers.csv, or an id that rows refer to.
type person struct {
	id        string
	ref       string // unit of an employee row, account of a customer row
	line, row int32
	file      uint8 // kind of its row in the files, kindNone if none
	stored    uint8 // kind in the store, kindNone if absent or not looked up
	ok        bool  // the row is valid
	looked    bool  // the store has been asked
}

func newImporter(s graph.Store, fsys fs.FS, o ImportOptions) *importer {
	return &importer{s: s, fsys: fsys, o: o, files: map[string]*fileState{},
		units: map[string]*unitInfo{}, accounts: map[string]*accountInfo{}, personIdx: map[string]int32{}}
}

// personOf returns the index of a person id, adding it as a bare
// reference when new.
func (imp *importer) personOf(id string) int32 {
	if i, ok := imp.personIdx[id]; ok {
		return i
	}
	id = strings.Clone(id) // a cell shares the memory of its whole line
	i := int32(len(imp.people))
	imp.people = append(imp.people, person{id: id})
	imp.personIdx[id] = i
	return i
}

// fail records problems of row of file and marks the row invalid.
func (imp *importer) fail(f *fileState, row int, probs ...RowError) {
	if len(probs) == 0 {
		return
	}
	imp.errs = append(imp.errs, probs...)
	f.invalid.set(row)
}

// failf records one problem of a row.
func (imp *importer) failf(f *fileState, row int, line int32, col, format string, args ...any) {
	imp.fail(f, row, RowError{File: f.name, Line: int(line), Column: col, Reason: fmt.Sprintf(format, args...)})
}

// sortErrors orders the problems by file (in import order) and line,
// keeping the order of a line's problems.
func (imp *importer) sortErrors() {
	slices.SortStableFunc(imp.errs, func(a, b RowError) int {
		if d := slices.Index(Files, a.File) - slices.Index(Files, b.File); d != 0 {
			return d
		}
		return a.Line - b.Line
	})
}

// progress reports validation progress every 50,000 rows.
func (imp *importer) progress(file string) {
	imp.read++
	if imp.o.Progress != nil && imp.read%50_000 == 0 {
		imp.o.Progress(Progress{Phase: PhaseValidate, File: file, Rows: imp.read})
	}
}

// bitset is a set of row indexes.
type bitset []uint64

func (b *bitset) set(i int) {
	for i/64 >= len(*b) {
		*b = append(*b, 0)
	}
	(*b)[i/64] |= 1 << (i % 64)
}

func (b bitset) has(i int) bool {
	return i/64 < len(b) && b[i/64]&(1<<(i%64)) != 0
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// mergeProblems appends to a the problems of b whose column a has no
// problem with yet.
func mergeProblems(a, b []RowError) []RowError {
	for _, e := range b {
		if !slices.ContainsFunc(a, func(x RowError) bool { return x.Column == e.Column }) {
			a = append(a, e)
		}
	}
	return a
}
