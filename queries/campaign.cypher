// Saved campaign $id with its snapshot.
MATCH (c:Campaign {id: $id})
RETURN c.id AS id, c.name AS name, c.status AS status, c.createdAt AS createdAt,
       c.createdBy AS createdBy, c.asOf AS asOf, c.recipients AS recipients,
       c.senders AS senders, c.revision AS revision, c.snapshot AS snapshot
