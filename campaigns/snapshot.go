package campaigns

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/contactgraph/contactgraph/letters"
)

// snapshotVersion marks the layout of a stored snapshot.
const snapshotVersion = 1

// snapshot is what a saved campaign keeps besides its store record.
type snapshot struct {
	Version    int               `json:"version"`
	Params     Params            `json:"params"`
	Rows       []Row             `json:"rows"`
	Duplicates []string          `json:"duplicates"`
	Declines   []Decline         `json:"declines"`
	SentAt     *time.Time        `json:"sentAt,omitempty"`
	SentBy     string            `json:"sentBy,omitempty"`
	Letter     *letters.Template `json:"letter,omitempty"`
	Delivery   *Delivery         `json:"delivery,omitempty"`
}

// seal writes the snapshot and the fields derived from it into the record.
func (s *Saved) seal() error {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	err := json.NewEncoder(zw).Encode(snapshot{Version: snapshotVersion, Params: s.Params, Rows: s.Rows,
		Duplicates: s.Duplicates, Declines: s.Declines, SentAt: s.SentAt, SentBy: s.SentBy,
		Letter: s.Letter, Delivery: s.Delivery})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return fmt.Errorf("campaigns: write snapshot: %w", err)
	}
	s.Snapshot = buf.Bytes()
	s.Recipients = len(s.Rows)
	s.Senders = s.senders()
	return nil
}

// open reads the record's snapshot.
func (s *Saved) open() error {
	zr, err := gzip.NewReader(bytes.NewReader(s.Snapshot))
	if err != nil {
		return fmt.Errorf("campaigns: read snapshot of %s: %w", s.ID, err)
	}
	var snap snapshot
	dec := json.NewDecoder(zr)
	if err := dec.Decode(&snap); err != nil {
		return fmt.Errorf("campaigns: read snapshot of %s: %w", s.ID, err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return fmt.Errorf("campaigns: read snapshot of %s: %w", s.ID, err)
	}
	if snap.Version != snapshotVersion {
		return fmt.Errorf("campaigns: snapshot of %s has version %d, this program reads %d", s.ID, snap.Version, snapshotVersion)
	}
	s.Params, s.Rows, s.Duplicates, s.Declines = snap.Params, snap.Rows, snap.Duplicates, snap.Declines
	s.SentAt, s.SentBy = snap.SentAt, snap.SentBy
	s.Letter, s.Delivery = snap.Letter, snap.Delivery
	s.Snapshot = nil // the fields hold it now; seal writes it anew
	return nil
}
