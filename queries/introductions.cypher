// Introductions by id descending, below $after ('' for the first page),
// only those of customer $customer, broker $via and requester $requester
// where these are not '': at most $limit.
MATCH (i:Introduction)
WHERE ($after = '' OR i.id < $after) AND ($customer = '' OR i.customer = $customer)
  AND ($via = '' OR i.via = $via) AND ($requester = '' OR i.requester = $requester)
RETURN i.id AS id, i.customer AS customer, i.via AS via, i.requester AS requester,
       i.requestedBy AS requestedBy, i.note AS note, i.state AS state, i.message AS message,
       i.createdAt AS createdAt, i.answeredAt AS answeredAt, i.doneAt AS doneAt, i.revision AS revision
ORDER BY i.id DESC
LIMIT $limit
