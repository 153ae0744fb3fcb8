// Deletes employee $id with its relationships. Without $cascade the accounts
// it owns keep pointing at it, so that the node delete fails instead of
// silently orphaning an account that became owned after the check.
MATCH (e:Person {id: $id}) WHERE e:Employee
OPTIONAL MATCH (e)-[r]-()
  WHERE $cascade OR type(r) <> 'OWNED_BY'
DELETE r
WITH DISTINCT e
DELETE e
RETURN count(*) AS deleted
