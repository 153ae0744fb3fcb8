// One page in id order after $after, filtered by $q (lower case, '' for all).
// Only the accounts that employee $scope owns.
MATCH (:Person {id: $scope})<-[:OWNED_BY]-(a:Account)
WHERE a.id > $after AND ($q = '' OR toLower(a.name) CONTAINS $q OR toLower(a.id) CONTAINS $q)
WITH a ORDER BY a.id LIMIT $limit
RETURN a.id AS id, a.name AS name,
       head([(a)-[:OWNED_BY]->(o:Person) | o.id]) AS owner,
       a.segment AS segment
