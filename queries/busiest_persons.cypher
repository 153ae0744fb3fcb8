// The ids of the $limit persons with the most KNOWS relationships, most
// first (ties by id): the hubs whose relationships a routing cache fetches
// first (neo4jstore.Store.WarmRoutingCache).
MATCH (p:Person)
WITH p, COUNT { (p)-[:KNOWS]-() } AS degree
ORDER BY degree DESC, p.id
LIMIT $limit
RETURN collect(p.id) AS ids
