// Stores $keys as captured items; the captured_key constraint refuses a
// key stored meanwhile.
UNWIND $keys AS k
CREATE (:Captured {key: k})
