// A customer's letters are found in every campaign to forget them
// (erasure).
CREATE INDEX letter_customer IF NOT EXISTS FOR (l:Letter) ON (l.customer)
