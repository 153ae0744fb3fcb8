// Adds to change $rev (graph_change.cypher) the relationships between
// $as[i] and $bs[i] (canonical order) as the transaction leaves them, as
// parallel lists (a property cannot hold a list of lists): relID the
// relationship's id, -1 if there is none (deleted); relTrust, relSec and
// relNsec its trust and last contact (0 without one); relFlags 1 if it has
// a last contact, +2 if private. Routing caches update the relationships
// of persons they hold from these instead of fetching a hub's hundred
// thousand again. Runs last in the transaction.
MATCH (c:ContactgraphChange {rev: $rev})
UNWIND range(0, size($as) - 1) AS i
// Both ends are looked up first, so that the planner joins them with
// Expand(Into) from the end of smaller degree; one pattern seeks one end
// and walks all of its relationships, a hub's hundred thousand per row.
OPTIONAL MATCH (a:Person {id: $as[i]})
OPTIONAL MATCH (b:Person {id: $bs[i]})
OPTIONAL MATCH (a)-[r:KNOWS]->(b)
WITH c, i, r
ORDER BY i
WITH c, collect(coalesce(id(r), -1)) AS ids, collect(coalesce(r.trust, 0.0)) AS trust,
     collect(coalesce(r.lastContact.epochSeconds, 0)) AS secs,
     collect(coalesce(r.lastContact.nanosecond, 0)) AS nsecs,
     collect(CASE WHEN r.lastContact IS NULL THEN 0 ELSE 1 END +
             CASE WHEN r.visibility = 'private' THEN 2 ELSE 0 END) AS flags
SET c.relA = $as, c.relB = $bs, c.relID = ids, c.relTrust = trust,
    c.relSec = secs, c.relNsec = nsecs, c.relFlags = flags
RETURN count(*) AS changes
