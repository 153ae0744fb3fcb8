package seed

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Real networks that others collected, turned into our model so that the
// engine can be tried on data nobody here made up. The converters return a
// graph.Batch; WriteCSV turns it into the files of an import, and the
// command line imports those (`contactgraph import --format ldbc DIR`).

// readDelimited calls fn for every row after the header of a file
// separated by sep, with its line number.
func readDelimited(r io.Reader, name string, sep rune, fn func(line int, rec []string) error) error {
	cr := csv.NewReader(r)
	cr.Comma = sep
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	if _, err := cr.Read(); err != nil {
		return fmt.Errorf("%s: header: %w", name, err)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if err := fn(line, rec); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
}

// pairSet keeps one entry per unordered pair of ids.
type pairSet map[[2]string]int

func (s pairSet) key(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

func personName(first, last, fallback string) string {
	name := strings.TrimSpace(strings.TrimSpace(first) + " " + strings.TrimSpace(last))
	if name == "" {
		return fallback
	}
	return name
}
