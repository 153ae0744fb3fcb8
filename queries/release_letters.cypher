// Moves the letters of campaign $campaign left in sending back to queued.
MATCH (l:Letter {campaign: $campaign})
WHERE l.state = 'sending'
SET l.state = 'queued'
RETURN count(l) AS released
