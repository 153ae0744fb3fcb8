// Deletes up to $batch nodes with their relationships; run until it
// deletes none.
MATCH (n)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
