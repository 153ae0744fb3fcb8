// The unit $id (no row if there is none) with the number of its employees and
// child units and the first few of each.
MATCH (u:Unit {id: $id})
RETURN u.id AS id,
       COUNT { (:Employee)-[:IN_UNIT]->(u) } AS employees,
       COLLECT { MATCH (e:Employee)-[:IN_UNIT]->(u) RETURN e.id ORDER BY e.id LIMIT 5 } AS employeeSample,
       COUNT { (:Unit)-[:PART_OF]->(u) } AS children,
       COLLECT { MATCH (c:Unit)-[:PART_OF]->(u) RETURN c.id ORDER BY c.id LIMIT 5 } AS childSample
