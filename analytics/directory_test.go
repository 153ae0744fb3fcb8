package analytics_test

import (
	"context"
	"slices"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// memDirectory is a analytics.Directory over fixed lists, for tests. Its
// pages hold at most pageCap items whatever the limit asked, so that the
// callers' paging is exercised on small networks.
type memDirectory struct {
	customers []graph.Customer
	employees []graph.Employee
	accounts  []graph.Account
	units     []graph.Unit
	pageCap   int
}

// newMemDirectory lists the persons, accounts and units of a fixture.
func newMemDirectory(persons []graph.Person, accounts []graph.Account, units []graph.Unit, pageCap int) *memDirectory {
	d := &memDirectory{accounts: accounts, units: units, pageCap: pageCap}
	for _, p := range persons {
		switch p.Kind {
		case graph.KindCustomer:
			d.customers = append(d.customers, graph.Customer{ID: p.ID, Name: p.Name, Email: p.Email, Account: p.Account, OptOut: p.OptOut})
		case graph.KindEmployee:
			d.employees = append(d.employees, graph.Employee{ID: p.ID, Name: p.Name, Email: p.Email, Unit: p.Unit,
				Active: p.Active, Sender: p.Sender, Broker: p.Broker})
		}
	}
	return d
}

// page returns the page of items that q asks for, in id order.
func page[T any](items []T, id, scope func(T) string, q graph.ListQuery, pageCap int) graph.Page[T] {
	sorted := slices.Clone(items)
	slices.SortFunc(sorted, func(a, b T) int { return strings.Compare(id(a), id(b)) })
	limit := q.Limit
	if pageCap > 0 && pageCap < limit {
		limit = pageCap
	}
	var out graph.Page[T]
	out.Items = []T{}
	for _, it := range sorted {
		if id(it) <= q.After || (q.Scope != "" && scope(it) != q.Scope) {
			continue
		}
		if len(out.Items) == limit {
			out.Next = id(out.Items[len(out.Items)-1])
			break
		}
		out.Items = append(out.Items, it)
	}
	return out
}

func (d *memDirectory) Customers(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Customer], error) {
	return page(d.customers, func(c graph.Customer) string { return c.ID }, func(c graph.Customer) string { return c.Account }, q, d.pageCap), ctx.Err()
}

func (d *memDirectory) Employees(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Employee], error) {
	return page(d.employees, func(e graph.Employee) string { return e.ID }, func(e graph.Employee) string { return e.Unit }, q, d.pageCap), ctx.Err()
}

func (d *memDirectory) Accounts(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Account], error) {
	return page(d.accounts, func(a graph.Account) string { return a.ID }, func(a graph.Account) string { return a.Owner }, q, d.pageCap), ctx.Err()
}

func (d *memDirectory) Units(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Unit], error) {
	return page(d.units, func(u graph.Unit) string { return u.ID }, func(u graph.Unit) string { return u.Parent }, q, d.pageCap), ctx.Err()
}

func (d *memDirectory) Account(ctx context.Context, id string) (graph.Account, error) {
	for _, a := range d.accounts {
		if a.ID == id {
			return a, ctx.Err()
		}
	}
	return graph.Account{}, graph.Errorf(graph.ENOTFOUND, "account %q not found", id)
}

func (d *memDirectory) Unit(ctx context.Context, id string) (graph.Unit, error) {
	for _, u := range d.units {
		if u.ID == id {
			return u, ctx.Err()
		}
	}
	return graph.Unit{}, graph.Errorf(graph.ENOTFOUND, "unit %q not found", id)
}
