// Package analytics answers management's questions: what does our network
// look like, and where does it hang on one person?
//
//   - Coverage: which customers an eligible sender reaches well enough,
//     overall, per account and per unit, and which hang on exactly one
//     sender (coverage.go, tally.go).
//   - KeyPeople: the employees customers depend on, ranked by how many
//     customers would be left without a trusted sender if they left
//     (leaving.go).
//   - Picture: the part of the network around a person, an account or a
//     unit, for drawing (picture.go, picture_draw.go).
//
// Every figure rests on routing's questions (routing.Senders and
// routing.SendersWithout), so a customer counts as covered exactly when
// routing.Route would give them a trusted sender. The property tests
// compare each figure with a brute-force enumeration on random networks
// (routingtest.Oracle).
package analytics
