package graph

import (
	"math"
	"time"
)

// EffectiveTrust returns r's trust decayed to asOf: trust ×
// 0.5^(ageDays/halfLifeDays), with ageDays = max(0, asOf − lastContact) in
// fractional days. Without a last contact the trust does not decay.
func EffectiveTrust(r Relationship, asOf time.Time, halfLifeDays float64) float64 {
	if r.LastContact == nil {
		return r.Trust
	}
	return decayed(r.Trust, asOf.Sub(*r.LastContact), halfLifeDays)
}

// decayed is trust after age: every path to an effective trust goes
// through it, so that the stores and routing compute the very same floats.
func decayed(trust float64, age time.Duration, halfLifeDays float64) float64 {
	if age <= 0 {
		return trust
	}
	days := age.Seconds() / 86400
	return trust * math.Exp2(-days/halfLifeDays)
}
