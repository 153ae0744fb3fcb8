// Package delivery sends a saved campaign's letters over SMTP in each
// sender's name, exactly once per recipient as far as SMTP lets anyone
// promise it (docs/delivery.md): the outbox in the store holds each
// letter's state, a letter is marked sent after its data and before the
// end-of-data mark that makes the server accept it, and a letter found in
// "sending" after a crash therefore never reached the server and goes out
// again.
package delivery
