// The stored units among $ids, with their parents.
UNWIND $ids AS id
MATCH (u:Unit {id: id})
RETURN u.id AS id, head([(u)-[:PART_OF]->(p:Unit) | p.id]) AS parent
