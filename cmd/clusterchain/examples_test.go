package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// helpExamples returns the command lines of a help text: every indented
// line that starts with "clusterchain " outside its synopsis (the lines
// under "Usage:" up to the first blank line).
func helpExamples(text string) []string {
	var out []string
	synopsis := false
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case t == "Usage:":
			synopsis = true
			continue
		case t == "":
			synopsis = false
			continue
		}
		if !synopsis && l != t && strings.HasPrefix(t, "clusterchain ") {
			out = append(out, t)
		}
	}
	return out
}

// readmeExamples returns the lines that start with "clusterchain " in
// the ```sh blocks of a Markdown file.
func readmeExamples(text string) []string {
	var out []string
	in := false
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "```"):
			in = t == "```sh"
		case in && strings.HasPrefix(t, "clusterchain "):
			out = append(out, t)
		}
	}
	return out
}

// Every example of README.md, of usage.txt and of every command's help
// runs as written, in order, from a fresh copy of the repository's
// samples (each text in its own directory, so that the later examples
// of a text may use what the earlier ones wrote), and exits 0.
func TestExamplesRun(t *testing.T) {
	bin := binary(t)
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string][]string{
		"README.md": readmeExamples(string(readme)),
		"usage.txt": helpExamples(usage),
	}
	for _, c := range commands() {
		texts["help "+c.name] = helpExamples(c.help)
	}
	for name, lines := range texts {
		if len(lines) < 2 {
			t.Errorf("%s: %d examples: the parser missed them", name, len(lines))
		}
		t.Run(strings.ReplaceAll(name, " ", "-"), func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			if err := os.CopyFS(filepath.Join(work, "samples"), os.DirFS("../../samples")); err != nil {
				t.Fatal(err)
			}
			for _, line := range lines {
				cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", line)
				cmd.Dir = work
				cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				if err := cmd.Run(); err != nil {
					t.Errorf("%s: %s: %v\n%s", name, line, err, out.String())
				}
			}
		})
	}
}

// The parsers find the examples and only them.
func TestExampleParsers(t *testing.T) {
	help := "Usage: clusterchain x [A]\n\nclusterchain in a sentence\n  clusterchain x a   # one\n\nExamples:\n  clusterchain x b\n"
	if got := helpExamples(help); strings.Join(got, "|") != "clusterchain x a   # one|clusterchain x b" {
		t.Errorf("help: %q", got)
	}
	if got := helpExamples(usage); len(got) < 8 || strings.Contains(strings.Join(got, "\n"), "[DATASET]") {
		t.Errorf("usage.txt: %q", got)
	}
	md := "```sh\nclusterchain a\ngo test\n```\nclusterchain prose\n```json\nclusterchain no\n```\n```sh\n  clusterchain b\n```\n"
	if got := readmeExamples(md); strings.Join(got, "|") != "clusterchain a|clusterchain b" {
		t.Errorf("readme: %q", got)
	}
}

// samples/README.md says how deep the sample's subcontracting trees run:
// the figures it states are the sample's.
func TestSamplesReadmeTiers(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../samples/README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`subcontracting trees (\d+) to (\d+) tiers deep`).FindSubmatch(b)
	if m == nil {
		t.Fatal("samples/README.md does not say how deep the trees are")
	}
	out := t.TempDir()
	if code, _, errs := clusterchain(t, "analyze", "-o", out, "--formats", "csv"); code != 0 {
		t.Fatal(errs)
	}
	lo, hi := 1<<30, -1
	for _, r := range readCSV(t, filepath.Join(out, "clusters.csv"))[1:] {
		d, err := strconv.Atoi(r[8]) // max_depth
		if err != nil {
			t.Fatalf("cluster %s: max_depth %q", r[0], r[8])
		}
		lo, hi = min(lo, d), max(hi, d)
	}
	tier := 0
	for _, r := range readCSV(t, filepath.Join(out, "nodes.csv"))[1:] {
		if d, err := strconv.Atoi(r[12]); err == nil { // tier
			tier = max(tier, d)
		}
	}
	if string(m[1]) != strconv.Itoa(lo) || string(m[2]) != strconv.Itoa(hi) || tier != hi {
		t.Errorf("samples/README.md: trees %s to %s tiers deep; the sample: %d to %d, deepest tier %d", m[1], m[2], lo, hi, tier)
	}
}
