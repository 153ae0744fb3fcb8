// Package seed fills a store with data: the demo company that shows the idea
// of contactgraph end to end.
package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// SyntheticReference is the date synthetic networks date their last
// contacts back from, fixed so that a seed always gives the same network.
var SyntheticReference = time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)

// Well-known people of the demo company, named in docs and tests.
const (
	// DemoNetworkSpecialist is the network specialist of the IT services
	// division (the division of the seed story): several customers know and
	// trust him personally, so communications to them go out in his name.
	DemoNetworkSpecialist = "jonas.weber"
	// DemoLeaver has left the company: kept for history, never routed.
	DemoLeaver = "petra.lang"
	// DemoLeaversCustomer knew only the leaver, so falls back to the owner.
	DemoLeaversCustomer = "c-stadtwerke-3"
)

// DemoFallback is the demo company's own fallback sender, at its domain:
// serve --demo uses it unless a fallback sender is configured.
var DemoFallback = struct{ Name, Email string }{"Vorstand", "vorstand@nordwerk.example"}

type demoUnit struct{ id, name, parent string }

var demoUnits = []demoUnit{
	{"board", "Vorstand", ""},
	{"it-services", "Konzernbereich IT-Services", "board"},
	{"it-network", "Netzwerk & Infrastruktur", "it-services"},
	{"it-cloud", "Cloud & Rechenzentrum", "it-services"},
	{"sales", "Vertrieb", "board"},
	{"sales-north", "Vertrieb Nord", "sales"},
	{"sales-south", "Vertrieb Süd", "sales"},
	{"service", "Kundenservice", "board"},
}

type demoEmployee struct {
	id, name, title, unit string
	sender, broker        bool
	active                bool
}

var demoEmployees = []demoEmployee{
	{"dr.karl.brandt", "Dr. Karl Brandt", "Vorstandsvorsitzender", "board", true, true, true},
	{"maria.keller", "Maria Keller", "Vorständin Vertrieb", "board", true, true, true},
	{"thomas.roth", "Thomas Roth", "Bereichsleiter IT-Services", "it-services", true, true, true},
	{DemoNetworkSpecialist, "Jonas Weber", "Netzwerkspezialist", "it-network", true, true, true},
	{"lena.hoffmann", "Lena Hoffmann", "Netzwerkingenieurin", "it-network", true, true, true},
	{"felix.wagner", "Felix Wagner", "Netzwerktechniker", "it-network", true, false, true},
	{"sabine.koch", "Sabine Koch", "Security-Spezialistin", "it-network", true, true, true},
	{"markus.schaefer", "Markus Schäfer", "Teamleiter Netzwerk", "it-network", true, true, true},
	{"anna.becker", "Anna Becker", "Cloud-Architektin", "it-cloud", true, true, true},
	{"david.richter", "David Richter", "Systemingenieur", "it-cloud", true, true, true},
	{"julia.klein", "Julia Klein", "Rechenzentrumsleiterin", "it-cloud", true, true, true},
	{"tim.wolf", "Tim Wolf", "DevOps-Ingenieur", "it-cloud", false, true, true},
	{"nina.schroeder", "Nina Schröder", "Cloud-Beraterin", "it-cloud", true, true, true},
	{"stefan.neumann", "Stefan Neumann", "Vertriebsleiter Nord", "sales-north", true, true, true},
	{"claudia.schwarz", "Claudia Schwarz", "Key Account Managerin", "sales-north", true, true, true},
	{"michael.zimmermann", "Michael Zimmermann", "Key Account Manager", "sales-north", true, true, true},
	{"sandra.braun", "Sandra Braun", "Account Managerin", "sales-north", true, true, true},
	{"andreas.krueger", "Andreas Krüger", "Account Manager", "sales-north", true, true, true},
	{"katrin.hofmann", "Katrin Hofmann", "Vertriebsleiterin Süd", "sales-south", true, true, true},
	{"jan.hartmann", "Jan Hartmann", "Key Account Manager", "sales-south", true, true, true},
	{"melanie.lange", "Melanie Lange", "Account Managerin", "sales-south", true, true, true},
	{"christian.schmitt", "Christian Schmitt", "Account Manager", "sales-south", true, true, true},
	{"daniela.werner", "Daniela Werner", "Account Managerin", "sales-south", true, true, true},
	{"frank.krause", "Frank Krause", "Vertriebsassistent", "sales-south", false, true, true},
	{"sarah.meier", "Sarah Meier", "Leiterin Kundenservice", "service", true, true, true},
	{"oliver.lehmann", "Oliver Lehmann", "Servicetechniker", "service", true, true, true},
	{"birgit.schmid", "Birgit Schmid", "Servicetechnikerin", "service", true, true, true},
	{"patrick.schulze", "Patrick Schulze", "Servicetechniker", "service", true, false, true},
	{"monika.maier", "Monika Maier", "Hotline", "service", true, true, true},
	{"uwe.koehler", "Uwe Köhler", "Servicetechniker", "service", true, true, true},
	{"jana.herrmann", "Jana Herrmann", "Projektleiterin", "it-services", true, true, true},
	{"lukas.koenig", "Lukas König", "Projektleiter", "it-services", true, true, true},
	{"eva.walter", "Eva Walter", "Einkauf", "board", false, false, true},
	{"robert.mayer", "Robert Mayer", "Controller", "board", true, true, true},
	{"heike.huber", "Heike Huber", "Marketing", "sales", true, true, true},
	{"sven.kaiser", "Sven Kaiser", "Marketing", "sales", true, true, true},
	{"ines.fuchs", "Ines Fuchs", "Pre-Sales Netzwerk", "it-network", true, true, true},
	{"georg.peters", "Georg Peters", "Pre-Sales Cloud", "it-cloud", true, true, true},
	{"carina.lang", "Carina Lang", "Werkstudentin", "it-cloud", false, false, true},
	{DemoLeaver, "Petra Lang", "Account Managerin (ausgeschieden)", "sales-north", true, true, false},
}

