package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// fingerprint hashes every file and directory under dir, so that a test
// can tell that nothing in it changed.
func fingerprint(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			fmt.Fprintf(&b, "%s/\n", rel)
			return nil
		}
		body, _ := os.ReadFile(p)
		fmt.Fprintf(&b, "%s %x\n", rel, sha256.Sum256(body))
		return nil
	})
	return b.String()
}

// copySample copies the Zhejiang sample into dir.
func copySample(t *testing.T, dir string) {
	t.Helper()
	if err := os.CopyFS(dir, os.DirFS("../../samples/zhejiang")); err != nil {
		t.Fatal(err)
	}
}

// No command writes its outputs among its inputs: an output directory
// that is, lies inside or contains an input dataset (or contains a survey
// file or the --schema file) is a usage error, whatever the
// spelling, and the inputs stay byte for byte as they were.
func TestOutputsNeverAmongInputs(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	ds := filepath.Join(root, "surveys", "zhejiang")
	copySample(t, ds)
	os.Symlink(ds, filepath.Join(root, "alias"))
	survey := filepath.Join(root, "survey")
	if err := os.CopyFS(survey, os.DirFS("../../samples/survey")); err != nil {
		t.Fatal(err)
	}
	surveyFile, schema := filepath.Join(survey, "survey.csv"), filepath.Join(survey, "schema.json")
	before := fingerprint(t, root)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"analyze", ds, "-o", ds}, 2, "is the input dataset"},
		{[]string{"analyze", ds, "-o", ds + "/", "--formats", "csv"}, 2, "is the input dataset"},
		{[]string{"analyze", ds, "-o", filepath.Join(root, "alias")}, 2, "is the input dataset"},
		{[]string{"analyze", filepath.Join(root, "alias"), "-o", ds}, 2, "is the input dataset"},
		{[]string{"analyze", ds, "-o", filepath.Join(ds, "out")}, 2, "lies inside the input dataset"},
		{[]string{"analyze", ds, "-o", filepath.Join(root, "surveys")}, 2, "contains the input dataset"},
		{[]string{"analyze", ds, "-o", root}, 2, "contains the input dataset"},
		{[]string{"whatif", ds, "--remove", "walmart", "-o", ds}, 2, "is the input dataset"},
		{[]string{"import", ds, "-o", ds}, 2, "is the input dataset"},
		{[]string{"batch", filepath.Join(root, "surveys"), "-o", filepath.Join(root, "surveys")}, 2, "contains the input dataset"},
		{[]string{"batch", ds, "-o", filepath.Join(ds, "reports")}, 2, "lies inside the input dataset"},
		{[]string{"analyze", surveyFile, "--schema", schema, "-o", survey}, 2, "contains the survey file"},
		{[]string{"import", surveyFile, "--schema", schema, "-o", survey}, 2, "contains the survey file"},
		{[]string{"analyze", surveyFile, "--schema", schema, "-o", root}, 2, "contains the survey file"},
		{[]string{"analyze", ds, "--schema", schema, "-o", survey}, 2, "the --schema file"},
		{[]string{"render", ds, "--view", "clusters", "--format", "svg", "-o", filepath.Join(ds, "links.csv")}, 2, "is an input of this run"},
		{[]string{"render", filepath.Join(root, "alias"), "--view", "clusters", "--format", "svg", "-o", filepath.Join(ds, "firms.csv")}, 2, "is an input of this run"},
		{[]string{"render", surveyFile, "--schema", schema, "--view", "clusters", "--format", "svg", "-o", schema}, 2, "is an input of this run"},
	} {
		code, stdout, stderr := clusterchain(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, want %d with %q\n%s%s", tc.args, code, tc.code, tc.want, stdout, stderr)
		}
	}
	if after := fingerprint(t, root); after != before {
		t.Errorf("inputs changed:\n%s\nwant\n%s", after, before)
	}
	// Beside the inputs is fine, and so is a diagram inside the dataset
	// directory that replaces nothing, and a directory below a survey
	// file's (the default -o out where the survey lies).
	for _, args := range [][]string{
		{"analyze", ds, "-o", filepath.Join(root, "surveys", "out"), "--formats", "csv"},
		{"analyze", surveyFile, "--schema", schema, "-o", filepath.Join(survey, "out"), "--formats", "csv"},
		{"render", ds, "--view", "clusters", "-o", filepath.Join(ds, "clusters.svg")},
	} {
		if code, _, stderr := clusterchain(t, args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}

// The output location is checked before the analysis: a dangling symlink,
// a file, a path through a file all fail at once, naming the problem, and
// leave nothing behind.
func TestOutputLocationCheckedFirst(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "dangling"))
	os.WriteFile(filepath.Join(root, "file"), []byte("x"), 0o644)
	before := fingerprint(t, root)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"analyze", "-o", filepath.Join(root, "dangling")}, "dangling is a symbolic link to " + filepath.Join(root, "nowhere") + ", which does not exist"},
		{[]string{"analyze", "-o", filepath.Join(root, "dangling", "sub")}, "which does not exist"},
		{[]string{"analyze", "-o", filepath.Join(root, "file")}, "exists and is not a directory"},
		{[]string{"whatif", "../../samples/zhejiang", "--remove", "walmart", "-o", filepath.Join(root, "file", "x")}, "not a directory"},
		{[]string{"generate", "--firms", "10", "-o", filepath.Join(root, "dangling")}, "which does not exist"},
		{[]string{"render", "--view", "clusters", "-o", filepath.Join(root, "dangling", "x.svg")}, "which does not exist"},
		{[]string{"render", "--view", "clusters", "-o", root}, "is a directory"},
	} {
		var errb bytes.Buffer
		// A terminal on stderr: the progress would show a step of the
		// analysis if it had started.
		code := run(t.Context(), tc.args, &bytes.Buffer{}, &fakeTerminal{w: &errb})
		if code != 1 && code != 2 || !strings.Contains(errb.String(), tc.want) || strings.Contains(errb.String(), "loading") {
			t.Errorf("%v: exit %d, want the error %q before any work:\n%s", tc.args, code, tc.want, errb.String())
		}
	}
	if after := fingerprint(t, root); after != before {
		t.Errorf("left behind:\n%s", after)
	}
}

