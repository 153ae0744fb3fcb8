//go:build race

package routing_test

// raceDetector is true under -race, which slows the real-data tests tenfold;
// they then sample fewer pairs.
const raceDetector = true
