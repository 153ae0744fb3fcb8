// The employee $id (no row if there is none) with the number of accounts it
// owns and the first few of them.
MATCH (e:Person {id: $id}) WHERE e:Employee
RETURN e.id AS id,
       COUNT { (:Account)-[:OWNED_BY]->(e) } AS n,
       COLLECT { MATCH (a:Account)-[:OWNED_BY]->(e) RETURN a.id ORDER BY a.id LIMIT 5 } AS sample
