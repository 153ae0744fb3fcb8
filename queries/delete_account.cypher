// Deletes account $id and its owner link. Without $cascade its customers keep
// pointing at it, so that the node delete fails rather than orphan them.
MATCH (a:Account {id: $id})
OPTIONAL MATCH (a)-[r]-()
  WHERE $cascade OR type(r) <> 'AT_ACCOUNT'
DELETE r
WITH DISTINCT a
DELETE a
RETURN count(*) AS deleted
