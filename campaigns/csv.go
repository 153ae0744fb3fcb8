package campaigns

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
)

// CSVHeader names the columns of a campaign in CSV, for mail-merge
// tools.
var CSVHeader = []string{"customer_id", "customer_name", "customer_email",
	"sender_name", "sender_email", "sender_id", "reason", "score"}

// WriteCSV writes the header and one row per recipient, in selection order:
// assigned, excluded and unresolved recipients alike, so that the file
// accounts for every recipient; filter on reason to drop those who get
// nothing. An excluded row has the customer's name and email and empty
// sender columns and score; an unresolved row has only customer_id and
// reason. sender_id is empty for the fallback. Scores are rounded to six
// decimals. A cell that a spreadsheet would take for a formula (it starts
// with = + - or @) is prefixed with a single quote. The file is pure CSV
// (RFC 4180, CRLF line ends): the summary is not in it.
func (res *Result) WriteCSV(w io.Writer) error {
	return res.WriteCSVWithheld(w, nil)
}

// WriteCSVWithheld is WriteCSV with the score cells of the customers in
// withheld left empty (the server withholds the scores of routes through
// private relationships a caller may not see).
func (res *Result) WriteCSVWithheld(w io.Writer, withheld map[string]bool) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	row := make([]string, len(CSVHeader))
	write := func(ref rowRef) error {
		clear(row)
		switch ref.list {
		case 0:
			a := res.Assignments[ref.i]
			row[0], row[1], row[2] = a.Customer, a.Name, a.Email
			if s := a.Sender; s != nil {
				row[3], row[4] = s.Name, s.Email
				if s.ID != nil {
					row[5] = *s.ID
				}
			}
			row[6] = a.Reason
			if !withheld[a.Customer] {
				row[7] = strconv.FormatFloat(math.Round(a.Score*1e6)/1e6, 'f', -1, 64)
			}
		case 1:
			e := res.Excluded[ref.i]
			row[0], row[1], row[2], row[6] = e.Customer, e.Name, e.Email, e.Reason
		default:
			e := res.Unresolved[ref.i]
			row[0], row[6] = e.Customer, e.Reason
		}
		for i := range row {
			row[i] = defuse(row[i])
		}
		return cw.Write(row)
	}
	for _, ref := range res.rows() {
		if err := write(ref); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// rows returns every recipient's entry in selection order; for a result
// that was not built by Resolve, the lists one after the other.
func (res *Result) rows() []rowRef {
	if len(res.order) == len(res.Assignments)+len(res.Excluded)+len(res.Unresolved) {
		return res.order
	}
	var out []rowRef
	for list, n := range []int{len(res.Assignments), len(res.Excluded), len(res.Unresolved)} {
		for i := 0; i < n; i++ {
			out = append(out, rowRef{list: uint8(list), i: int32(i)})
		}
	}
	return out
}

// defuse keeps a spreadsheet from evaluating a cell as a formula.
func defuse(s string) string {
	if s != "" {
		switch s[0] {
		case '=', '+', '-', '@':
			return "'" + s
		}
	}
	return s
}
