package graph

import "context"

// Network is what routing reads of a store: its read port, part of every
// Store so that no wrapper of a Store can drop a part of it. Routing
// answers every question over ReadGraph; Persons and Ties serve the rest
// (an account's owner, copies of the graph, privacy).
type Network interface {
	// Persons returns the persons among ids that exist, in any order;
	// unknown ids are left out.
	Persons(ctx context.Context, ids []string) ([]Person, error)
	// Ties returns every relationship with an end among ids, each once and
	// with canonical ends, in any order.
	Ties(ctx context.Context, ids []string) ([]Relationship, error)
	// ReadGraph calls read with a view of the whole graph that stays
	// consistent, and valid, until read returns. read must not call the
	// Network's other methods. A store that holds only part of the graph
	// in memory (Neo4j's routing cache) may call read more than once: a
	// view that lacked something read needed answers as if it were not
	// there, and the store then fetches it and calls read again on a new
	// view; the answer of the last call counts, so read must have no
	// other effect.
	ReadGraph(ctx context.Context, read func(View) error) error
}
