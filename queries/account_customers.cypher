// The account $id (no row if there is none) with the number of its customers
// and the first few of them.
MATCH (a:Account {id: $id})
RETURN a.id AS id,
       COUNT { (:Customer)-[:AT_ACCOUNT]->(a) } AS n,
       COLLECT { MATCH (c:Customer)-[:AT_ACCOUNT]->(a) RETURN c.id ORDER BY c.id LIMIT 5 } AS sample
