package routing

import (
	"math"
)

// DefaultHalfLifeDays is the half-life of trust when neither the server nor
// the request sets one.
const DefaultHalfLifeDays = 365

// scoreTolerance is the relative tolerance within which scores are equal.
const scoreTolerance = 1e-9

// ScoresEqual reports whether two scores count as equal:
// |a − b| ≤ 1e-9 · max(a, b).
func ScoresEqual(a, b float64) bool {
	return math.Abs(a-b) <= scoreTolerance*math.Max(a, b)
}

// atLeast reports whether score reaches min, equality within the tolerance
// included (0.6 × 0.5 reaches 0.3).
func atLeast(score, min float64) bool {
	return score >= min || ScoresEqual(score, min)
}

// rank compares two ranked items: score descending, then hops ascending,
// then ids ascending. It returns a negative number when a comes first.
func rank(scoreA float64, hopsA int, idA string, scoreB float64, hopsB int, idB string) int {
	if !ScoresEqual(scoreA, scoreB) {
		if scoreA > scoreB {
			return -1
		}
		return 1
	}
	if hopsA != hopsB {
		return hopsA - hopsB
	}
	switch {
	case idA < idB:
		return -1
	case idA > idB:
		return 1
	}
	return 0
}
