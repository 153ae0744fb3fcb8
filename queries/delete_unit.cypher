// Deletes unit $id and its own parent link. Without $cascade its employees
// and child units keep pointing at it, so that the node delete fails rather
// than orphan them.
MATCH (u:Unit {id: $id})
OPTIONAL MATCH (u)-[r]-()
  WHERE $cascade OR startNode(r) = u
DELETE r
WITH DISTINCT u
DELETE u
RETURN count(*) AS deleted
