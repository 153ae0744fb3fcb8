// The keys (SHA-256 digests) of items captured from mail and calendars:
// looked up by key, each stored once.
CREATE CONSTRAINT captured_key IF NOT EXISTS FOR (c:Captured) REQUIRE c.key IS UNIQUE
