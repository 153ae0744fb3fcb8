// Introduction $id.
MATCH (i:Introduction {id: $id})
RETURN i.id AS id, i.customer AS customer, i.via AS via, i.requester AS requester,
       i.requestedBy AS requestedBy, i.note AS note, i.state AS state, i.message AS message,
       i.createdAt AS createdAt, i.answeredAt AS answeredAt, i.doneAt AS doneAt, i.revision AS revision
