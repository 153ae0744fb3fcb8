// Points each unit of $rows at its parent (row.parent null: none) and lists
// the parents that were not found.
UNWIND $rows AS row
MATCH (u:Unit {id: row.id})
OPTIONAL MATCH (u)-[old:PART_OF]->(was:Unit)
FOREACH (_ IN CASE WHEN old IS NOT NULL AND was.id <> coalesce(row.parent, '') THEN [1] ELSE [] END |
  DELETE old)
WITH u, row
OPTIONAL MATCH (p:Unit {id: row.parent})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END |
  MERGE (u)-[:PART_OF]->(p))
RETURN collect(CASE WHEN row.parent IS NOT NULL AND p IS NULL THEN row.parent END) AS missing
