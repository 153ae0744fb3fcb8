// Points each account of $rows at its owner (row.owner null: none) and lists
// the owners that were not found as employees.
UNWIND $rows AS row
MATCH (a:Account {id: row.id})
OPTIONAL MATCH (a)-[old:OWNED_BY]->(was:Person)
FOREACH (_ IN CASE WHEN old IS NOT NULL AND was.id <> coalesce(row.owner, '') THEN [1] ELSE [] END |
  DELETE old)
WITH a, row
OPTIONAL MATCH (o:Person {id: row.owner}) WHERE o:Employee
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END |
  MERGE (a)-[:OWNED_BY]->(o))
RETURN collect(CASE WHEN row.owner IS NOT NULL AND o IS NULL THEN row.owner END) AS missing
