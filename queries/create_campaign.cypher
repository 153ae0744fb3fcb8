// Creates saved campaign $id at revision 1 with its fields and snapshot; the
// campaign_id key refuses an id that is taken.
CREATE (c:Campaign {
  id: $id, name: $name, status: $status, createdAt: $createdAt, createdBy: $createdBy,
  asOf: $asOf, recipients: $recipients, senders: $senders, revision: 1, snapshot: $snapshot
})