// With a directory where one output file goes, the run fails before it
// replaces anything: the five CSVs of the previous run stay.
func TestCommitAllOrNothing(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	if code, _, errs := clusterchain(t, "analyze", "-o", out, "--formats", "csv"); code != 0 {
		t.Fatal(errs)
	}
	// A different dataset, so that every file would change.
	gen := filepath.Join(t.TempDir(), "gen")
	generate(t, gen, 50, "1")
	os.Mkdir(filepath.Join(out, "report.json"), 0o755)
	before := fingerprint(t, out)
	code, _, errs := clusterchain(t, "analyze", gen, "-o", out, "--formats", "csv,json")
	if code != 1 || !strings.Contains(errs, "report.json is a directory") || !strings.Contains(errs, "nothing was written") {
		t.Errorf("exit %d: %s", code, errs)
	}
	if after := fingerprint(t, out); after != before {
		t.Errorf("output changed:\n%s\nwant\n%s", after, before)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
	// batch: a dataset named summary.csv gets a directory of its own,
	// and a summary.csv directory already in the way fails the batch
	// before it replaces anything.
	root := t.TempDir()
	writeFiles(t, filepath.Join(root, "in", "summary.csv"), map[string]string{
		"firms.csv": "id\na\nb\n", "links.csv": "from,to,volume\na,b,1\n"})
	reports := filepath.Join(root, "reports")
	code, stdout, errs := clusterchain(t, "batch", filepath.Join(root, "in"), "-o", reports, "--formats", "csv")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, errs)
	}
	tree := readTree(t, reports)
	if len(tree["summary.csv-2/nodes.csv"]) == 0 || !bytes.Contains(tree["summary.csv"], []byte("\nsummary.csv-2,ok")) {
		t.Errorf("batch with a dataset named summary.csv: %v", keysOf(tree))
	}
	os.RemoveAll(reports)
	os.MkdirAll(filepath.Join(reports, "index.html"), 0o755)
	code, _, errs = clusterchain(t, "batch", filepath.Join(root, "in"), "-o", reports, "--formats", "csv")
	if code != 1 || !strings.Contains(errs, "index.html is a directory") {
		t.Errorf("index.html in the way: exit %d %s", code, errs)
	}
	if got := readTree(t, reports); len(got) != 0 {
		t.Errorf("written though index.html could not be, before any analysis: %v", keysOf(got))
	}
}

func keysOf(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// batch a/x c/x-2 b/x: three datasets, three output directories (x,
// x-2, x-3), each with its own dataset's figures.
func TestBatchNamesUnique(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	firms := map[string]int{"a/x": 2, "c/x-2": 3, "b/x": 4, "d/X": 5}
	for p, n := range firms {
		var b strings.Builder
		b.WriteString("id\n")
		for i := range n {
			fmt.Fprintf(&b, "f%d\n", i)
		}
		writeFiles(t, filepath.Join(root, p), map[string]string{"firms.csv": b.String(), "links.csv": "from,to\nf0,f1\n"})
	}
	out := filepath.Join(root, "reports")
	args := []string{"batch", filepath.Join(root, "a/x"), filepath.Join(root, "c/x-2"), filepath.Join(root, "b/x"),
		filepath.Join(root, "d/X"), "-o", out, "--formats", "csv", "--jobs", "4"}
	if code, stdout, errs := clusterchain(t, args...); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, errs)
	}
	for dir, src := range map[string]string{"x": "a/x", "x-2": "c/x-2", "x-3": "b/x", "X-4": "d/X"} {
		rows := readCSV(t, filepath.Join(out, dir, "nodes.csv"))
		if len(rows)-1 != firms[src] {
			t.Errorf("%s holds %d nodes, want %d (from %s)", dir, len(rows)-1, firms[src], src)
		}
	}
}

