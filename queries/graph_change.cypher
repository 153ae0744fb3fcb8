// Records a change of what routing reads (persons and KNOWS), as the first
// statement of a write transaction. It raises the graph's revision on the
// lock node 'graph', whose write lock the transaction then holds until it
// ends: writers of persons and relationships run one after another, and a
// routing cache that takes the same lock (take_graph_lock.cypher) reads no
// write half done. The change tells routing caches what to forget:
//   $ids       persons whose own record changes (a change of
//              relationships follows in graph_change_rels.cypher);
//   $around    persons about to be deleted: their neighbours lose a
//              relationship, so they count as changed too;
//   $persons   persons whose routing traits become $traits (0: deleted);
//   $all       everything (also when more than $max ids change).
// Changes older than $keep revisions are deleted; a cache that is further
// behind forgets everything.
MERGE (l:ContactgraphLock {name: 'graph'})
  ON CREATE SET l.epoch = randomUUID(), l.rev = 0
SET l.rev = l.rev + 1
WITH l
OPTIONAL MATCH (p:Person)-[:KNOWS]-(n)
  WHERE p.id IN $around
WITH l, $ids + collect(DISTINCT n.id) AS ids
WITH l, ids, $all OR size(ids) > $max OR size($persons) > $max AS all
CREATE (:ContactgraphChange {rev: l.rev, epoch: l.epoch, all: all,
        ids: CASE WHEN all THEN [] ELSE ids END,
        persons: CASE WHEN all THEN [] ELSE $persons END,
        traits: CASE WHEN all THEN [] ELSE $traits END})
WITH l
OPTIONAL MATCH (old:ContactgraphChange)
  WHERE old.rev <= l.rev - $keep
DELETE old
RETURN DISTINCT l.rev AS rev
