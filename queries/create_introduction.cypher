// Creates introduction $id at revision 1; the introduction_id key refuses
// an id that is taken.
CREATE (i:Introduction {
  id: $id, customer: $customer, via: $via, requester: $requester, requestedBy: $requestedBy,
  note: $note, state: $state, message: $message, createdAt: $createdAt,
  answeredAt: $answeredAt, doneAt: $doneAt, revision: 1
})
