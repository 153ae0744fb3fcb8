// Removes every letter to customer $customer from every campaign's outbox
// and returns how many it removed.
MATCH (l:Letter {customer: $customer})
DELETE l
RETURN count(*) AS forgot
