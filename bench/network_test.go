package bench

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

// small is a network of the standard's shape at a hundredth of its size.
var small = Size{Employees: 200, Customers: 5000, Seed: 7}

// TestSmallNetwork loads a small network into an embedded store once, finds
// it marked as loaded, and checks that Contacts and Paths over the store
// answer the sample's questions as over an independent copy of the network
// (routingtest, which routing's property tests check by brute force).
func TestSmallNetwork(t *testing.T) {
	ctx := context.Background()
	smp, err := Choose(small)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := Choose(small); again.Digest != smp.Digest || again.Customers[5] != smp.Customers[5] {
		t.Fatalf("Choose is not deterministic: %s %s", again.Digest, smp.Digest)
	}
	if len(smp.Customers) != sampleSize || len(smp.Pairs) != sampleSize || len(smp.Hubs) != hubs {
		t.Fatalf("sample of %d customers, %d pairs, %d hubs", len(smp.Customers), len(smp.Pairs), len(smp.Hubs))
	}
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := Loaded(ctx, st, small, smp.Digest); ok || err != nil {
		t.Fatalf("an empty store is loaded: %v %v", ok, err)
	}
	digest, err := Load(ctx, st, small, nil)
	if err != nil || digest != smp.Digest {
		t.Fatalf("Load: digest %s, %v; want %s", digest, err, smp.Digest)
	}
	if ok, err := Loaded(ctx, st, small, smp.Digest); !ok || err != nil {
		t.Fatalf("the loaded store is not: %v %v", ok, err)
	}
	if ok, _ := Loaded(ctx, st, small, "other"); ok {
		t.Fatal("a store is loaded whatever the generator's digest")
	}
	plain, err := routingtest.CopyOf(ctx, st) // an independent copy of the network
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(smp.Customers); i += 10 {
		for hops := 1; hops <= 3; hops++ {
			p := routing.Params{AsOf: asOf, MaxHops: hops, Limit: contactsLimit}
			got, err := routing.Contacts(ctx, st, smp.Customers[i], p)
			want, wantErr := routing.Contacts(ctx, plain, smp.Customers[i], p)
			same(t, "contacts "+smp.Customers[i], got, err, want, wantErr)
			p.Limit = pathsLimit
			pair := smp.Pairs[i+hops%2]
			gotP, err := routing.Paths(ctx, st, pair.From, pair.To, p)
			wantP, wantErr := routing.Paths(ctx, plain, pair.From, pair.To, p)
			same(t, "paths "+pair.From+" "+pair.To, gotP, err, wantP, wantErr)
		}
	}
}

func same(t *testing.T, what string, got any, err error, want any, wantErr error) {
	t.Helper()
	if err != nil || wantErr != nil {
		t.Fatalf("%s: %v, want %v", what, err, wantErr)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("%s:\n  %s\nwant\n  %s", what, g, w)
	}
}
