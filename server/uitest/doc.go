// Package uitest tests the web UI of package server in a real headless
// Chromium, driven with chromedp: the test starts the server in-process on
// the embedded store with the demo company, clicks through the pages,
// compares what they show with the API's answers, fails on any console
// error, and saves a screenshot of every page under test-output/.
//
// Without Chromium (Debian's chromium package) the tests skip, unless CI is
// set: there they fail, and scripts/test installs Chromium first.
package uitest
