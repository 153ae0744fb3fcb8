// Every relationship of person $id by the other end's id: no row if there is
// no such person, one row of nulls if it has no relationships.
MATCH (p:Person {id: $id})
OPTIONAL MATCH (p)-[r:KNOWS]-(o:Person)
RETURN startNode(r).id AS a, endNode(r).id AS b,
       r.trust AS trust, r.lastContact AS lastContact, r.since AS since,
       r.visibility AS visibility, r.source AS source, r.interactions AS interactions,
       coalesce(r.trustSource, 'declared') AS trustSource
ORDER BY o.id
