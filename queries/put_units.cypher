// Creates or replaces units (their parents follow in put_unit_parents, once
// every unit of the write exists). A unit is new while it has no name.
UNWIND $rows AS row
MERGE (u:Unit {id: row.id})
WITH u, row, u.name IS NULL AS isNew
SET u.name = row.name
RETURN count(*) AS written, sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created
