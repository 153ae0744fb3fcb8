MATCH (c:Person {id: $id}) WHERE c:Customer
RETURN c.id AS id, c.name AS name, c.email AS email, c.title AS title,
       head([(c)-[:AT_ACCOUNT]->(a:Account) | a.id]) AS account,
       c.optOut AS optOut, coalesce(c.aliases, []) AS aliases
