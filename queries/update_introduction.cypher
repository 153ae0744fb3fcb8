// Replaces the fields of introduction $id and sets its revision to
// $revision; the caller holds its lock (lock_introduction.cypher).
MATCH (i:Introduction {id: $id})
SET i.customer = $customer, i.via = $via, i.requester = $requester, i.requestedBy = $requestedBy,
    i.note = $note, i.state = $state, i.message = $message, i.createdAt = $createdAt,
    i.answeredAt = $answeredAt, i.doneAt = $doneAt, i.revision = $revision
