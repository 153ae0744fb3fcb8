package embedded

import (
	"github.com/contactgraph/contactgraph/graph"
)

// pair is the key of a relationship: its ends in canonical order.
type pair [2]string

func pairOf(a, b string) pair {
	if b < a {
		a, b = b, a
	}
	return pair{a, b}
}

// memory is the whole graph, held for fast reads and traversal. It mirrors
// the file exactly: it changes only by applying a change whose commit
// succeeded. Store.mu guards it.
type memory struct {
	units     table[graph.Unit]
	accounts  table[graph.Account]
	employees table[graph.Employee]
	customers table[graph.Customer]

	net network // the relationships

	unitEmployees    refIndex // unit id → its employees
	unitChildren     refIndex // unit id → its child units
	accountCustomers refIndex // account id → its customers
	ownerAccounts    refIndex // employee id → the accounts it owns
}

func newMemory() *memory {
	return &memory{
		units:            newTable[graph.Unit](),
		accounts:         newTable[graph.Account](),
		employees:        newTable[graph.Employee](),
		customers:        newTable[graph.Customer](),
		net:              newNetwork(),
		unitEmployees:    refIndex{},
		unitChildren:     refIndex{},
		accountCustomers: refIndex{},
		ownerAccounts:    refIndex{},
	}
}

// reserve makes room for the counts of a file about to be loaded.
func (m *memory) reserve(employees, customers, relationships int) {
	m.employees.reserve(employees)
	m.customers.reserve(customers)
	m.net.reserve(employees+customers, relationships)
}

// kind returns the kind of the person id, "" for none.
func (m *memory) kind(id string) string {
	switch {
	case m.employees.has(id):
		return graph.KindEmployee
	case m.customers.has(id):
		return graph.KindCustomer
	}
	return ""
}

// existing tells graph.Batch.CheckRefs what b finds in the store.
func (m *memory) existing(b graph.Batch) graph.Existing {
	accounts, persons := b.Refs()
	ex := graph.Existing{Accounts: map[string]bool{}, Persons: map[string]string{}}
	if len(b.Units)+len(b.Employees) > 0 {
		ex.Units = make(map[string]string, m.units.len())
		for id, u := range m.units.byID {
			ex.Units[id] = u.Parent
		}
	}
	for _, id := range accounts {
		if m.accounts.has(id) {
			ex.Accounts[id] = true
		}
	}
	for _, id := range persons {
		if k := m.kind(id); k != "" {
			ex.Persons[id] = k
		}
	}
	return ex
}

// relsOf returns the keys of the relationships of a person.
func (m *memory) relsOf(id string) []pair {
	slots := m.net.of(id)
	out := make([]pair, len(slots))
	for i, slot := range slots {
		out[i] = m.net.ends(slot)
	}
	return out
}

func (m *memory) putUnit(u graph.Unit) {
	if old, ok := m.units.get(u.ID); ok {
		m.unitChildren.remove(old.Parent, u.ID)
	}
	m.units.put(u.ID, u)
	m.unitChildren.add(u.Parent, u.ID)
}

func (m *memory) deleteUnit(id string) {
	if old, ok := m.units.get(id); ok {
		m.unitChildren.remove(old.Parent, id)
		m.units.remove(id)
	}
}

func (m *memory) putAccount(a graph.Account) {
	if old, ok := m.accounts.get(a.ID); ok {
		m.ownerAccounts.remove(old.Owner, a.ID)
	}
	m.accounts.put(a.ID, a)
	m.ownerAccounts.add(a.Owner, a.ID)
}

func (m *memory) deleteAccount(id string) {
	if old, ok := m.accounts.get(id); ok {
		m.ownerAccounts.remove(old.Owner, id)
		m.accounts.remove(id)
	}
}

func (m *memory) putEmployee(e graph.Employee) {
	if old, ok := m.employees.get(e.ID); ok {
		m.unitEmployees.remove(old.Unit, e.ID)
	}
	m.employees.put(e.ID, e)
	m.unitEmployees.add(e.Unit, e.ID)
	m.net.setTraits(e.ID, graph.TraitsOf(e.Person()))
}

func (m *memory) deleteEmployee(id string) {
	if old, ok := m.employees.get(id); ok {
		m.unitEmployees.remove(old.Unit, id)
		m.employees.remove(id)
		m.net.setTraits(id, 0)
	}
}

func (m *memory) putCustomer(c graph.Customer) {
	if old, ok := m.customers.get(c.ID); ok {
		m.accountCustomers.remove(old.Account, c.ID)
	}
	m.customers.put(c.ID, c)
	m.accountCustomers.add(c.Account, c.ID)
	m.net.setTraits(c.ID, graph.TraitsOf(c.Person()))
}

func (m *memory) deleteCustomer(id string) {
	if old, ok := m.customers.get(id); ok {
		m.accountCustomers.remove(old.Account, id)
		m.customers.remove(id)
		m.net.setTraits(id, 0)
	}
}

func (m *memory) settle() {
	m.units.settle()
	m.accounts.settle()
	m.employees.settle()
	m.customers.settle()
	m.net.settle()
}
