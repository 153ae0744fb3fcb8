// Package campaigns keeps saved campaigns: a named snapshot of a campaign
// resolution as it was (CONTRACT §3, POST /campaigns), which marketing
// reviews and marks sent, and in which each employee sees what goes out in
// their name and may decline to be the sender of some recipients.
//
// A snapshot never changes by itself: later changes of the graph do not
// touch it. Two things change a pending campaign, each recorded in it:
//   - Decline: the recipients an employee declines are resolved again by the
//     usual chain (routing.ResolveCampaign: the next trusted sender, the
//     account owner, the fallback) with the campaign's own parameters and
//     asOf, on the graph as it is at that moment, without everyone who
//     declined them and without overfilling senders the kept assignments
//     already use. The other recipients keep their senders.
//   - MarkSent: the campaign is final; it changes no more.
//
// Re-resolving a whole campaign is never silent: save a new one.
//
// The store keeps each snapshot as gzip-compressed JSON (graph.Campaign's
// Snapshot); the fields lists need sit beside it. Changes go through the
// store's revision check, so that concurrent declines never lose one
// another.
package campaigns
