package seed

import (
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// rowProblems collects the problems of one row, at most one per column:
// a cell that does not parse is not checked again by the model's rules.
type rowProblems struct {
	c    *csvReader
	list []RowError
}

func (p *rowProblems) add(col int, reason string) {
	if reason == "" || p.has(col) {
		return
	}
	p.list = append(p.list, RowError{File: p.c.file, Line: p.c.line, Column: p.c.cols[col], Reason: reason})
}

func (p *rowProblems) has(col int) bool {
	name := p.c.cols[col]
	for _, e := range p.list {
		if e.Column == name {
			return true
		}
	}
	return false
}

// model adds the problems that the model's own validation finds; their
// field names are the columns of the file (ids a and b of a relationship,
// id, name, email and so on of the entities).
func (p *rowProblems) model(probs graph.Problems) {
	for _, f := range probs {
		col := columnOf(p.c.cols, f.Field)
		if col < 0 {
			p.list = append(p.list, RowError{File: p.c.file, Line: p.c.line, Column: f.Field, Reason: f.Message})
			continue
		}
		p.add(col, f.Message)
	}
}

func columnOf(cols []string, field string) int {
	for i, c := range cols {
		if c == field || strings.ReplaceAll(c, "_", "") == strings.ToLower(field) {
			return i
		}
	}
	return -1
}

// The readers of each kind turn the current row into an entity, with every
// problem its cells have on their own (references are checked later); with
// validate false they only parse, for rows already known to be valid.

func readUnit(c *csvReader, validate bool) (graph.Unit, []RowError) {
	p := rowProblems{c: c}
	u := graph.Unit{ID: c.cell(colID), Name: c.cell(colName), Parent: c.cell(unitParent)}
	if validate {
		p.model(u.Validate())
	}
	return u, p.list
}

func readAccount(c *csvReader, validate bool) (graph.Account, []RowError) {
	p := rowProblems{c: c}
	a := graph.Account{ID: c.cell(colID), Name: c.cell(colName), Owner: c.cell(accountOwner), Segment: c.cell(accountSegment)}
	if validate {
		p.model(a.Validate())
	}
	return a, p.list
}

func readEmployee(c *csvReader, validate bool) (graph.Employee, []RowError) {
	p := rowProblems{c: c}
	e := graph.Employee{ID: c.cell(colID), Name: c.cell(colName), Email: c.cell(empEmail),
		Title: c.cell(empTitle), Unit: c.cell(empUnit)}
	var why string
	e.Active, why = parseBool(c.cell(empActive), true)
	p.add(empActive, why)
	e.Sender, why = parseBool(c.cell(empSender), true)
	p.add(empSender, why)
	e.Broker, why = parseBool(c.cell(empBroker), true)
	p.add(empBroker, why)
	e.Capacity, why = parseCount(c.cell(empCapacity))
	p.add(empCapacity, why)
	e.Capture, why = parseBool(c.cell(empCapture), false)
	p.add(empCapture, why)
	e.Phone, e.Signature = c.cell(empPhone), c.cell(empSign)
	e.Aliases = parseAliases(c.cell(empAliases))
	if validate {
		p.model(e.Validate())
	}
	return e, p.list
}

func readCustomer(c *csvReader, validate bool) (graph.Customer, []RowError) {
	p := rowProblems{c: c}
	cu := graph.Customer{ID: c.cell(colID), Name: c.cell(colName), Email: c.cell(custEmail),
		Title: c.cell(custTitle), Account: c.cell(custAccount)}
	var why string
	cu.OptOut, why = parseBool(c.cell(custOptOut), false)
	p.add(custOptOut, why)
	cu.Aliases = parseAliases(c.cell(custAliases))
	if validate {
		p.model(cu.Validate())
	}
	return cu, p.list
}

func readRelationship(c *csvReader, validate bool) (graph.Relationship, []RowError) {
	p := rowProblems{c: c}
	r := graph.Relationship{A: c.cell(relA), B: c.cell(relB), Visibility: c.cell(relVisibility), Source: c.cell(relSource),
		TrustSource: c.cell(relTrustSource)}
	if r.Visibility == "" {
		r.Visibility = graph.Public
	}
	if r.TrustSource == "" {
		r.TrustSource = graph.TrustDeclared
	}
	var why string
	r.Trust, why = parseTrust(c.cell(relTrust))
	p.add(relTrust, why)
	r.LastContact, why = parseTime(c.cell(relLastContact))
	p.add(relLastContact, why)
	r.Since, why = parseTime(c.cell(relSince))
	p.add(relSince, why)
	n, why := parseCount(c.cell(relInteractions))
	p.add(relInteractions, why)
	if n != nil {
		r.Interactions = *n
	}
	if validate {
		p.model(r.Validate())
	}
	return r, p.list
}
