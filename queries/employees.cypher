// One page in id order after $after, filtered by $q (lower case, '' for all).
MATCH (e:Employee)
WHERE e.id > $after AND ($q = '' OR toLower(e.name) CONTAINS $q OR toLower(e.id) CONTAINS $q OR toLower(e.email) CONTAINS $q
       OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) CONTAINS $q))
WITH e ORDER BY e.id LIMIT $limit
RETURN e.id AS id, e.name AS name, e.email AS email, e.title AS title,
       head([(e)-[:IN_UNIT]->(u:Unit) | u.id]) AS unit,
       e.active AS active, e.sender AS sender, e.broker AS broker, e.capacity AS capacity,
       coalesce(e.capture, false) AS capture,
       coalesce(e.phone, '') AS phone, coalesce(e.signature, '') AS signature, coalesce(e.aliases, []) AS aliases
