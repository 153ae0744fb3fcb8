package seed

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"
)

// RowError is one problem of an import: a row, or the header (line 1), of
// a file. Column is "" for a problem of the whole row.
type RowError struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// String reads "file:line: column: reason".
func (e RowError) String() string {
	return e.Where() + ": " + e.Reason
}

// Where reads "file:line: column", or "file:line" without a column.
func (e RowError) Where() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Column)
}

// csvReader streams the data rows of one of our files. Cells are addressed
// by the file's column index (see Columns); a column missing from the
// header reads as empty.
type csvReader struct {
	file string
	cols []string
	f    io.Closer
	r    *csv.Reader
	pos  []int // column index → field index in the row, -1 when absent
	rec  []string

	row  int // index of the current data row, from 0
	line int // line of the current row

	// header problems; usable is false when the rows cannot be read at all
	// (no header, or a required column is missing).
	header []RowError
	usable bool
}

// openCSV opens file in fsys and reads its header.
func openCSV(fsys fs.FS, file string) (*csvReader, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bufio.NewReaderSize(f, 256<<10))
	r.ReuseRecord = true
	c := &csvReader{file: file, cols: Columns[file], f: f, r: r, row: -1}
	if err := c.readHeader(); err != nil {
		return nil, errors.Join(err, f.Close())
	}
	return c, nil
}

// Close closes the file.
func (c *csvReader) Close() error { return c.f.Close() }

func (c *csvReader) problem(col, format string, args ...any) {
	c.header = append(c.header, RowError{File: c.file, Line: 1, Column: col, Reason: fmt.Sprintf(format, args...)})
}

func (c *csvReader) readHeader() error {
	c.pos = make([]int, len(c.cols))
	for i := range c.pos {
		c.pos[i] = -1
	}
	want := strings.Join(c.cols, ",")
	rec, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		c.problem("", "missing header row: the file is empty (want %s)", want)
		return nil
	}
	var perr *csv.ParseError
	if errors.As(err, &perr) {
		c.problem("", "missing header row: %v", perr.Err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", c.file, err)
	}
	if len(rec) > 0 {
		rec[0] = strings.TrimPrefix(rec[0], "\uFEFF") // a byte order mark from spreadsheets
	}
	known := 0
	var unknown []string
	for i, name := range rec {
		j := slices.Index(c.cols, name)
		switch {
		case j < 0:
			unknown = append(unknown, name)
		case c.pos[j] >= 0:
			c.problem(name, "column appears twice in the header")
		default:
			c.pos[j] = i
			known++
		}
	}
	if known == 0 {
		c.problem("", "missing header row: the first line names none of the columns %s", want)
		return nil
	}
	for _, name := range unknown {
		if !utf8.ValidString(name) {
			name = strings.ToValidUTF8(name, "\uFFFD")
		}
		c.problem(name, "unknown column (want %s)", want)
	}
	c.usable = true
	for _, name := range requiredColumns[c.file] {
		if c.pos[slices.Index(c.cols, name)] < 0 {
			c.problem(name, "missing required column")
			c.usable = false
		}
	}
	return nil
}

// next reads the next data row. It returns false at the end of the file;
// err is a read failure (not a problem of the data). probs holds the
// problems of the row's shape and encoding; a row with such problems has
// no usable cells.
func (c *csvReader) next() (ok bool, probs []RowError, err error) {
	rec, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return false, nil, nil
	}
	c.row++
	var perr *csv.ParseError
	if errors.As(err, &perr) {
		c.line = perr.StartLine
		reason := perr.Err.Error()
		if errors.Is(perr.Err, csv.ErrFieldCount) {
			reason = fmt.Sprintf("has %d cells, the header %d", len(rec), c.r.FieldsPerRecord)
		}
		return true, []RowError{{File: c.file, Line: c.line, Reason: reason}}, nil
	}
	if err != nil {
		return false, nil, fmt.Errorf("%s: %w", c.file, err)
	}
	c.line, _ = c.r.FieldPos(0)
	c.rec = rec
	for j, i := range c.pos {
		if i >= 0 && !utf8.ValidString(rec[i]) {
			probs = append(probs, RowError{File: c.file, Line: c.line, Column: c.cols[j], Reason: "is not valid UTF-8"})
		}
	}
	return true, probs, nil
}

// cell returns the cell of column j of the current row.
func (c *csvReader) cell(j int) string {
	if i := c.pos[j]; i >= 0 {
		return c.rec[i]
	}
	return ""
}
