// Creates or replaces customers with their account (row.account null:
// none). The MERGE is on :Person, whose key spans both kinds; a person is new
// while it has no kind label. Lists the ids that turned out to be employees
// (clashes) and the accounts that were not found.
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
WITH p, row, NOT (p:Employee OR p:Customer) AS isNew, p:Employee AS clash
SET p:Customer,
    p.name = row.name, p.email = row.email, p.title = row.title,
    p.optOut = row.optOut, p.aliases = row.aliases
WITH p, row, isNew, clash
OPTIONAL MATCH (p)-[old:AT_ACCOUNT]->(was:Account)
FOREACH (_ IN CASE WHEN old IS NOT NULL AND was.id <> coalesce(row.account, '') THEN [1] ELSE [] END |
  DELETE old)
WITH p, row, isNew, clash
OPTIONAL MATCH (a:Account {id: row.account})
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END |
  MERGE (p)-[:AT_ACCOUNT]->(a))
RETURN count(*) AS written,
       sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created,
       collect(CASE WHEN clash THEN row.id END) AS clashes,
       collect(CASE WHEN row.account IS NOT NULL AND a IS NULL THEN row.account END) AS missing
