// Takes the write lock of the graph's revision (graph_change.cypher) until
// the transaction ends, so that what the transaction reads next is the
// graph at that revision, with no write half done; returns the revision and
// the changes after $since like graph_changes.cypher. Used by the routing
// cache before it reads relationships.
MERGE (l:ContactgraphLock {name: 'graph'})
  ON CREATE SET l.epoch = randomUUID(), l.rev = 0
SET l._lock = true
REMOVE l._lock
WITH l
OPTIONAL MATCH (c:ContactgraphChange)
  WHERE c.rev > $since AND c.rev <= l.rev AND c.epoch = l.epoch
WITH l, c
ORDER BY c.rev
RETURN l.epoch AS epoch, l.rev AS rev,
       collect(CASE WHEN c IS NULL THEN null ELSE [c.rev, c.all, c.ids, c.persons, c.traits,
         c.relA, c.relB, c.relID, c.relTrust, c.relSec, c.relNsec, c.relFlags] END) AS changes
