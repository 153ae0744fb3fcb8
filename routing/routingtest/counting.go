package routingtest

import (
	"context"
	"sync/atomic"

	"github.com/contactgraph/contactgraph/graph"
)

// Reads counts what routing read of a network.
type Reads struct {
	// Views is the number of views ReadGraph handed out, ArcLists the
	// number of nodes whose arcs were read through them (Arcs and
	// EmployeeArcs calls).
	Views, ArcLists int64
	// Levels is the number of Ties calls, Relationships the number of
	// relationships they returned, Persons the number of persons Persons
	// returned.
	Levels, Relationships, Persons int64
}

// Counting is a graph.Store that counts what is read through its
// graph.Network methods and forwards every call to the store it wraps.
// Hand it to a server, ask over HTTP, and compare its Reads with those of
// the same question asked of the store directly: a wrapper between the
// server and the store that loses routing's way of reading shows.
type Counting struct {
	graph.Store
	views, arcLists, levels, relationships, persons atomic.Int64
}

// Reads returns what was read so far.
func (c *Counting) Reads() Reads {
	return Reads{Views: c.views.Load(), ArcLists: c.arcLists.Load(), Levels: c.levels.Load(),
		Relationships: c.relationships.Load(), Persons: c.persons.Load()}
}

// Reset sets every count to zero.
func (c *Counting) Reset() {
	for _, n := range []*atomic.Int64{&c.views, &c.arcLists, &c.levels, &c.relationships, &c.persons} {
		n.Store(0)
	}
}

// Persons counts the persons returned.
func (c *Counting) Persons(ctx context.Context, ids []string) ([]graph.Person, error) {
	out, err := c.Store.Persons(ctx, ids)
	c.persons.Add(int64(len(out)))
	return out, err
}

// Ties counts a level and the relationships returned.
func (c *Counting) Ties(ctx context.Context, ids []string) ([]graph.Relationship, error) {
	out, err := c.Store.Ties(ctx, ids)
	c.levels.Add(1)
	c.relationships.Add(int64(len(out)))
	return out, err
}

// ReadGraph counts the views and the arc lists read through them.
func (c *Counting) ReadGraph(ctx context.Context, read func(graph.View) error) error {
	return c.Store.ReadGraph(ctx, func(v graph.View) error {
		c.views.Add(1)
		return read(countingView{View: v, arcLists: &c.arcLists})
	})
}

// countingView counts the arc lists read.
type countingView struct {
	graph.View
	arcLists *atomic.Int64
}

func (v countingView) Arcs(n int32) []graph.Arc {
	v.arcLists.Add(1)
	return v.View.Arcs(n)
}

func (v countingView) EmployeeArcs(n int32) []graph.Arc {
	v.arcLists.Add(1)
	return v.View.EmployeeArcs(n)
}
