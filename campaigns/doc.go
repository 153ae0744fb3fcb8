// Package campaigns answers marketing's question, whose name goes on the
// letter of each of many recipients, and keeps the answers.
//
// Resolve chooses the sender of every recipient of a mailing (docs/contract.md §2 Campaigns,
// served as POST /campaigns/resolve): the chain of routing.Route per recipient, with
// the trusted senders assigned under capacities so that the total score is
// as high as possible (package assign solves that transportation problem).
//
// Saved campaigns are a named snapshot of a resolution as it was
// (POST /campaigns), which marketing reviews and marks sent, and in which
// each employee sees what goes out in their name and may decline to be the
// sender of some recipients.
//
// A snapshot never changes by itself: later changes of the graph do not
// touch it. Two things change a pending campaign, each recorded in it:
//   - Decline: the recipients an employee declines are resolved again by the
//     usual chain (Resolve: the next trusted sender, the
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
