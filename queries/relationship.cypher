// The relationship between $a and $b, ends in canonical order ($a < $b).
MATCH (a:Person {id: $a})-[r:KNOWS]->(b:Person {id: $b})
RETURN a.id AS a, b.id AS b,
       r.trust AS trust, r.lastContact AS lastContact, r.since AS since,
       r.visibility AS visibility, r.source AS source, r.interactions AS interactions,
       coalesce(r.trustSource, 'declared') AS trustSource
