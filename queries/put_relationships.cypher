// Creates or replaces KNOWS relationships, stored once per pair from the
// smaller id to the larger (rows are canonical). A relationship is new while
// it has no trust. A replace keeps the interaction count: only a new
// relationship takes it from the row, so that a replace never writes back a
// count that a concurrent interaction has just raised. Rows whose ends are
// missing are not written (written < rows). row.trust is the declared
// trust; with row.trustSource 'learned' the learned trust of the history
// routes instead, once there is one.
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
MERGE (a)-[r:KNOWS]->(b)
  ON CREATE SET r.interactions = row.interactions
WITH r, row, r.trust IS NULL AS isNew
SET r.trust = CASE WHEN row.trustSource = 'learned' AND r.learnedTrust IS NOT NULL
                   THEN r.learnedTrust ELSE row.trust END,
    r.trustSource = row.trustSource, r.lastContact = row.lastContact, r.since = row.since,
    r.visibility = row.visibility, r.source = row.source
RETURN count(*) AS written, sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created
