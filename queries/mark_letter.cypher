// Stores the outcome of letter $key (locked with LockLetter first).
MATCH (l:Letter {key: $key})
SET l.state = $state, l.nextAt = $nextAt, l.reason = $reason, l.sentAt = $sentAt
