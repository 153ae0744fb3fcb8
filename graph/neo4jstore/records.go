package neo4jstore

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
)

// Running statements.

// collect runs query in tx and returns all its records.
func collect(ctx context.Context, tx neo4j.ManagedTransaction, query string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// one runs a query that returns exactly one record (an aggregation).
func one(ctx context.Context, tx neo4j.ManagedTransaction, query string, params map[string]any) (*neo4j.Record, error) {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return nil, err
	}
	return res.Single(ctx)
}

// mapAll converts every record with conv.
func mapAll[T any](recs []*neo4j.Record, conv func(*neo4j.Record) (T, error)) ([]T, error) {
	out := make([]T, 0, len(recs))
	for _, r := range recs {
		v, err := conv(r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Typed record access. A field reader collects the first error, so that a
// converter reads every column and checks once.

type fields struct {
	r   *neo4j.Record
	err error
}

func (f *fields) check(key string, err error) {
	if err != nil && f.err == nil {
		f.err = fmt.Errorf("column %s: %w", key, err)
	}
}

// str reads a string column; null reads as "".
func (f *fields) str(key string) string {
	v, _, err := neo4j.GetRecordValue[string](f.r, key)
	f.check(key, err)
	return v
}

// boolean reads a boolean column; null reads as false.
func (f *fields) boolean(key string) bool {
	v, _, err := neo4j.GetRecordValue[bool](f.r, key)
	f.check(key, err)
	return v
}

func (f *fields) integer(key string) int {
	v, _, err := neo4j.GetRecordValue[int64](f.r, key)
	f.check(key, err)
	return int(v)
}

// optInt reads an integer column that may be null.
func (f *fields) optInt(key string) *int {
	v, isNil, err := neo4j.GetRecordValue[int64](f.r, key)
	f.check(key, err)
	if isNil || err != nil {
		return nil
	}
	n := int(v)
	return &n
}

func (f *fields) float(key string) float64 {
	v, _, err := neo4j.GetRecordValue[float64](f.r, key)
	f.check(key, err)
	return v
}

// optTime reads a DateTime column that may be null, in UTC.
func (f *fields) optTime(key string) *time.Time {
	v, isNil, err := neo4j.GetRecordValue[time.Time](f.r, key)
	f.check(key, err)
	if isNil || err != nil {
		return nil
	}
	v = v.UTC()
	return &v
}

// strs reads a list of strings.
func (f *fields) strs(key string) []string {
	v, _, err := neo4j.GetRecordValue[[]any](f.r, key)
	f.check(key, err)
	out := make([]string, 0, len(v))
	for _, x := range v {
		s, ok := x.(string)
		if !ok {
			f.check(key, fmt.Errorf("list item %T is not a string", x))
			continue
		}
		out = append(out, s)
	}
	return out
}

func getInt(r *neo4j.Record, key string) (int, error) {
	f := fields{r: r}
	n := f.integer(key)
	return n, f.err
}

// Records to domain values. Column names are those of the queries.

func toEmployee(r *neo4j.Record) (graph.Employee, error) {
	f := fields{r: r}
	e := graph.Employee{
		ID: f.str("id"), Name: f.str("name"), Email: f.str("email"), Title: f.str("title"),
		Unit: f.str("unit"), Active: f.boolean("active"), Sender: f.boolean("sender"),
		Broker: f.boolean("broker"), Capacity: f.optInt("capacity"), Capture: f.boolean("capture"),
		Phone: f.str("phone"), Signature: f.str("signature"), Aliases: f.aliases(),
	}
	return e, f.wrap("employee")
}

func toCustomer(r *neo4j.Record) (graph.Customer, error) {
	f := fields{r: r}
	c := graph.Customer{
		ID: f.str("id"), Name: f.str("name"), Email: f.str("email"), Title: f.str("title"),
		Account: f.str("account"), OptOut: f.boolean("optOut"), Aliases: f.aliases(),
	}
	return c, f.wrap("customer")
}

func toAccount(r *neo4j.Record) (graph.Account, error) {
	f := fields{r: r}
	a := graph.Account{ID: f.str("id"), Name: f.str("name"), Owner: f.str("owner"), Segment: f.str("segment")}
	return a, f.wrap("account")
}

func toUnit(r *neo4j.Record) (graph.Unit, error) {
	f := fields{r: r}
	u := graph.Unit{ID: f.str("id"), Name: f.str("name"), Parent: f.str("parent")}
	return u, f.wrap("unit")
}

func toRelationship(r *neo4j.Record) (graph.Relationship, error) {
	f := fields{r: r}
	rel := graph.Relationship{
		A: f.str("a"), B: f.str("b"), Trust: f.float("trust"),
		LastContact: f.optTime("lastContact"), Since: f.optTime("since"),
		Visibility: f.str("visibility"), Source: f.str("source"), Interactions: f.integer("interactions"),
		TrustSource: f.str("trustSource"),
	}
	return rel, f.wrap("relationship")
}

// Items of collected lists (queries.Persons, queries.Ties): positional,
// in the order the query documents. The same null rules as for columns.

type item struct {
	v   []any
	err error
}

func (it *item) at(i int) any {
	if i >= len(it.v) {
		if it.err == nil {
			it.err = fmt.Errorf("item of %d values has no value %d", len(it.v), i)
		}
		return nil
	}
	return it.v[i]
}

// value reads value i as a T; null reads as the zero value.
func value[T any](it *item, i int) (v T, isNil bool) {
	x := it.at(i)
	if x == nil {
		return v, true
	}
	v, ok := x.(T)
	if !ok && it.err == nil {
		it.err = fmt.Errorf("value %d is a %T, want %T", i, x, v)
	}
	return v, false
}

func (it *item) str(i int) string    { v, _ := value[string](it, i); return v }
func (it *item) boolean(i int) bool  { v, _ := value[bool](it, i); return v }
func (it *item) float(i int) float64 { v, _ := value[float64](it, i); return v }
func (it *item) integer(i int) int   { v, _ := value[int64](it, i); return int(v) }
func (it *item) optInt(i int) *int {
	v, isNil := value[int64](it, i)
	if isNil {
		return nil
	}
	n := int(v)
	return &n
}

func (it *item) optTime(i int) *time.Time {
	v, isNil := value[time.Time](it, i)
	if isNil {
		return nil
	}
	v = v.UTC()
	return &v
}

// items reads a column that holds a list of lists.
func items(r *neo4j.Record, key string) ([]item, error) {
	v, _, err := neo4j.GetRecordValue[[]any](r, key)
	if err != nil {
		return nil, fmt.Errorf("column %s: %w", key, err)
	}
	out := make([]item, len(v))
	for i, x := range v {
		l, ok := x.([]any)
		if !ok {
			return nil, fmt.Errorf("column %s: item %d is a %T, want a list", key, i, x)
		}
		out[i] = item{v: l}
	}
	return out, nil
}

// toPerson reads an item of queries.Persons through the kind's own Person
// method, so that the defaults of customers (active, broker) are graph's.
func toPerson(it item) (graph.Person, error) {
	var p graph.Person
	if it.boolean(1) {
		p = graph.Employee{
			ID: it.str(0), Name: it.str(2), Email: it.str(3), Title: it.str(4), Unit: it.str(5),
			Active: it.boolean(7), Sender: it.boolean(8), Broker: it.boolean(9), Capacity: it.optInt(11),
		}.Person()
	} else {
		p = graph.Customer{
			ID: it.str(0), Name: it.str(2), Email: it.str(3), Title: it.str(4), Account: it.str(6),
			OptOut: it.boolean(10),
		}.Person()
	}
	if it.err != nil {
		return p, fmt.Errorf("reading person: %w", it.err)
	}
	return p, nil
}

// toTie reads an item of queries.Ties.
func toTie(it item) (graph.Relationship, error) {
	r := graph.Relationship{
		A: it.str(0), B: it.str(1), Trust: it.float(2), LastContact: it.optTime(3), Since: it.optTime(4),
		Visibility: it.str(5), Source: it.str(6), Interactions: it.integer(7), TrustSource: it.str(8),
	}
	if it.err != nil {
		return r, fmt.Errorf("reading relationship: %w", it.err)
	}
	return r, nil
}

func (f *fields) wrap(what string) error {
	if f.err == nil {
		return nil
	}
	return fmt.Errorf("reading %s: %w", what, f.err)
}

// Domain values to statement rows. Empty references are null, so that the
// statements MATCH nothing for them; a nil capacity or time is null, which
// removes the property.

func ref(id string) any {
	if id == "" {
		return nil
	}
	return id
}

func optInt(n *int) any {
	if n == nil {
		return nil
	}
	return int64(*n)
}

func optTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func unitRow(u graph.Unit) any {
	return map[string]any{"id": u.ID, "name": u.Name, "parent": ref(u.Parent)}
}

func accountRow(a graph.Account) any {
	return map[string]any{"id": a.ID, "name": a.Name, "segment": a.Segment, "owner": ref(a.Owner)}
}

func employeeRow(e graph.Employee) any {
	return map[string]any{
		"id": e.ID, "name": e.Name, "email": e.Email, "title": e.Title, "unit": ref(e.Unit),
		"active": e.Active, "sender": e.Sender, "broker": e.Broker, "capacity": optInt(e.Capacity),
		"capture": e.Capture, "phone": e.Phone, "signature": e.Signature, "aliases": aliasesRow(e.Aliases),
	}
}

// aliasesRow is null for no aliases, which removes the property.
func aliasesRow(a []string) any {
	if len(a) == 0 {
		return nil
	}
	out := make([]any, len(a))
	for i, v := range a {
		out[i] = v
	}
	return out
}

// aliases reads the aliases column: nil for none, as graph keeps them.
func (f *fields) aliases() []string {
	a := f.strs("aliases")
	if len(a) == 0 {
		return nil
	}
	return a
}

func customerRow(c graph.Customer) any {
	return map[string]any{
		"id": c.ID, "name": c.Name, "email": c.Email, "title": c.Title, "account": ref(c.Account),
		"optOut": c.OptOut, "aliases": aliasesRow(c.Aliases),
	}
}

// relationshipRow expects r normalised (canonical ends, UTC times).
func relationshipRow(r graph.Relationship) any {
	return map[string]any{
		"a": r.A, "b": r.B, "trust": r.Trust, "lastContact": optTime(r.LastContact), "since": optTime(r.Since),
		"visibility": r.Visibility, "source": r.Source, "interactions": int64(r.Interactions),
		"trustSource": r.TrustSource,
	}
}

func rows[T any](items []T, row func(T) any) []any {
	out := make([]any, len(items))
	for i, v := range items {
		out[i] = row(v)
	}
	return out
}
