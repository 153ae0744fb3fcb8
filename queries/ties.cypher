// Every relationship with an end among $ids, once (DISTINCT: both ends may be
// among $ids), from its stored start (the smaller id). One index seek and one
// expansion per id: the cost grows with the neighbourhood, not the graph.
//
// One record holds them all, as lists of
//   [a, b, trust, lastContact, since, visibility, source, interactions,
//    trustSource]:
// a record costs the driver far more than a list item, and routing reads
// thousands of ties per hop.
UNWIND $ids AS id
MATCH (:Person {id: id})-[r:KNOWS]-()
WITH DISTINCT r
RETURN collect([startNode(r).id, endNode(r).id, r.trust, r.lastContact, r.since,
                r.visibility, r.source, r.interactions,
                coalesce(r.trustSource, 'declared')]) AS ties
