// A letter of the outbox is one per campaign and customer: key is the
// campaign id, a zero character and the customer id.
CREATE CONSTRAINT letter_key IF NOT EXISTS FOR (l:Letter) REQUIRE l.key IS UNIQUE
