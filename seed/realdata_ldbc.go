package seed

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// LDBC converts a directory of the LDBC Social Network Benchmark data set
// (the CsvComposite layout with long dates: Person.csv,
// Person_knows_Person*.csv and Person_workAt_Organisation.csv,
// pipe-separated with a header) into our model:
//   - every person is "p<id>", named from firstName and lastName, with the
//     email "p<id>@ldbc.example";
//   - the staff of the organisation with the most persons working at it
//     (the smaller id on a tie) are our employees, in one unit "org<id>";
//   - everybody else is a customer at the account "org<id>" of the first
//     organisation they work at (in file order), or at none;
//   - every knows edge is a public relationship of trust 1 whose since is
//     the edge's creation date, source "ldbc"; repeated pairs and
//     self-loops are dropped.
func LDBC(fsys fs.FS) (graph.Batch, error) {
	var b graph.Batch
	type person struct{ first, last string }
	persons := map[string]person{}
	var order []string
	err := readFile(fsys, "Person.csv", '|', func(_ int, rec []string) error {
		if len(rec) < 3 {
			return fmt.Errorf("want id|firstName|lastName|…, got %d fields", len(rec))
		}
		persons[rec[0]] = person{rec[1], rec[2]}
		order = append(order, rec[0])
		return nil
	})
	if err != nil {
		return b, err
	}
	firstOrg := map[string]string{}
	staff := map[string]map[string]bool{} // organisation → persons
	err = readFile(fsys, "Person_workAt_Organisation.csv", '|', func(_ int, rec []string) error {
		if len(rec) < 2 {
			return fmt.Errorf("want person|organisation|…, got %d fields", len(rec))
		}
		p, org := rec[0], rec[1]
		if _, ok := firstOrg[p]; !ok {
			firstOrg[p] = org
		}
		if staff[org] == nil {
			staff[org] = map[string]bool{}
		}
		staff[org][p] = true
		return nil
	})
	if err != nil {
		return b, err
	}
	ours := biggestOrganisation(staff)
	unit := "org" + ours
	if ours != "" {
		b.Units = append(b.Units, graph.Unit{ID: unit, Name: "Organisation " + ours})
	}
	accounts := map[string]bool{}
	for _, id := range order {
		p := persons[id]
		pid := "p" + id
		name := personName(p.first, p.last, "Person "+id)
		email := pid + "@ldbc.example"
		if staff[ours][id] {
			b.Employees = append(b.Employees, graph.Employee{ID: pid, Name: name, Email: email, Unit: unit,
				Active: true, Sender: true, Broker: true})
			continue
		}
		c := graph.Customer{ID: pid, Name: name, Email: email}
		if org, ok := firstOrg[id]; ok {
			c.Account = "org" + org
			if !accounts[org] {
				accounts[org] = true
				b.Accounts = append(b.Accounts, graph.Account{ID: c.Account, Name: "Organisation " + org})
			}
		}
		b.Customers = append(b.Customers, c)
	}
	knows, err := fs.Glob(fsys, "Person_knows_Person*.csv")
	if err != nil {
		return b, err
	}
	if len(knows) == 0 {
		return b, fmt.Errorf("ldbc: no Person_knows_Person*.csv")
	}
	slices.Sort(knows)
	seen := pairSet{}
	for _, name := range knows {
		err := readFile(fsys, name, '|', func(_ int, rec []string) error {
			if len(rec) < 3 {
				return fmt.Errorf("want start|end|creationDate, got %d fields", len(rec))
			}
			a, z := "p"+rec[0], "p"+rec[1]
			k := seen.key(a, z)
			if a == z || seen[k] > 0 {
				return nil
			}
			seen[k] = 1
			since, err := ldbcTime(rec[2])
			if err != nil {
				return err
			}
			b.Relationships = append(b.Relationships, graph.Relationship{A: a, B: z, Trust: 1, Since: &since,
				Visibility: graph.Public, Source: "ldbc"})
			return nil
		})
		if err != nil {
			return b, err
		}
	}
	return b, nil
}

// biggestOrganisation returns the organisation with the most staff, the
// numerically smaller id on a tie.
func biggestOrganisation(staff map[string]map[string]bool) string {
	best := ""
	for org, people := range staff {
		n, m := len(people), len(staff[best])
		if best == "" || n > m || n == m && numLess(org, best) {
			best = org
		}
	}
	return best
}

func numLess(a, b string) bool {
	x, errA := strconv.ParseInt(a, 10, 64)
	y, errB := strconv.ParseInt(b, 10, 64)
	if errA != nil || errB != nil {
		return a < b
	}
	return x < y
}

// ldbcTime reads a long date, yyyyMMddHHmmssSSS, as UTC.
func ldbcTime(s string) (time.Time, error) {
	t, err := time.Parse("20060102150405.000", s[:min(len(s), 14)]+"."+s[min(len(s), 14):])
	if err != nil {
		return time.Time{}, fmt.Errorf("creationDate %q: want yyyyMMddHHmmssSSS", s)
	}
	return t.UTC(), nil
}

func readFile(fsys fs.FS, name string, sep rune, fn func(line int, rec []string) error) (err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("ldbc: %w", err)
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	return readDelimited(f, path.Base(name), sep, fn)
}
