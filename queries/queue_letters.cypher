// Adds the letters of $rows ({key, customer, sender, messageId}) to the
// outbox of campaign $campaign as queued; a letter already there stays as
// it is. Returns how many were added ($token marks them in passing).
UNWIND $rows AS row
MERGE (l:Letter {key: row.key})
ON CREATE SET l.campaign = $campaign, l.customer = row.customer, l.sender = row.sender,
              l.state = 'queued', l.attempts = 0, l.messageId = row.messageId, l.queuedBy = $token
WITH l WHERE l.queuedBy = $token
REMOVE l.queuedBy
RETURN count(l) AS added
