package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
)

// CapturedItem is one item captured from a mailbox or a calendar (a
// message, a meeting occurrence; package capture): the interactions it
// gives and the digest of its key. Stores keep only the digest, never the
// key itself or anything else of the item (docs/capture.md).
type CapturedItem struct {
	// Key is the lower-case hex SHA-256 of the item's key (CaptureKey).
	Key          string
	Interactions []Interaction
}

// CaptureKey returns the digest a store keeps of an item's key: the
// hex SHA-256 of kind, a NUL byte and the key.
func CaptureKey(kind, key string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + key))
	return hex.EncodeToString(sum[:])
}

// ValidCaptureKey reports whether k is a lower-case hex SHA-256 digest.
func ValidCaptureKey(k string) bool {
	if len(k) != 2*sha256.Size {
		return false
	}
	for _, c := range k {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// ValidateCaptured checks the items of one RecordCaptured call: valid keys and
// interactions, and each item has at least one interaction.
func ValidateCaptured(items []CapturedItem, m TrustModel) error {
	if err := m.Validate().Err(); err != nil {
		return Errorf(EINVALID, "the trust model: %v", err)
	}
	for i, it := range items {
		if !ValidCaptureKey(it.Key) {
			return Errorf(EINVALID, "captured item %d: key is no hex SHA-256 digest", i)
		}
		if len(it.Interactions) == 0 {
			return Errorf(EINVALID, "captured item %d: no interactions", i)
		}
		for j, in := range it.Interactions {
			if err := in.Validate().Err(); err != nil {
				return Errorf(EINVALID, "captured item %d, interaction %d: %v", i, j, err)
			}
		}
	}
	return nil
}

// CaptureStore remembers which captured items it recorded, so that
// capturing the same files again changes nothing.
type CaptureStore interface {
	// RecordCaptured records, in one transaction, the interactions of
	// every item whose key is not stored yet, each as RecordInteraction
	// would with m (a campaign interaction without a relationship, or with
	// an end that is gone, is left out), and stores those keys. An item whose key is
	// stored, or was given earlier in items, records nothing. recorded[i]
	// tells whether items[i] was recorded. EINVALID: a key is no digest, an
	// item has no interactions, an interaction breaks a rule or an end is
	// not a person; then nothing is written.
	RecordCaptured(ctx context.Context, items []CapturedItem, m TrustModel) (recorded []bool, err error)
	// CapturedCount returns how many captured keys the store holds.
	CapturedCount(ctx context.Context) (int, error)
}
