// Package neo4jstore keeps the contact graph in Neo4j 5 (bolt:// or
// neo4j:// for clusters and Aura). Every statement lives in package queries.
//
// # Model
//
//	(:Person:Employee {id, name, email, title, active, sender, broker, capacity})
//	(:Person:Customer {id, name, email, title, optOut})
//	(:Account {id, name, segment})   (:Unit {id, name})
//	(:Employee)-[:IN_UNIT]->(:Unit)          employee.unit
//	(:Customer)-[:AT_ACCOUNT]->(:Account)    customer.account
//	(:Account)-[:OWNED_BY]->(:Employee)      account.owner
//	(:Unit)-[:PART_OF]->(:Unit)              unit.parent
//	(:Person)-[:KNOWS {trust, lastContact, since, visibility, source, interactions}]->(:Person)
//
// Both kinds of person carry the :Person label, and a uniqueness constraint
// on :Person(id) makes their shared id space a database rule: concurrent
// MERGEs of one id meet on one node. Accounts and units have their own keys;
// :Employee(id) and :Customer(id) range indexes let lists walk one kind in id
// order.
//
// References are relationships, not id properties. Neo4j never leaves a
// relationship dangling and locks both its nodes while one is written, so a
// reference cannot point at a deleted entity: a delete without cascade
// removes the node with plain DELETE, which fails (ECONFLICT) if a
// reference appeared after the check. Lookups by reference (the employees of
// a unit, the customers of an account) start at the referenced node's key
// and expand, which is cheaper than an index on an id property. The cost is
// that reads project the reference back (a pattern comprehension per
// reference), which is one expansion of at most one relationship.
//
// KNOWS is stored once per pair, from the smaller id to the larger
// (graph.Relationship.Normalize), written with a directed MERGE and read
// undirected. Times are DateTime values in UTC and come back as UTC
// time.Time to the nanosecond; a nil capacity is an absent property, so nil
// and 0 stay apart.
//
// # Writes
//
// Every upsert (the single Put methods are batches of one) is one write
// transaction: validate in Go, take the unit-tree lock if units are written
// (so that concurrent writers cannot close a parent cycle between them),
// read what the write refers to into graph.Existing (one query per kind),
// let graph.Batch.CheckRefs decide, then write kind by kind with batched
// UNWIND $rows MERGE statements: units, parents, accounts, employees,
// customers, owners, relationships. Any error rolls everything back.
//
// The checks read committed state without locks, so a concurrent writer may
// change it before the MERGEs run. The write statements therefore report
// what they could not do as checked (a reference that vanished, a person
// that turned out to be of the other kind), and Neo4j reports a node deleted
// under a statement (EntityNotFound) or a MERGE that lost a race for a new
// key (ConstraintValidationFailed). In all these cases the adapter runs the
// whole transaction again, whose fresh read lets CheckRefs give the precise
// EINVALID or ECONFLICT; deletes do the same when a reference appeared after
// their check (their plain DELETE fails). Transient errors (deadlocks,
// leader switches) are retried by the driver's managed transactions.
// Counters (interactions, lastContact) are updated under the relationship's
// write lock, so concurrent interactions are all counted.
//
// # Routing cache
//
// Every routing question runs over an in-process cache of the relationships
// read so far, ordered by trust (graph.Network; cache.go and view.go),
// because Neo4j Community cannot hand out a node's relationships by trust
// and a hub has a hundred thousand. Every write of persons or KNOWS takes
// the lock node 'graph' first, raises its revision and logs what it
// changes (queries.GraphChange); every routing operation reads the
// revision and the changes since its cache's before it answers, and
// fetches under the same lock. cache.go explains why no answer is ever
// stale, whichever process wrote.
//
// # Reads
//
// Reads run in managed read transactions, which a cluster routes to
// followers. Persons and Ties, the lookups that routing repeats per hop,
// are one index seek (and one expansion) per id and return their answer as
// one record holding a list: the Go driver spends several microseconds per
// record, which dominated the cost of a hop.
package neo4jstore
