// The graph's revision (graph_change.cypher) with the changes after
// revision $since, oldest first, each as [rev, all, ids, persons, traits,
// relA, relB, relID, relTrust, relSec, relNsec, relFlags] (see
// graph_change_rels.cypher; null for a change without relationships).
// Without the lock node (no write yet) epoch is null and rev 0.
OPTIONAL MATCH (l:ContactgraphLock {name: 'graph'})
WITH l, coalesce(l.rev, 0) AS rev
OPTIONAL MATCH (c:ContactgraphChange)
  WHERE c.rev > $since AND c.rev <= rev AND c.epoch = l.epoch
WITH l, rev, c
ORDER BY c.rev
RETURN l.epoch AS epoch, rev,
       collect(CASE WHEN c IS NULL THEN null ELSE [c.rev, c.all, c.ids, c.persons, c.traits,
         c.relA, c.relB, c.relID, c.relTrust, c.relSec, c.relNsec, c.relFlags] END) AS changes
