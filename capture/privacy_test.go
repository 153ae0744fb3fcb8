package capture

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/internal/neo4jtest"
)

// secrets are strings of the test files that must never reach a store:
// subjects, body lines, an attachment (as the mbox carries it, base64, and
// decoded), locations, the raw Message-IDs and UIDs (only their digests
// are kept) and an address nobody in the store has.
var secrets = []string{
	"SECRET-SUBJECT", "SECRET-BODY-LINE", "SECRET-ATTACHMENT", "JVBERi0xLjQgU0VDUkVULUFUVEFDSE1FTlQ=",
	"Angebot Glasfaser", "bitte finden Sie anbei", "Projektstart", "Jour fixe", "Raum 4.12", "Agenda",
	"zurückrufen", "angebot.pdf",
	"msg1@nordwerk.example", "eml12@kunde.example", "single-1@nordwerk.example", "weekly-2@nordwerk.example",
	"stranger@elsewhere.example", "person00@elsewhere.example",
}

func checkSecrets(t *testing.T, what string, content []byte) {
	t.Helper()
	// The search works: a customer's email and a digest of a captured
	// key are there.
	digest, _ := hex.DecodeString(graph.CaptureKey(KindEmail, "msg1@nordwerk.example"))
	for _, must := range [][]byte{[]byte("carla@kunde.example"), digest, []byte(hex.EncodeToString(digest))} {
		if what == "neo4j" && bytes.Equal(must, digest) {
			continue // Neo4j holds the hex form
		}
		if what == "bbolt" && bytes.Equal(must, []byte(hex.EncodeToString(digest))) {
			continue // the file holds the raw bytes
		}
		if !bytes.Contains(content, must) {
			t.Errorf("%s: %q is not found, so the search proves nothing", what, must)
		}
	}
	lower := bytes.ToLower(content)
	for _, s := range secrets {
		if bytes.Contains(lower, bytes.ToLower([]byte(s))) {
			t.Errorf("%s holds %q from the captured files", what, s)
		}
	}
}

// Only metadata is kept: after capturing the test files, neither the
// bbolt file's bytes nor any property of any node or relationship in
// Neo4j holds a subject, a body line, an attachment, a Message-ID, a UID
// or an unknown address (docs/capture.md).
func TestNothingButMetadataIsKept(t *testing.T) {
	t.Run("embedded", func(t *testing.T) {
		dir := t.TempDir()
		s, err := embedded.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		fixture(t, s)
		captureFiles(t, s, []string{"e-anna", "e-ben"}, 2)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, embedded.FileName))
		if err != nil {
			t.Fatal(err)
		}
		checkSecrets(t, "bbolt", data)
	})
	t.Run("neo4j", func(t *testing.T) {
		s := neo4jtest.Open(t)
		fixture(t, s)
		captureFiles(t, s, []string{"e-anna", "e-ben"}, 2)
		checkSecrets(t, "neo4j", []byte(neo4jDump(t)))
	})
}

// neo4jDump prints every label, type and property of the test database.
func neo4jDump(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	d, err := neo4j.NewDriverWithContext(os.Getenv("NEO4J_TEST_URI"), neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(ctx)
	var b strings.Builder
	for _, q := range []string{
		"MATCH (n) RETURN labels(n) AS k, properties(n) AS p",
		"MATCH ()-[r]->() RETURN type(r) AS k, properties(r) AS p",
	} {
		res, err := neo4j.ExecuteQuery(ctx, d, q, nil, neo4j.EagerResultTransformer)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res.Records {
			k, _ := r.Get("k")
			p, _ := r.Get("p")
			fmt.Fprintf(&b, "%v %v\n", k, p)
		}
	}
	return b.String()
}
