package seed

import (
	"context"
	"fmt"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// unitsFile returns units.csv with the units that employees were given
// and the store lacks: the default unit, and one per name of the unit
// column below it. nil when the store has them all.
func (t *crmTranslator) unitsFile(ctx context.Context) ([]byte, *origin, error) {
	ids := t.unitOrder
	if t.needDefault || len(ids) > 0 {
		ids = append([]string{t.m.Unit.ID}, ids...)
	}
	o := &origin{source: t.usersFile, cols: map[string]string{}, probs: map[int][]RowError{}}
	if t.unitLabel != "" {
		for _, c := range Columns[UnitsFile] {
			o.cols[c] = t.unitLabel
		}
	}
	var b strings.Builder
	line := int32(csvRow(&b, Columns[UnitsFile])) + 1
	rows := 0
	for _, id := range ids {
		_, err := t.s.Unit(ctx, id)
		switch graph.ErrorCode(err) {
		case "":
			continue // stored: left as it is
		case graph.ENOTFOUND:
		default:
			return nil, nil, fmt.Errorf("seed: import: look up stored units: %w", err)
		}
		u, src := t.m.Unit, int32(1)
		if cu := t.units[id]; cu != nil {
			u, src = graph.Unit{ID: id, Name: cu.name, Parent: t.m.Unit.ID}, cu.line
		}
		o.rows = append(o.rows, rowOrigin{line: line, src: src})
		line += int32(csvRow(&b, []string{u.ID, u.Name, u.Parent}))
		rows++
	}
	if rows == 0 {
		return nil, nil, nil
	}
	return []byte(b.String()), o, nil
}

// lookup asks the store for the employee (account false) whose email or
// name is v, or the account whose name is v. It finds nothing when none
// or the value is not of that kind; why is set when several fit.
func (t *crmTranslator) lookup(ctx context.Context, v string, account bool) (storeRef, error) {
	memo := t.storeUsers
	if account {
		memo = t.storeAccounts
	}
	if r, ok := memo[v]; ok {
		return r, nil
	}
	var found []string
	q := graph.ListQuery{Q: v, Limit: graph.MaxListLimit}
	if account {
		err := pageAll(ctx, func(ctx context.Context, q2 graph.ListQuery) (graph.Page[graph.Account], error) {
			q2.Q = q.Q
			return t.s.Accounts(ctx, q2)
		}, func(a graph.Account) {
			if strings.EqualFold(a.Name, v) {
				found = append(found, a.ID)
			}
		})
		if err != nil {
			return storeRef{}, wrapLookup("accounts", err)
		}
	} else {
		err := pageAll(ctx, func(ctx context.Context, q2 graph.ListQuery) (graph.Page[graph.Employee], error) {
			q2.Q = q.Q
			return t.s.Employees(ctx, q2)
		}, func(e graph.Employee) {
			if strings.EqualFold(e.Email, v) || strings.EqualFold(e.Name, v) {
				found = append(found, e.ID)
			}
		})
		if err != nil {
			return storeRef{}, wrapLookup("employees", err)
		}
	}
	var r storeRef
	switch len(found) {
	case 0:
	case 1:
		r.id = found[0]
	default:
		what := "employees"
		if account {
			what = "accounts"
		}
		r.why = fmt.Sprintf("%d %s in the store fit %s: %s", len(found), what, quote(v), strings.Join(found, ", "))
	}
	memo[v] = r
	return r, nil
}
