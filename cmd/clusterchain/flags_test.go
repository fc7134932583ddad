package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Flag values that mean nothing are usage errors before any work: no
// silent default for --max-nodes 0, no failure after the whole analysis
// for a misspelt --size-by, no out-of-memory crash for a huge --firms, no
// current directory for an empty -o.
func TestFlagsRefusedUpFront(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"analyze", "-o", out, "--size-by", "pagernk"}, `--size-by "pagernk": one of betweenness`},
		{[]string{"analyze", "-o", out, "--size-by", "pagernk"}, `did you mean "pagerank"?`},
		{[]string{"analyze", "-o", out, "--max-nodes", "0"}, "--max-nodes 0: the diagram draws at least 1 node"},
		{[]string{"analyze", "-o", out, "--max-nodes", "-5"}, "--max-nodes -5"},
		{[]string{"analyze", "-o", out, "--workers", "-3"}, "--workers -3: 1 or more goroutines, or 0 for one per core"},
		{[]string{"render", "-o", filepath.Join(dir, "n.svg"), "--max-nodes", "-1"}, "--max-nodes -1"},
		{[]string{"render", "-o", filepath.Join(dir, "n.svg"), "--size-by", "id"}, `--size-by "id"`},
		{[]string{"whatif", "", "--remove", "yiwu-ccc", "-o", out, "--workers", "-1"}, "--workers -1"},
		{[]string{"generate", "--firms", "1000000000", "-o", out}, "--firms 1000000000: at most 10000000 firms"},
		{[]string{"analyze", "-o", ""}, `-o "": the output directory has no name`},
		{[]string{"whatif", "", "--remove", "yiwu-ccc", "-o", ""}, `-o "": the output directory has no name`},
	} {
		code, stdout, stderr := clusterchain(t, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, want 2 and %q\n%s%s", c.args, code, c.want, stdout, stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused runs left %v", entries)
	}
}

// A suggestion taken from the data (an id near the one asked for) is
// quoted with its controls escaped: nothing from a dataset acts on the
// terminal.
func TestSuggestionsEscapeControls(t *testing.T) {
	t.Parallel()
	ds := writeDataset(t, map[string]string{
		"firms.csv": "id,name\na\x1b[2Jx,x\nb,y\n",
		"links.csv": "from,to,volume\na\x1b[2Jx,b,1\n",
	})
	for _, args := range [][]string{
		{"render", ds, "--view", "ego", "--node", "a[2Jx", "-o", filepath.Join(t.TempDir(), "e.svg")},
		{"whatif", ds, "--remove", "a[2Jx", "-o", filepath.Join(t.TempDir(), "w")},
	} {
		code, stdout, stderr := clusterchain(t, args...)
		if code != 1 || !strings.Contains(stderr, `did you mean "a\x1b[2Jx"?`) || strings.Contains(stdout+stderr, "\x1b") {
			t.Errorf("%q: exit %d\n%q%q", args, code, stdout, stderr)
		}
	}
}
