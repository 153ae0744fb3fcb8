// One page in id order after $after, filtered by $q (lower case, '' for all).
MATCH (u:Unit)
WHERE u.id > $after AND ($q = '' OR toLower(u.name) CONTAINS $q OR toLower(u.id) CONTAINS $q)
WITH u ORDER BY u.id LIMIT $limit
RETURN u.id AS id, u.name AS name,
       head([(u)-[:PART_OF]->(p:Unit) | p.id]) AS parent
