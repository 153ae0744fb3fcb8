// One level of routing's expansion (routing.Neighbourhood): every
// relationship with an end among the ids of $rows, once each, with the
// persons at their other ends, seen from the ends among the ids. Unless
// $only is 0 it keeps only the relationships whose other end may end a
// route: 1 active employees, 2 active employees who are senders; a list
// $to (else null) keeps only those whose other end is among it. A row's
// min (> 0) keeps only its relationships whose effective trust at $asOf
// (trust × 0.5^(age in days / $halfLifeDays)) is at least min, and its max
// (> 0) only those below max, which routing knows already; routing passes
// both with a margin for rounding. So the last level of a search returns
// the few relationships to possible ends instead of a hub's thousands, a
// hub gives its strongest relationships first, and no second round trip
// asks for the persons. One index seek and one expansion per id.
//
// One record holds them all: ties as lists as in ties.cypher, persons as in
// persons.cypher with the person's number of relationships last (a degree,
// which Neo4j keeps for nodes with many).
UNWIND $rows AS row
MATCH (:Person {id: row.id})-[r:KNOWS]-(o)
WHERE ($only = 0 OR (o:Employee AND o.active AND ($only = 1 OR o.sender)))
  AND ($to IS NULL OR o.id IN $to)
  AND (row.min <= 0.0 OR r.trust >= row.min)
WITH r, o, row,
     CASE
       WHEN row.min <= 0.0 AND row.max <= 0.0 THEN null
       WHEN r.lastContact IS NULL OR r.lastContact >= $asOf THEN duration({seconds: 0})
       ELSE duration.inSeconds(r.lastContact, $asOf)
     END AS age
WITH r, o, row,
     CASE
       WHEN age IS NULL THEN 1.0
       ELSE r.trust * 0.5 ^ ((age.seconds + age.nanosecondsOfSecond / 1.0e9) / 86400.0 / $halfLifeDays)
     END AS w
WHERE (row.min <= 0.0 OR w >= row.min) AND (row.max <= 0.0 OR w < row.max)
WITH collect(DISTINCT r) AS rs, collect(DISTINCT o) AS os
RETURN [r IN rs | [startNode(r).id, endNode(r).id, r.trust, r.lastContact, r.since,
                   r.visibility, r.source, r.interactions]] AS ties,
       [p IN os | [p.id, p:Employee, p.name, p.email, p.title,
                   head([(p)-[:IN_UNIT]->(u:Unit) | u.id]),
                   head([(p)-[:AT_ACCOUNT]->(a:Account) | a.id]),
                   p.active, p.sender, p.broker, p.optOut, p.capacity,
                   COUNT { (p)-[:KNOWS]-() }]] AS persons
