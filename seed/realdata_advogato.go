package seed

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// Advogato converts the Advogato trust network (KONECT's out.advogato: a
// header line, then "from to weight" per line, whitespace-separated,
// weights 0.6, 0.8 and 1.0) into our model:
//   - every user that appears is "u<id>", named "Advogato user <id>" with
//     the email "u<id>@advogato.example";
//   - users whose id is a multiple of 10 are our employees, the rest
//     customers (without accounts);
//   - each pair of users that certified each other in either direction is
//     one public relationship whose trust is the larger of the two
//     weights, source "advogato"; self-certifications are dropped.
func Advogato(r io.Reader) (graph.Batch, error) {
	var b graph.Batch
	sc := bufio.NewScanner(r)
	users := map[int]bool{}
	trust := pairSet{} // pair → index into b.Relationships + 1
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "%") || line == 1 && !isNumber(f[0]) {
			continue // header or comment
		}
		if len(f) < 3 {
			return b, fmt.Errorf("advogato:%d: want from to weight, got %q", line, sc.Text())
		}
		from, err1 := strconv.Atoi(f[0])
		to, err2 := strconv.Atoi(f[1])
		w, err3 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil || err3 != nil || from < 1 || to < 1 || !graph.ValidTrust(w) {
			return b, fmt.Errorf("advogato:%d: want positive user ids and a weight in (0, 1], got %q", line, sc.Text())
		}
		users[from], users[to] = true, true
		if from == to {
			continue
		}
		a, z := advogatoID(from), advogatoID(to)
		k := trust.key(a, z)
		if i := trust[k]; i > 0 {
			b.Relationships[i-1].Trust = max(b.Relationships[i-1].Trust, w)
			continue
		}
		b.Relationships = append(b.Relationships, graph.Relationship{A: k[0], B: k[1], Trust: w,
			Visibility: graph.Public, Source: "advogato"})
		trust[k] = len(b.Relationships)
	}
	if err := sc.Err(); err != nil {
		return b, fmt.Errorf("advogato: %w", err)
	}
	ids := make([]int, 0, len(users))
	for id := range users {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		uid := advogatoID(id)
		name, email := "Advogato user "+strconv.Itoa(id), uid+"@advogato.example"
		if id%10 == 0 {
			b.Employees = append(b.Employees, graph.Employee{ID: uid, Name: name, Email: email,
				Active: true, Sender: true, Broker: true})
		} else {
			b.Customers = append(b.Customers, graph.Customer{ID: uid, Name: name, Email: email})
		}
	}
	return b, nil
}

func advogatoID(n int) string { return "u" + strconv.Itoa(n) }

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}
