// Deletes up to $batch nodes with their relationships; run until it
// deletes none. The lock nodes and the change log stay: the graph's
// revision must never go back, or a routing cache could take the wiped
// graph for the one it knew.
MATCH (n)
WHERE NOT n:ContactgraphLock AND NOT n:ContactgraphChange
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
