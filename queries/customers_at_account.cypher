// One page in id order after $after, filtered by $q (lower case, '' for all).
// Only the customers of account $scope.
MATCH (:Account {id: $scope})<-[:AT_ACCOUNT]-(c:Customer)
WHERE c.id > $after AND ($q = '' OR toLower(c.name) CONTAINS $q OR toLower(c.id) CONTAINS $q OR toLower(c.email) CONTAINS $q
       OR any(a IN coalesce(c.aliases, []) WHERE toLower(a) CONTAINS $q))
WITH c ORDER BY c.id LIMIT $limit
RETURN c.id AS id, c.name AS name, c.email AS email, c.title AS title,
       head([(c)-[:AT_ACCOUNT]->(a:Account) | a.id]) AS account,
       c.optOut AS optOut, coalesce(c.aliases, []) AS aliases