// fakeTerminal is a stderr that says it is a terminal, so that the
// command writes its progress into it; see reports every line written.
type fakeTerminal struct {
	mu  sync.Mutex
	w   *bytes.Buffer
	see func(string)
}

func (f *fakeTerminal) IsTerminal() bool { return true }
func (f *fakeTerminal) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.see != nil {
		f.see(string(p))
	}
	return f.w.Write(p)
}

// Cancelled in the middle of the all-pairs sweep of a 20,000-firm
// analysis, analyze stops: the output directory is as it was and no
// staging directory remains.
func TestCancelMidAnalysis(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: a 20,000-firm analysis")
	}
	t.Parallel()
	root := t.TempDir()
	ds := filepath.Join(root, "gen")
	generate(t, ds, 20000, "1")
	out := filepath.Join(root, "out")
	writeFiles(t, out, map[string]string{"nodes.csv": "previous run\n", "mine.txt": "mine\n"})
	before := fingerprint(t, root)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var sawSweep atomic.Bool
	term := &fakeTerminal{w: &bytes.Buffer{}, see: func(s string) {
		if strings.Contains(s, "shortest paths:") && !sawSweep.Swap(true) {
			cancel()
		}
	}}
	code := run(ctx, []string{"analyze", ds, "-o", out}, &bytes.Buffer{}, term)
	if !sawSweep.Load() {
		t.Fatalf("the sweep never reported progress (exit %d):\n%s", code, term.w)
	}
	if code != exitInterrupted || !strings.Contains(term.w.String(), "stopped") {
		t.Errorf("exit %d:\n%s", code, term.w)
	}
	if after := fingerprint(t, root); after != before {
		t.Errorf("after the cancel:\n%s\nwant\n%s", after, before)
	}
}

// binDir holds the binary that buildBinary built; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildBinary builds clusterchain once for the subprocess tests.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "clusterchain-bin-")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "clusterchain")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%v\n%s", err, out)
	}
	return bin, nil
})

func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: builds clusterchain")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// startAnalysis starts the built binary on a large dataset and waits
// until its staging directory is there (the run is past its checks).
func startAnalysis(t *testing.T, bin, ds, out string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "analyze", ds, "-o", out)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if staging(t, out) != nil {
			time.Sleep(300 * time.Millisecond) // into the loading or the analysis
			return cmd
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatalf("no staging directory appeared: %s", errb.String())
	return nil
}

// staging lists the staging directories inside out.
func staging(t *testing.T, out string) []string {
	entries, _ := os.ReadDir(out)
	var s []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			s = append(s, e.Name())
		}
	}
	return s
}

// SIGINT to the built binary: it exits 130, the output directory is as
// it was, and no staging directory remains. SIGKILL leaves one, which
// the next run of the same output removes.
func TestSignals(t *testing.T) {
	bin := binary(t)
	t.Parallel()
	root := t.TempDir()
	ds := filepath.Join(root, "gen")
	generate(t, ds, 20000, "2")
	out := filepath.Join(root, "out")
	writeFiles(t, out, map[string]string{"nodes.csv": "previous run\n"})
	before := fingerprint(t, out)

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := startAnalysis(t, bin, ds, out)
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitInterrupted {
			t.Errorf("%v: %v, want exit %d", sig, err, exitInterrupted)
		}
		if after := fingerprint(t, out); after != before {
			t.Errorf("%v: output changed:\n%s", sig, after)
		}
	}

	cmd := startAnalysis(t, bin, ds, out)
	cmd.Process.Kill()
	cmd.Wait()
	left := staging(t, out)
	if len(left) != 1 {
		t.Fatalf("SIGKILL left %v", left)
	}
	code, _, errs := clusterchain(t, "analyze", ds, "-o", out, "--formats", "csv", "--sample", "20")
	if code != 0 || !strings.Contains(errs, "removed "+filepath.Join(out, left[0])+", left by an interrupted run") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if s := staging(t, out); len(s) != 0 {
		t.Errorf("still there: %v", s)
	}
}
