package graph

import (
	"fmt"
	"sort"
	"strings"
)

// Existing is what a store already holds of the ids a write refers to. A
// store fills it (from memory or with one query) and lets Batch.CheckRefs
// decide, so that both stores apply the same reference rules.
type Existing struct {
	// Units maps every stored unit id to its parent ("" for none); all units
	// are needed to rule out parent cycles.
	Units map[string]string
	// Accounts holds the stored ids among the accounts the write refers to.
	Accounts map[string]bool
	// Persons maps the stored ids among the persons the write refers to or
	// writes to their kind (KindEmployee or KindCustomer).
	Persons map[string]string
}

// Refs returns the account and person ids that b writes or refers to, sorted
// and without duplicates: what a store must look up to fill Existing.
func (b Batch) Refs() (accounts, persons []string) {
	as, ps := map[string]bool{}, map[string]bool{}
	for _, a := range b.Accounts {
		as[a.ID] = true
		ps[a.Owner] = true
	}
	for _, e := range b.Employees {
		ps[e.ID] = true
	}
	for _, c := range b.Customers {
		ps[c.ID] = true
		as[c.Account] = true
	}
	for _, r := range b.Relationships {
		ps[r.A] = true
		ps[r.B] = true
	}
	return sortedKeys(as), sortedKeys(ps)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// CheckRefs checks that every reference of b resolves to an entity that is
// stored (ex) or written by b, that no person changes kind and that no unit
// becomes its own ancestor. It assumes b.Validate() passed. When single is
// true, b holds one entity and field names carry no "kind[i]." prefix.
// It returns nil, an ECONFLICT error or an EINVALID error with every problem.
func (b Batch) CheckRefs(ex Existing, single bool) error {
	field := func(kind string, i int, name string) string {
		if single {
			return name
		}
		return indexed(kind, i) + "." + name
	}
	persons := map[string]string{}
	for id, k := range ex.Persons {
		persons[id] = k
	}
	var conflicts []string
	for _, e := range b.Employees {
		if k, ok := ex.Persons[e.ID]; ok && k != KindEmployee {
			conflicts = append(conflicts, fmt.Sprintf("%q is a %s", e.ID, k))
		}
		persons[e.ID] = KindEmployee
	}
	for _, c := range b.Customers {
		if k, ok := ex.Persons[c.ID]; ok && k != KindCustomer {
			conflicts = append(conflicts, fmt.Sprintf("%q is an %s", c.ID, k))
		}
		persons[c.ID] = KindCustomer
	}
	if len(conflicts) > 0 {
		return Errorf(ECONFLICT, "person ids are shared by employees and customers: %s", strings.Join(conflicts, "; "))
	}
	parents := map[string]string{}
	for id, p := range ex.Units {
		parents[id] = p
	}
	for _, u := range b.Units {
		parents[u.ID] = u.Parent
	}
	accounts := map[string]bool{}
	for id := range ex.Accounts {
		accounts[id] = true
	}
	for _, a := range b.Accounts {
		accounts[a.ID] = true
	}

	var p Problems
	for i, u := range b.Units {
		if u.Parent == "" {
			continue
		}
		if _, ok := parents[u.Parent]; !ok {
			p.Add(field("units", i, "parent"), "unit %q does not exist", u.Parent)
		} else if cyclic(parents, u.ID) {
			p.Add(field("units", i, "parent"), "unit %q is below %q: the parent chain would form a cycle", u.Parent, u.ID)
		}
	}
	for i, a := range b.Accounts {
		if a.Owner != "" && persons[a.Owner] != KindEmployee {
			p.Add(field("accounts", i, "owner"), "employee %q does not exist", a.Owner)
		}
	}
	for i, e := range b.Employees {
		if _, ok := parents[e.Unit]; e.Unit != "" && !ok {
			p.Add(field("employees", i, "unit"), "unit %q does not exist", e.Unit)
		}
	}
	for i, c := range b.Customers {
		if c.Account != "" && !accounts[c.Account] {
			p.Add(field("customers", i, "account"), "account %q does not exist", c.Account)
		}
	}
	for i, r := range b.Relationships {
		if _, ok := persons[r.A]; !ok {
			p.Add(field("relationships", i, "a"), "person %q does not exist", r.A)
		}
		if _, ok := persons[r.B]; !ok {
			p.Add(field("relationships", i, "b"), "person %q does not exist", r.B)
		}
	}
	return p.Err()
}

// cyclic reports whether following parents from id comes back to id.
func cyclic(parents map[string]string, id string) bool {
	seen := map[string]bool{id: true}
	for cur := parents[id]; cur != ""; cur = parents[cur] {
		if seen[cur] {
			return true
		}
		seen[cur] = true
	}
	return false
}

// Matches reports whether the list query text q matches any of the fields,
// case-insensitively; an empty q matches everything.
func Matches(q string, fields ...string) bool {
	if q == "" {
		return true
	}
	q = strings.ToLower(q)
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), q) {
			return true
		}
	}
	return false
}
