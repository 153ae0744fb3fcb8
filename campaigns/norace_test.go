//go:build !race

package campaigns_test

// raceDetector is true under -race, which slows the large tests tenfold;
// they then draw fewer or smaller instances.
const raceDetector = false
