// Replaces the fields and snapshot of campaign $id and sets its revision to
// $revision; the caller holds its lock (lock_campaign.cypher).
MATCH (c:Campaign {id: $id})
SET c.name = $name, c.status = $status, c.createdAt = $createdAt, c.createdBy = $createdBy,
    c.asOf = $asOf, c.recipients = $recipients, c.senders = $senders, c.revision = $revision,
    c.snapshot = $snapshot
