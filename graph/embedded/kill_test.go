package embedded_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/graph/storetest"
)

// The kill test re-executes the test binary as a writer process (running
// only TestHelperWriter), reads the writes it acknowledges, kills it with
// SIGKILL at a random moment and checks that the reopened store holds every
// acknowledged write, and every batch whole or not at all.
const (
	writerDirEnv    = "EMBEDDED_TEST_WRITER_DIR"
	writerPrefixEnv = "EMBEDDED_TEST_WRITER_PREFIX"
)

// TestHelperWriter is not a test: it is the writer process of TestKill9.
func TestHelperWriter(t *testing.T) {
	dir := os.Getenv(writerDirEnv)
	if dir == "" {
		t.Skip("the writer process of TestKill9")
	}
	prefix := os.Getenv(writerPrefixEnv)
	s, err := embedded.Open(dir, embedded.WithLockTimeout(10*time.Second))
	if err != nil {
		fmt.Fprintln(os.Stderr, "writer: open:", err)
		os.Exit(2)
	}
	ctx := context.Background()
	fail := func(what string, err error) {
		fmt.Fprintf(os.Stderr, "writer: %s: %v\n", what, err)
		os.Exit(2)
	}
	for i := 0; ; i++ {
		id := fmt.Sprintf("%s-%d", prefix, i)
		var ack string
		switch i % 5 {
		case 0:
			if _, err := s.PutEmployee(ctx, graph.Employee{ID: "e" + id, Name: "E", Email: "e@example.com", Active: true}); err != nil {
				fail("PutEmployee", err)
			}
			ack = "employee e" + id
		case 1:
			if _, err := s.PutCustomer(ctx, graph.Customer{ID: "c" + id, Name: "C"}); err != nil {
				fail("PutCustomer", err)
			}
			ack = "customer c" + id
		case 2, 3:
			base := i - i%5
			a, b := fmt.Sprintf("e%s-%d", prefix, base), fmt.Sprintf("c%s-%d", prefix, base+1)
			if i%5 == 2 {
				if _, err := s.PutRelationship(ctx, graph.Relationship{A: a, B: b, Trust: 0.5}); err != nil {
					fail("PutRelationship", err)
				}
				ack = "relationship " + a + " " + b
			} else {
				if _, _, err := s.RecordInteraction(ctx, graph.Interaction{A: b, B: a, At: time.Now(), Kind: "call"}, storetest.FixedTrust(0.5)); err != nil {
					fail("RecordInteraction", err)
				}
				ack = "interaction " + a + " " + b
			}
		case 4:
			n := 20
			if i%3 == 0 {
				n = 2000 // large enough that a kill may land inside the commit
			}
			unit := "u" + id
			b := graph.Batch{Units: []graph.Unit{{ID: unit, Name: strconv.Itoa(n)}}}
			for j := range n {
				b.Employees = append(b.Employees, graph.Employee{ID: fmt.Sprintf("b%s-%d", id, j), Name: "B",
					Email: "b@example.com", Unit: unit})
			}
			if _, err := s.Batch(ctx, b); err != nil {
				fail("Batch", err)
			}
			ack = "batch " + unit
		}
		// One write call per line, after the store acknowledged the write.
		fmt.Fprintln(os.Stdout, ack)
	}
}

func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts writer processes")
	}
	dir := t.TempDir()
	var acks []string
	for round := range 3 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.timeout=2m")
		cmd.Env = append(os.Environ(), writerDirEnv+"="+dir, fmt.Sprintf("%s=r%d", writerPrefixEnv, round))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(stdout)
		want := 30 + rand.IntN(70)
		for n := 0; n < want && lines.Scan(); n++ {
			acks = append(acks, lines.Text())
			if n == 0 && round == 0 {
				// The writer holds the directory: another process cannot open it.
				_, err := embedded.Open(dir, embedded.WithLockTimeout(100*time.Millisecond))
				if !errors.Is(err, embedded.ErrInUse) {
					cmd.Process.Kill()
					t.Fatalf("Open while another process writes: %v, want ErrInUse", err)
				}
			}
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatalf("kill: %v", err)
		}
		// Lines already in the pipe were acknowledged too.
		for lines.Scan() {
			acks = append(acks, lines.Text())
		}
		err = cmd.Wait()
		if stderr.Len() > 0 || err == nil || !strings.Contains(err.Error(), "killed") {
			t.Fatalf("round %d: writer ended with %v before it was killed:\n%s", round, err, stderr.String())
		}
		t.Logf("round %d: killed the writer after %d acknowledged writes", round, len(acks))

		s := mustOpen(t, dir)
		checkAcked(t, s, acks)
		checkBatchesWhole(t, s)
		mustClose(t, s)
	}
}

func checkAcked(t *testing.T, s *embedded.Store, acks []string) {
	t.Helper()
	ctx := t.Context()
	interactions := map[[2]string]int{}
	for _, ack := range acks {
		f := strings.Fields(ack)
		var err error
		switch f[0] {
		case "employee":
			_, err = s.Employee(ctx, f[1])
		case "customer":
			_, err = s.Customer(ctx, f[1])
		case "relationship":
			_, err = s.Relationship(ctx, f[1], f[2])
		case "interaction":
			interactions[[2]string{f[1], f[2]}]++
		case "batch":
			_, err = s.Unit(ctx, f[1])
		default:
			t.Fatalf("unexpected line from the writer: %q", ack)
		}
		if err != nil {
			t.Fatalf("acknowledged write %q is lost: %v", ack, err)
		}
	}
	for ends, n := range interactions {
		r, err := s.Relationship(ctx, ends[0], ends[1])
		if err != nil || r.Interactions < n {
			t.Fatalf("%d acknowledged interactions of %v: found %+v, %v", n, ends, r, err)
		}
	}
}

// checkBatchesWhole checks that each batch unit has all its employees, the
// count the writer put in its name.
func checkBatchesWhole(t *testing.T, s *embedded.Store) {
	t.Helper()
	ctx := t.Context()
	q := graph.ListQuery{Limit: graph.MaxListLimit}
	for {
		p, err := s.Units(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range p.Items {
			want, _ := strconv.Atoi(u.Name)
			got := 0
			eq := graph.ListQuery{Scope: u.ID, Limit: graph.MaxListLimit}
			for {
				ep, err := s.Employees(ctx, eq)
				if err != nil {
					t.Fatal(err)
				}
				got += len(ep.Items)
				if ep.Next == "" {
					break
				}
				eq.After = ep.Next
			}
			if got != want {
				t.Fatalf("batch %s: %d of its %d employees", u.ID, got, want)
			}
		}
		if p.Next == "" {
			break
		}
		q.After = p.Next
	}
	// And no employee outlived a batch that did not commit.
	q = graph.ListQuery{Limit: graph.MaxListLimit}
	for {
		p, err := s.Employees(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Items {
			if _, err := s.Unit(ctx, e.Unit); e.Unit != "" && err != nil {
				t.Fatalf("employee %s of a missing batch unit %s", e.ID, e.Unit)
			}
		}
		if p.Next == "" {
			return
		}
		q.After = p.Next
	}
}
