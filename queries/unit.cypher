MATCH (u:Unit {id: $id})
RETURN u.id AS id, u.name AS name,
       head([(u)-[:PART_OF]->(p:Unit) | p.id]) AS parent
