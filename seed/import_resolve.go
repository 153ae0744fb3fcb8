package seed

// resolveEntities settles which rows of the entity files are valid once
// references are taken into account, in the order rows depend on each
// other: persons that would change kind, units (parents, cycles), employees
// (units), accounts (owners), customers (accounts). A reference resolves to
// a valid row of the files or, for an id the files lack, to the store; a
// row that refers to an invalid row is invalid.
func (imp *importer) resolveEntities() {
	for i := range imp.people {
		p := &imp.people[i]
		if p.file != kindNone && p.stored != kindNone && p.stored != p.file {
			imp.failf(imp.files[personFile(p.file)], int(p.row), p.line, "id",
				"%q is %s in the store: a person cannot change kind", p.id, kindName(p.stored))
			p.ok = false
		}
	}
	imp.resolveUnits()
	for i := range imp.people {
		if p := &imp.people[i]; p.file == kindEmployee && p.ok && p.ref != "" {
			imp.resolveEmployee(p)
		}
	}
	for _, a := range imp.accounts {
		if a.inFile && a.ok && a.owner != "" {
			imp.resolveOwner(a)
		}
	}
	for i := range imp.people {
		if p := &imp.people[i]; p.file == kindCustomer && p.ok && p.ref != "" {
			if a := imp.accounts[p.ref]; !a.ok {
				imp.failf(imp.files[CustomersFile], int(p.row), p.line, "account", "%s", imp.accountProblem(a))
				p.ok = false
			}
		}
	}
}

func (imp *importer) resolveEmployee(p *person) {
	f := imp.files[EmployeesFile]
	if u, ok := imp.units[p.ref]; ok {
		if !u.ok {
			imp.failf(f, int(p.row), p.line, "unit", "unit %q is invalid (%s)", p.ref, imp.files[UnitsFile].where(u.line))
			p.ok = false
		}
		return
	}
	if _, ok := imp.storeUnits[p.ref]; !ok {
		imp.failf(f, int(p.row), p.line, "unit", "unit %q does not exist", p.ref)
		p.ok = false
	}
}

func (imp *importer) resolveOwner(a *accountInfo) {
	f := imp.files[AccountsFile]
	o := imp.people[imp.personIdx[a.owner]]
	var why string
	switch {
	case o.file == kindEmployee && !o.ok:
		why = "employee " + quote(o.id) + " is invalid (" + imp.files[EmployeesFile].where(o.line) + ")"
	case o.file == kindEmployee:
	case o.file == kindCustomer || o.stored == kindCustomer:
		why = quote(o.id) + " is a customer, not an employee"
	case o.stored == kindNone:
		why = "employee " + quote(o.id) + " does not exist"
	}
	if why != "" {
		imp.failf(f, int(a.row), a.line, "owner", "%s", why)
		a.ok = false
	}
}

func (imp *importer) accountProblem(a *accountInfo) string {
	if a.inFile {
		return "account " + quote(a.id) + " is invalid (" + imp.files[AccountsFile].where(a.line) + ")"
	}
	return "account " + quote(a.id) + " does not exist"
}

// resolveUnits invalidates, until nothing changes, the units of the file
// whose parent is invalid or missing and those on a parent cycle. A cycle
// may run through stored units, and through a stored unit whose row in the
// file is invalid (the store keeps its old parent).
func (imp *importer) resolveUnits() {
	f := imp.files[UnitsFile]
	for changed := true; changed; {
		changed = false
		for _, u := range imp.units {
			if !u.ok || u.parent == "" {
				continue
			}
			why := ""
			if pu, ok := imp.units[u.parent]; ok && !pu.ok {
				why = "unit " + quote(u.parent) + " is invalid (" + f.where(pu.line) + ")"
			} else if _, stored := imp.storeUnits[u.parent]; !ok && !stored {
				why = "unit " + quote(u.parent) + " does not exist"
			}
			if why != "" {
				imp.failf(f, int(u.row), u.line, "parent", "%s", why)
				u.ok, changed = false, true
			}
		}
		if changed {
			continue
		}
		parents := make(map[string]string, len(imp.storeUnits)+len(imp.units))
		for id, p := range imp.storeUnits {
			parents[id] = p
		}
		for id, u := range imp.units {
			if u.ok {
				parents[id] = u.parent
			}
		}
		for id, u := range imp.units {
			if u.ok && onCycle(parents, id) {
				imp.failf(f, int(u.row), u.line, "parent", "unit %q is below %q: the parent chain forms a cycle", u.parent, id)
				u.ok, changed = false, true
			}
		}
	}
}

// onCycle reports whether following parents from id comes back to id.
func onCycle(parents map[string]string, id string) bool {
	seen := map[string]bool{}
	for cur := parents[id]; cur != ""; cur = parents[cur] {
		if cur == id {
			return true
		}
		if seen[cur] {
			return false // a cycle above id, found from its own units
		}
		seen[cur] = true
	}
	return false
}
