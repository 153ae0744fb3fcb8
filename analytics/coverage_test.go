package analytics_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

// coverageFixture is a random network with employees spread over units and
// customers over accounts, as a Network and a Directory.
type coverageFixture struct {
	routingtest.Fixture
	net *routingtest.Shuffled
	dir *memDirectory
}

var (
	testUnits = []graph.Unit{{ID: "u1", Name: "Unit 1"}, {ID: "u2", Name: "Unit 2", Parent: "u1"}, {ID: "u3", Name: "Unit 3"}}
	// acc2 is referred to by drawFixture's customers; acc3 has none.
	testAccounts = []graph.Account{{ID: "acc1", Name: "Account 1"}, {ID: "acc2", Name: "Account 2"}, {ID: "acc3", Name: "Account 3"}}
)

func drawCoverageFixture(t *rapid.T) coverageFixture {
	f := routingtest.DrawFixture(t, 8)
	for i, p := range f.Persons {
		if p.Kind == graph.KindEmployee {
			f.Persons[i].Unit = rapid.SampledFrom([]string{"", "u1", "u2", "u2"}).Draw(t, "unit "+p.ID)
		}
	}
	return coverageFixture{
		Fixture: f,
		net:     f.Network(t, rapid.Uint64().Draw(t, "seed")),
		dir:     newMemDirectory(f.Persons, testAccounts, testUnits, rapid.IntRange(1, 3).Draw(t, "pageCap")),
	}
}

// oracleFigures is coverage and key people by brute force.
type oracleFigures struct {
	overall  analytics.CoverageCounts
	accounts map[string]*analytics.CoverageCounts
	units    map[string]*analytics.UnitCoverage
	people   map[string]*analytics.KeyPerson
}

func figures(o *routingtest.Oracle, maxHops int, minTrust float64) oracleFigures {
	f := oracleFigures{accounts: map[string]*analytics.CoverageCounts{}, units: map[string]*analytics.UnitCoverage{}, people: map[string]*analytics.KeyPerson{}}
	person := func(id string) *analytics.KeyPerson {
		if f.people[id] == nil {
			p := o.Persons[id]
			f.people[id] = &analytics.KeyPerson{Employee: routing.EmployeeRef{ID: id, Name: p.Name, Email: p.Email, Unit: p.Unit}}
		}
		return f.people[id]
	}
	unit := func(id string) *analytics.UnitCoverage {
		if f.units[id] == nil {
			f.units[id] = &analytics.UnitCoverage{Unit: id}
		}
		return f.units[id]
	}
	for id, c := range o.Persons {
		if c.Kind != graph.KindCustomer {
			continue
		}
		senders := o.Senders(id, maxHops, minTrust, "")
		if f.accounts[c.Account] == nil {
			f.accounts[c.Account] = &analytics.CoverageCounts{}
		}
		for _, cc := range []*analytics.CoverageCounts{&f.overall, f.accounts[c.Account]} {
			cc.Customers++
			switch len(senders) {
			case 0:
				cc.Uncovered++
			case 1:
				cc.SingleThreaded++
				cc.Covered++
			default:
				cc.Covered++
			}
		}
		if len(senders) == 0 {
			continue
		}
		best := o.Persons[senders[0].End()]
		unit(best.Unit).Covered++
		person(best.ID).BestSenderFor++
		if len(senders) == 1 {
			unit(best.Unit).SingleThreaded++
		}
		units := map[string]bool{}
		for _, s := range senders {
			person(s.End()).SenderFor++
			units[o.Persons[s.End()].Unit] = true
		}
		for u := range units {
			unit(u).Reached++
		}
		for e, p := range o.Persons {
			if p.Kind == graph.KindEmployee && len(o.Senders(id, maxHops, minTrust, e)) == 0 {
				person(e).UncoveredIfLeft++
			}
		}
	}
	return f
}

func TestCoverageMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := drawCoverageFixture(t)
		maxHops := rapid.IntRange(1, 3).Draw(t, "maxHops")
		minTrust := rapid.SampledFrom(routingtest.MinTrusts).Draw(t, "minTrust")
		got, err := analytics.Coverage(context.Background(), f.net, f.dir, routing.Params{
			AsOf: routingtest.AsOf, HalfLifeDays: f.HalfLife, MaxHops: maxHops, MinTrust: &minTrust})
		if err != nil {
			t.Fatalf("Coverage: %v", err)
		}
		want := figures(f.Oracle(), maxHops, minTrust)
		if got.Overall != want.overall {
			t.Fatalf("overall %+v, want %+v\n%v", got.Overall, want.overall, f.Fixture)
		}
		var accounts []analytics.AccountCoverage
		for _, a := range append(slices.Clone(testAccounts), graph.Account{}) {
			if cc := want.accounts[a.ID]; cc != nil {
				accounts = append(accounts, analytics.AccountCoverage{Account: a.ID, Name: a.Name, CoverageCounts: *cc})
			}
		}
		if !slices.Equal(got.Accounts, accounts) {
			t.Errorf("accounts %+v, want %+v", got.Accounts, accounts)
		}
		var units []analytics.UnitCoverage
		for _, u := range append(slices.Clone(testUnits), graph.Unit{}) {
			uc := analytics.UnitCoverage{Unit: u.ID}
			if w := want.units[u.ID]; w != nil {
				uc = *w
			} else if u.ID == "" {
				continue
			}
			uc.Name, uc.Parent = u.Name, u.Parent
			units = append(units, uc)
		}
		if !slices.Equal(got.Units, units) {
			t.Errorf("units %+v, want %+v\n%v", got.Units, units, f.Fixture)
		}
	})
}

func TestKeyPeopleMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := drawCoverageFixture(t)
		maxHops := rapid.IntRange(1, 3).Draw(t, "maxHops")
		minTrust := rapid.SampledFrom(routingtest.MinTrusts).Draw(t, "minTrust")
		limit := rapid.SampledFrom([]int{0, 1, 3, analytics.MaxKeyPeopleLimit}).Draw(t, "limit")
		got, err := analytics.KeyPeople(context.Background(), f.net, f.dir, routing.Params{
			AsOf: routingtest.AsOf, HalfLifeDays: f.HalfLife, MaxHops: maxHops, MinTrust: &minTrust, Limit: limit})
		if err != nil {
			t.Fatalf("KeyPeople: %v", err)
		}
		figures := figures(f.Oracle(), maxHops, minTrust)
		var want []analytics.KeyPerson
		for _, k := range figures.people {
			if k.UncoveredIfLeft+k.BestSenderFor+k.SenderFor > 0 {
				want = append(want, *k)
			}
		}
		slices.SortFunc(want, func(a, b analytics.KeyPerson) int {
			return cmp.Or(cmp.Compare(b.UncoveredIfLeft, a.UncoveredIfLeft), cmp.Compare(b.BestSenderFor, a.BestSenderFor),
				cmp.Compare(b.SenderFor, a.SenderFor), strings.Compare(a.Employee.ID, b.Employee.ID))
		})
		if limit == 0 {
			limit = analytics.DefaultKeyPeopleLimit
		}
		want = want[:min(limit, len(want))]
		if got.Overall != figures.overall {
			t.Errorf("overall %+v, want %+v", got.Overall, figures.overall)
		}
		if !slices.Equal(got.KeyPeople, want) {
			t.Fatalf("key people (hops %d, min %v)\n got %+v\nwant %+v\n%v", maxHops, minTrust, got.KeyPeople, want, f.Fixture)
		}
	})
}

func TestAnalyticsRejectBadParams(t *testing.T) {
	net, dir := routingtest.New(), newMemDirectory(nil, nil, nil, 0)
	bad := 1.5
	for _, p := range []routing.Params{{MaxHops: 7}, {MinTrust: &bad}, {HalfLifeDays: -1}} {
		if _, err := analytics.Coverage(context.Background(), net, dir, p); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("Coverage(%+v) = %v, want EINVALID", p, err)
		}
	}
	for _, limit := range []int{-1, analytics.MaxKeyPeopleLimit + 1} {
		if _, err := analytics.KeyPeople(context.Background(), net, dir, routing.Params{Limit: limit}); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("KeyPeople(limit %d) = %v, want EINVALID", limit, err)
		}
	}
}
