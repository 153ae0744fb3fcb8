package seed

import (
	"fmt"
	"slices"
)

// translation is what ImportCRM tells the import about the files it made
// from an export: for each of our files, where its rows and columns came
// from and the problems found while translating, so that every problem
// the import reports names the export's file, line and column.
type translation struct {
	files map[string]*origin // by our file name
}

// origin is where one of our files came from.
type origin struct {
	source string            // the export's file
	cols   map[string]string // our column → the export's column(s) it was read from
	rows   []rowOrigin       // by our line, ascending
	// header holds the problems of the export file's header, in our
	// file's terms (line 1, our column): the file is rejected. unusable
	// says that no row can be read at all.
	header   []RowError
	unusable bool
	probs    map[int][]RowError // problems found while translating, by our line, in our terms
}

// rowOrigin is the export's line of one of our rows, and the column a
// field was read from when it differs from the file's (a field read from
// the first non-empty of several columns).
type rowOrigin struct {
	line, src int32
	cols      map[string]string
}

// origin returns where our file came from; nil when it was not translated.
func (t *translation) origin(file string) *origin {
	if t == nil {
		return nil
	}
	return t.files[file]
}

// locate turns a problem of our file into one of the export's.
func (t *translation) locate(e RowError) RowError {
	o := t.origin(e.File)
	if o == nil {
		return e
	}
	e.File = o.source
	r := o.row(int32(e.Line))
	if r != nil {
		e.Line = int(r.src)
	}
	if e.Column != "" {
		if c, ok := r.col(e.Column); ok {
			e.Column = c
		} else if c, ok := o.cols[e.Column]; ok {
			e.Column = c
		}
	}
	return e
}

// row returns the origin of our line; nil for the header or an unknown line.
func (o *origin) row(line int32) *rowOrigin {
	i, ok := slices.BinarySearchFunc(o.rows, line, func(r rowOrigin, l int32) int { return int(r.line - l) })
	if !ok {
		return nil
	}
	return &o.rows[i]
}

func (r *rowOrigin) col(ours string) (string, bool) {
	if r == nil {
		return "", false
	}
	c, ok := r.cols[ours]
	return c, ok
}

// file names the export's file, or ours when not translated.
func (o *origin) file(ours string) string {
	if o == nil {
		return ours
	}
	return o.source
}

// at names the export's line of our line: "Contact.csv:7".
func (o *origin) at(line int32) string {
	if r := o.row(line); r != nil {
		line = r.src
	}
	return fmt.Sprintf("%s:%d", o.source, line)
}

// problems returns what translating found wrong with our line.
func (o *origin) problems(line int) []RowError {
	if o == nil {
		return nil
	}
	return o.probs[line]
}
