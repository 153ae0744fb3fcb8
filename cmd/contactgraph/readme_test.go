package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestReadmeExamples runs the curl examples of the README's API section,
// as written, against `serve --demo`: each must answer 2xx.
func TestReadmeExamples(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	start := strings.Index(section, "## The API")
	if start < 0 {
		t.Fatal("README has no API section")
	}
	section = section[start:]
	block := section[strings.Index(section, "```sh\n")+len("```sh\n"):]
	block = block[:strings.Index(block, "```")]
	// Join continued lines, then run each curl command on its own.
	block = strings.ReplaceAll(block, "\\\n", " ")
	base, stop := startInProcess(t, nil, "--data", t.TempDir(), "--demo")
	defer func() { _ = stop() }()
	host := strings.TrimPrefix(base, "http://")
	var lines []string
	cur := ""
	for _, l := range strings.Split(block, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") || strings.TrimSpace(l) == "" {
			continue
		}
		if strings.HasPrefix(l, "curl") {
			if cur != "" {
				lines = append(lines, cur)
			}
			cur = l
		} else {
			cur += " " + strings.TrimSpace(l)
		}
	}
	lines = append(lines, cur)
	n := 0
	for _, l := range lines {
		for _, cmd := range strings.Split(l, "; ") {
			cmd = strings.Replace(cmd, "| head", "", 1)
			cmd = strings.ReplaceAll(cmd, "localhost:8080", host)
			cmd = strings.Replace(cmd, "curl -s", "curl -sS --fail-with-body -o /dev/null", 1)
			run := exec.Command("bash", "-c", cmd)
			run.Dir = "../.." // the README's paths are relative to the repository
			out, err := run.CombinedOutput()
			if err != nil {
				t.Errorf("%s\n%v: %s", cmd, err, out)
			}
			n++
		}
	}
	if n < 20 {
		t.Errorf("ran only %d README examples", n)
	}
}
