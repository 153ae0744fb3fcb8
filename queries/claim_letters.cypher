// Moves up to $n letters of campaign $campaign that are queued, or in retry
// due at $now, to sending with one more attempt, by customer id.
MATCH (l:Letter {campaign: $campaign})
WHERE l.state = 'queued' OR (l.state = 'retry' AND l.nextAt <= $now)
WITH l ORDER BY l.customer LIMIT $n
SET l.state = 'sending', l.attempts = l.attempts + 1
RETURN l.campaign AS campaign, l.customer AS customer, l.sender AS sender, l.state AS state,
       l.attempts AS attempts, l.nextAt AS nextAt, l.reason AS reason, l.sentAt AS sentAt, l.messageId AS messageId
ORDER BY customer
