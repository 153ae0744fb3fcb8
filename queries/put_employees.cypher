// Creates or replaces employees with their unit (row.unit null: none). The
// MERGE is on :Person, whose key spans both kinds; a person is new while it
// has no kind label. Lists the ids that turned out to be customers (clashes)
// and the units that were not found.
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
WITH p, row, NOT (p:Employee OR p:Customer) AS isNew, p:Customer AS clash
SET p:Employee,
    p.name = row.name, p.email = row.email, p.title = row.title,
    p.active = row.active, p.sender = row.sender, p.broker = row.broker,
    p.capacity = row.capacity, p.capture = row.capture,
    p.phone = row.phone, p.signature = row.signature, p.aliases = row.aliases
WITH p, row, isNew, clash
OPTIONAL MATCH (p)-[old:IN_UNIT]->(was:Unit)
FOREACH (_ IN CASE WHEN old IS NOT NULL AND was.id <> coalesce(row.unit, '') THEN [1] ELSE [] END |
  DELETE old)
WITH p, row, isNew, clash
OPTIONAL MATCH (u:Unit {id: row.unit})
FOREACH (_ IN CASE WHEN u IS NULL THEN [] ELSE [1] END |
  MERGE (p)-[:IN_UNIT]->(u))
RETURN count(*) AS written,
       sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created,
       collect(CASE WHEN clash THEN row.id END) AS clashes,
       collect(CASE WHEN row.unit IS NOT NULL AND u IS NULL THEN row.unit END) AS missing
