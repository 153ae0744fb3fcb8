// Deletes introduction $id.
MATCH (i:Introduction {id: $id})
DELETE i
RETURN count(*) AS deleted
