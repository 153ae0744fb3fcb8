// Lists the letters of campaign $campaign after customer $after, in state
// $state ('' for any), by customer id, at most $limit.
MATCH (l:Letter {campaign: $campaign})
WHERE l.customer > $after AND ($state = '' OR l.state = $state)
RETURN l.campaign AS campaign, l.customer AS customer, l.sender AS sender, l.state AS state,
       l.attempts AS attempts, l.nextAt AS nextAt, l.reason AS reason, l.sentAt AS sentAt, l.messageId AS messageId
ORDER BY customer
LIMIT $limit