type demoAccount struct{ id, name, owner, segment string }

var demoAccounts = []demoAccount{
	{"stadtwerke", "Stadtwerke Kiel", "claudia.schwarz", "Energie"},
	{"hafen", "Hafenbetriebe Lübeck", "michael.zimmermann", "Logistik"},
	{"klinikum", "Klinikum Nord", "sandra.braun", "Gesundheit"},
	{"reederei", "Reederei Hansa", "andreas.krueger", "Logistik"},
	{"landkreis", "Landkreis Segeberg", "stefan.neumann", "Öffentlich"},
	{"uni-nord", "Universität Nord", "claudia.schwarz", "Bildung"},
	{"bank-nord", "Nordbank", "michael.zimmermann", "Finanzen"},
	{"werft", "Werft am Kanal", "sandra.braun", "Industrie"},
	{"brauerei", "Brauerei Alpen", "jan.hartmann", "Industrie"},
	{"autohaus", "Autohaus Süd", "melanie.lange", "Handel"},
	{"versicherung", "Süd Versicherung", "christian.schmitt", "Finanzen"},
	{"klinik-sued", "Klinikverbund Süd", "daniela.werner", "Gesundheit"},
	{"stadt-ulm", "Stadtverwaltung Ulm", "katrin.hofmann", "Öffentlich"},
	{"maschinenbau", "Maschinenbau Huber", "jan.hartmann", "Industrie"},
	{"logistik-sued", "Logistik Süd", "melanie.lange", "Logistik"},
	{"hotel", "Alpenhotels", "christian.schmitt", "Tourismus"},
	{"chemie", "Chemiewerk Rhein", "daniela.werner", "Industrie"},
	{"messe", "Messe Süd", "katrin.hofmann", "Veranstaltungen"},
	{"schulen", "Schulverbund Allgäu", "", "Bildung"},
	{"startup", "Datenwerk Startup", DemoLeaver, "Technologie"},
}

// firstNames are the customers' first names; the female ones get the
// feminine form of their title.
var firstNames = []string{"Anna", "Ben", "Clara", "Dirk", "Elif", "Finn", "Greta", "Hannes", "Ida", "Jakob",
	"Karla", "Leon", "Mila", "Noah", "Olga", "Paul", "Rosa", "Sami", "Tara", "Ulf", "Vera", "Wim", "Yara", "Zoe"}
var femaleNames = map[string]bool{"Anna": true, "Clara": true, "Elif": true, "Greta": true, "Ida": true, "Karla": true,
	"Mila": true, "Olga": true, "Rosa": true, "Tara": true, "Vera": true, "Yara": true, "Zoe": true}
var lastNames = []string{"Albers", "Bauer", "Claussen", "Dreyer", "Ehlers", "Frerichs", "Gerdes", "Hinrichs",
	"Iversen", "Janssen", "Kruse", "Lorenzen", "Martens", "Nissen", "Ohlsen", "Petersen", "Reimers", "Siemsen",
	"Thiessen", "Ulrichs", "Voss", "Wulf"}

