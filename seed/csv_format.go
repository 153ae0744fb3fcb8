package seed

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// The files of the CSV import and export (docs/contract.md §4), one per
// kind.
const (
	UnitsFile         = "units.csv"
	EmployeesFile     = "employees.csv"
	AccountsFile      = "accounts.csv"
	CustomersFile     = "customers.csv"
	RelationshipsFile = "relationships.csv"
)

// Files lists the CSV files in the order an import reads and writes them:
// every file refers only to itself and to the files before it (employees to
// units, accounts to their owners, customers to accounts, relationships to
// persons).
var Files = []string{UnitsFile, EmployeesFile, AccountsFile, CustomersFile, RelationshipsFile}

// Columns of each file, in the order export writes them. An import takes
// them in any order; the interactions column of relationships.csv is
// optional (see Import), and trust_source is declared (the default) or
// learned (graph.Relationship.TrustSource).
var Columns = map[string][]string{
	UnitsFile:         {"id", "name", "parent"},
	AccountsFile:      {"id", "name", "owner", "segment"},
	EmployeesFile:     {"id", "name", "email", "title", "unit", "active", "sender", "broker", "capacity", "capture", "phone", "signature", "aliases"},
	CustomersFile:     {"id", "name", "email", "title", "account", "opt_out", "aliases"},
	RelationshipsFile: {"a", "b", "trust", "last_contact", "since", "visibility", "source", "interactions", "trust_source"},
}

// requiredColumns must be in a file's header: their cells are required in
// every row, so a file without them cannot hold a valid row.
var requiredColumns = map[string][]string{
	UnitsFile:         {"id", "name"},
	AccountsFile:      {"id", "name"},
	EmployeesFile:     {"id", "name", "email"},
	CustomersFile:     {"id", "name"},
	RelationshipsFile: {"a", "b", "trust"},
}

// Column positions, indexes into Columns[file].
const (
	colID   = 0
	colName = 1

	unitParent = 2

	accountOwner   = 2
	accountSegment = 3

	empEmail    = 2
	empTitle    = 3
	empUnit     = 4
	empActive   = 5
	empSender   = 6
	empBroker   = 7
	empCapacity = 8
	empCapture  = 9
	empPhone    = 10
	empSign     = 11
	empAliases  = 12

	custEmail   = 2
	custTitle   = 3
	custAccount = 4
	custOptOut  = 5
	custAliases = 6

	relA            = 0
	relB            = 1
	relTrust        = 2
	relLastContact  = 3
	relSince        = 4
	relVisibility   = 5
	relSource       = 6
	relInteractions = 7
	relTrustSource  = 8
)

// AliasSeparator separates the aliases of a person in one cell.
const AliasSeparator = ";"

// parseAliases reads a cell of aliases: addresses separated by
// AliasSeparator, blanks around them ignored; an empty cell is none.
func parseAliases(s string) []string {
	var out []string
	for _, a := range strings.Split(s, AliasSeparator) {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// parseBool reads true or false (in any case); an empty cell is def.
func parseBool(s string, def bool) (bool, string) {
	switch {
	case s == "":
		return def, ""
	case strings.EqualFold(s, "true"):
		return true, ""
	case strings.EqualFold(s, "false"):
		return false, ""
	}
	return def, "must be true or false, not " + quote(s)
}

// parseCount reads a whole number; an empty cell is nil. The range is the
// model's to check.
func parseCount(s string) (*int, string) {
	if s == "" {
		return nil, ""
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, "must be a whole number, not " + quote(s)
	}
	return &n, ""
}

// parseTrust reads a decimal number; the range is the model's to check.
func parseTrust(s string) (float64, string) {
	if s == "" {
		return 0, "is required"
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, "must be a number, not " + quote(s)
	}
	return f, ""
}

// parseTime reads an RFC 3339 time or a YYYY-MM-DD date (midnight UTC); an
// empty cell is nil.
func parseTime(s string) (*time.Time, string) {
	if s == "" {
		return nil, ""
	}
	layout := time.RFC3339 // also takes fractional seconds
	if len(s) == len(time.DateOnly) {
		layout = time.DateOnly
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return nil, "must be an RFC 3339 time or a YYYY-MM-DD date, not " + quote(s)
	}
	t = t.UTC()
	return &t, ""
}

func formatBool(b bool) string { return strconv.FormatBool(b) }

func formatCount(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// formatTrust writes the shortest decimal that parses back to the same
// float, without an exponent: 0.35 as 0.35, 0.00001 as 0.00001.
func formatTrust(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// formatTime writes RFC 3339 in UTC with as many fractional digits as the
// time has, so that it parses back to the same instant.
func formatTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// quote quotes a cell for a message, shortened when long.
func quote(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return strconv.Quote(s)
}
