// Saved campaigns by id descending, below $after ('' for the first page),
// only those that name employee $sender as a sender unless $sender is '':
// at most $limit, without their snapshots.
MATCH (c:Campaign)
WHERE ($after = '' OR c.id < $after) AND ($sender = '' OR $sender IN c.senders)
RETURN c.id AS id, c.name AS name, c.status AS status, c.createdAt AS createdAt,
       c.createdBy AS createdBy, c.asOf AS asOf, c.recipients AS recipients,
       c.senders AS senders, c.revision AS revision, null AS snapshot
ORDER BY c.id DESC
LIMIT $limit
