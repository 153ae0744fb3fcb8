package graph

// Traits are the facts about a person that decide whether routes may pass
// through or end at it (docs/contract.md §2): what a View tells routing of
// a node.
type Traits uint8

// The traits; a person has TraitPerson.
const (
	TraitPerson Traits = 1 << iota
	TraitEmployee
	TraitActive
	TraitSender
	TraitBroker
)

// TraitsOf returns the traits of p; 0 if p is neither employee nor customer.
func TraitsOf(p Person) Traits {
	t := TraitPerson
	if p.Kind == KindEmployee {
		t |= TraitEmployee
		if p.Active {
			t |= TraitActive
		}
		if p.Sender {
			t |= TraitSender
		}
		if p.Broker {
			t |= TraitBroker
		}
	} else if p.Kind != KindCustomer {
		return 0
	}
	return t
}

// Employee reports whether a person with these traits is an employee.
func (t Traits) Employee() bool {
	return t&(TraitPerson|TraitEmployee) == TraitPerson|TraitEmployee
}

// Interior reports whether a person with these traits may be an interior
// node of a route: any customer, or an employee who is active and consents
// to broker.
func (t Traits) Interior() bool {
	const broker = TraitPerson | TraitEmployee | TraitActive | TraitBroker
	return t&(TraitPerson|TraitEmployee) == TraitPerson || t&broker == broker
}

// Contactable reports whether a person with these traits may end a
// contacts route: an active employee.
func (t Traits) Contactable() bool {
	const want = TraitPerson | TraitEmployee | TraitActive
	return t&want == want
}

// CanSend reports whether a person with these traits may be the sender of
// a communication: an active employee with sender=true.
func (t Traits) CanSend() bool {
	const want = TraitPerson | TraitEmployee | TraitActive | TraitSender
	return t&want == want
}

// Customer reports whether these are a customer's traits.
func (t Traits) Customer() bool { return t&(TraitPerson|TraitEmployee) == TraitPerson }
