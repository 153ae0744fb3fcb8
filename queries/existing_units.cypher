// Every unit with its parent: the whole tree, to rule out parent cycles.
MATCH (u:Unit)
RETURN u.id AS id, head([(u)-[:PART_OF]->(p:Unit) | p.id]) AS parent
