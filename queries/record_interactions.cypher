// Notes the interactions of $rows ({a, b, at}, ends in canonical order), in
// row order, as record_interaction.cypher notes one; a pair may come more
// than once. Returns the number of rows whose ends both exist.
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
MERGE (a)-[r:KNOWS]->(b)
WITH row, r, r.trust IS NULL AS isNew
SET r._lock = true
WITH row, r, isNew
FOREACH (_ IN CASE WHEN isNew THEN [1] ELSE [] END |
  SET r.trust = $trust, r.visibility = $visibility, r.source = $source)
SET r.interactions = coalesce(r.interactions, 0) + 1,
    r.lastContact = CASE WHEN r.lastContact IS NULL OR r.lastContact < row.at THEN row.at ELSE r.lastContact END
REMOVE r._lock
RETURN count(*) AS n