// customerTitles are the customers' titles, each as {for a man, for a woman}.
var customerTitles = [][2]string{{"IT-Leiter", "IT-Leiterin"}, {"CIO", "CIO"},
	{"Netzwerkadministrator", "Netzwerkadministratorin"}, {"Einkaufsleiter", "Einkaufsleiterin"},
	{"Geschäftsführer", "Geschäftsführerin"}, {"Leiter Infrastruktur", "Leiterin Infrastruktur"},
	{"Systemadministrator", "Systemadministratorin"}, {"Projektleiter", "Projektleiterin"},
	{"Sicherheitsbeauftragter", "Sicherheitsbeauftragte"}, {"Teamleiter IT", "Teamleiterin IT"}}

// titleFor is the form of a title that agrees with the first name.
func titleFor(title [2]string, first string) string {
	if femaleNames[first] {
		return title[1]
	}
	return title[0]
}

// Demo returns the demo company: a group with eight units (among them the
// IT services division of the seed story), 40 employees (one has left), 20
// accounts and 150 customers, and about 340 relationships with varied trust,
// contact dates and visibility. Contact dates count back from today, so the
// story stays fresh however long after this was written it runs; apart from
// them it is the same on every call.
func Demo() graph.Batch {
	return DemoAt(time.Now())
}

// DemoAt is Demo with contact dates counted back from the day of ref.
func DemoAt(ref time.Time) graph.Batch {
	rng := rand.New(rand.NewPCG(2010, 12_09))
	var b graph.Batch
	for _, u := range demoUnits {
		b.Units = append(b.Units, graph.Unit{ID: u.id, Name: u.name, Parent: u.parent})
	}
	for _, e := range demoEmployees {
		emp := graph.Employee{ID: e.id, Name: e.name, Email: e.id + "@nordwerk.example", Title: e.title,
			Unit: e.unit, Active: e.active, Sender: e.sender, Broker: e.broker}
		if e.id == "dr.karl.brandt" {
			zero := 0 // the chairman sends nothing in campaigns
			emp.Capacity = &zero
		}
		b.Employees = append(b.Employees, emp)
	}
	for _, a := range demoAccounts {
		b.Accounts = append(b.Accounts, graph.Account{ID: a.id, Name: a.name, Owner: a.owner, Segment: a.segment})
	}
	y, m, d := ref.UTC().Date()
	ties := newTieSet(&b, time.Date(y, m, d, 9, 0, 0, 0, time.UTC))
	perAccount := map[string][]string{}
	for i := 0; i < 150; i++ {
		acc := demoAccounts[i%len(demoAccounts)]
		n := len(perAccount[acc.id]) + 1
		id := fmt.Sprintf("c-%s-%d", acc.id, n)
		first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
		c := graph.Customer{ID: id, Name: first + " " + last, Title: titleFor(customerTitles[rng.IntN(len(customerTitles))], first),
			Account: acc.id, Email: fmt.Sprintf("%s.%s@%s.example", lower(first), lower(last), acc.id)}
		switch {
		case i%37 == 5:
			c.OptOut = true
		case i%61 == 7:
			c.Email = ""
		}
		b.Customers = append(b.Customers, c)
		perAccount[acc.id] = append(perAccount[acc.id], id)
	}
	demoTies(rng, ties, perAccount)
	return b
}

func lower(s string) string {
	r := []rune(s)
	for i, c := range r {
		switch c {
		case 'Ä', 'ä':
			r[i] = 'a'
		default:
			if c >= 'A' && c <= 'Z' {
				r[i] = c + 'a' - 'A'
			}
		}
	}
	return string(r)
}

// LoadDemo writes the demo company and its interaction history
// (DemoHistory) into s when s holds no employees yet and
// reports whether it did; a store with data is left as it is.
func LoadDemo(ctx context.Context, s graph.Store) (bool, error) {
	page, err := s.Employees(ctx, graph.ListQuery{Limit: 1})
	if err != nil {
		return false, fmt.Errorf("seed: check for data: %w", err)
	}
	if len(page.Items) > 0 {
		return false, nil
	}
	if _, err := s.Batch(ctx, Demo()); err != nil {
		return false, fmt.Errorf("seed: load demo company: %w", err)
	}
	if _, err := s.RecordCaptured(ctx, DemoHistory(), graph.DefaultTrustModel()); err != nil {
		return false, fmt.Errorf("seed: load the demo company's interactions: %w", err)
	}
	return true, nil
}
