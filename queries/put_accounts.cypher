// Creates or replaces accounts (their owners follow in put_account_owners,
// once the employees of the write exist). An account is new while it has no
// name.
UNWIND $rows AS row
MERGE (a:Account {id: row.id})
WITH a, row, a.name IS NULL AS isNew
SET a.name = row.name, a.segment = row.segment
RETURN count(*) AS written, sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created
