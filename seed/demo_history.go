package seed

import (
	"fmt"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// DemoHistory is the interaction history of the demo company: for every
// third tie between an employee and a customer, one to four mails,
// meetings and calls in the autumn of 2026, some answered, so that the
// customer pages, the histories and the learned trusts have something to
// show. Each is a captured item (kind "demo"), so loading it twice records
// nothing twice. The ties keep their declared trust; the history learns
// beside it.
func DemoHistory() []graph.CapturedItem {
	d := Demo()
	employees := map[string]bool{}
	for _, e := range d.Employees {
		employees[e.ID] = true
	}
	kinds := []string{graph.InteractionEmailSent, graph.InteractionEmailReceived, graph.InteractionMeeting, graph.InteractionCall}
	start := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	var out []graph.CapturedItem
	n := 0
	for _, r := range d.Relationships {
		emp, cust := r.A, r.B
		if employees[cust] {
			emp, cust = cust, emp
		}
		if !employees[emp] || employees[cust] {
			continue // two employees or two customers
		}
		n++
		if n%3 != 1 {
			continue
		}
		for i := 0; i < 1+n%4; i++ {
			at := start.Add(time.Duration((n*37+i*11)%90*24+(n+i)%8) * time.Hour)
			out = append(out, graph.CapturedItem{
				Key:          graph.CaptureKey("demo", fmt.Sprintf("%s\x00%s\x00%d", emp, cust, i)),
				Interactions: []graph.Interaction{{A: emp, B: cust, At: at, Kind: kinds[(n+i)%len(kinds)]}},
			})
		}
	}
	return out
}
