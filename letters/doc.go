// Package letters writes the letters of a saved campaign: a subject and a
// body template (text/template for the plain part, which every letter has,
// and optionally html/template for an HTML part) filled with the
// recipient's and the sender's fields, and the mail message that carries
// one letter in the sender's name (see docs/delivery.md).
//
// Customer and employee data is data: it is handed to the templates as
// values, never parsed as a template itself, so "{{" in a customer's name
// prints as "{{". Header values that come from data lose every CR and LF
// before they reach a header, so no data can add a header line.
package letters
