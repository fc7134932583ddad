package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// clusterchain runs the command in-process and returns its exit status
// and output.
func clusterchain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(t.Context(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// writeDataset writes CSV tables into a new directory.
// generate writes a synthetic dataset of firms firms with seed into dir,
// as `clusterchain generate` does.
func generate(t *testing.T, dir string, firms int, seed string) {
	t.Helper()
	if code, _, errs := clusterchain(t, "generate", "--firms", strconv.Itoa(firms), "--seed", seed, "-o", dir); code != 0 {
		t.Fatal(errs)
	}
}

func writeDataset(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func TestAnalyzeSampleDeterministic(t *testing.T) {
	t.Parallel()
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, dir := range []string{a, b} {
		code, out, errs := clusterchain(t, "analyze", "-o", dir, "--formats", "csv,json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if !strings.Contains(out, "zhejiang: 193 firms, 8 markets, 7 buyers in 8 clusters") {
			t.Errorf("summary:\n%s", out)
		}
	}
	fa, fb := readDir(t, a), readDir(t, b)
	for _, name := range []string{"nodes.csv", "clusters.csv", "linkage.csv", "reach.csv", "resilience.csv", "report.json"} {
		if len(fa[name]) == 0 {
			t.Errorf("%s missing or empty", name)
		}
		if !bytes.Equal(fa[name], fb[name]) {
			t.Errorf("%s differs between runs", name)
		}
	}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	broken := writeDataset(t, map[string]string{"firms.csv": "id\na\n", "links.csv": "from,to\na,zz9\n"})
	for _, tc := range []struct {
		args []string
		code int
		text string
	}{
		{nil, 2, "Usage:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"analyze", "--bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"analyze", "--formats", "xls"}, 2, `unknown format "xls"`},
		{[]string{"analyze", "a", "b"}, 2, "one DATASET at most"},
		{[]string{"validate"}, 2, "validate takes one DATASET"},
		{[]string{"analyze", filepath.Join(broken, "nope")}, 1, "no such file or directory"},
		{[]string{"analyze", broken, "-o", t.TempDir()}, 1, `links.csv:2:2: unknown id "zz9" in column "to"`},
		{[]string{"help"}, 0, "Usage:"},
		{[]string{"help", "nosuch"}, 2, `unknown command "nosuch"`},
		{[]string{"render", "--view", "ego", "--node", "yiwu-ccc", "--radius", "0"}, 2, "--radius 0"},
		{[]string{"analyze", "-h"}, 0, "Examples:"},
	} {
		code, out, errs := clusterchain(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.text) {
			t.Errorf("%v: exit %d, want %d with %q; got:\n%s%s", tc.args, code, tc.code, tc.text, out, errs)
		}
	}
}

// A failed run leaves the output directory exactly as it was.
func TestFailedRunLeavesDirAlone(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "nodes.csv"), []byte("previous run"), 0o644)
	broken := writeDataset(t, map[string]string{"firms.csv": "id\na\nb\n", "links.csv": "from,to,volume\na,b,-3\n"})
	if code, _, _ := clusterchain(t, "analyze", broken, "-o", out); code != 1 {
		t.Fatalf("exit %d", code)
	}
	got := readDir(t, out)
	if len(got) != 1 || string(got["nodes.csv"]) != "previous run" {
		t.Errorf("output dir changed: %v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left a staging directory %s", e.Name())
		}
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	t.Parallel()
	ds := writeDataset(t, map[string]string{
		"firms.csv":  "id,name\na,A\na,again\nb,B\n",
		"buyers.csv": "id\nz\n",
		"links.csv":  "from,to,kind,volume\na,b,subcontract,x\nz,a,sale,1\na,q,,1\na,b,supply,2\na,b,supply,3\n",
	})
	code, out, errs := clusterchain(t, "validate", ds)
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		`firms.csv:3:1: duplicate id "a" (first in firms.csv line 2)`,
		`links.csv:2:4: volume "x" is not a number`,
		`links.csv:3:1: a buyer cannot sell to a firm (sale buyer→firm) (hint: from and to may be swapped`,
		`links.csv:4:2: unknown id "q" in column "to"`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("missing %q in:\n%s", want, errs)
		}
	}
	ok := writeDataset(t, map[string]string{"firms.csv": "id\na\nb\n", "links.csv": "from,to,volume\na,b,1\na,b,2\n"})
	code, out, _ = clusterchain(t, "validate", ok)
	if code != 0 || !strings.Contains(out, "2 rows for a → b (supply) summed into one link") || !strings.Contains(out, "ok: 2 firms") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// The hand-worked absorbing chain of network/second_test.go as files:
// removing buyer z1 drops cluster A's buyer_reach from (740/7)/130 to
// 50/110 (out(A) loses the 20 sold to z1 directly).
func TestWhatifByHand(t *testing.T) {
	t.Parallel()
	ds := writeDataset(t, map[string]string{
		"firms.csv":   "id,cluster\nf,A\ng,\n",
		"markets.csv": "id\nm1\nm2\nm3\nm4\n",
		"buyers.csv":  "id\nz1\nz2\n",
		"links.csv": "from,to,volume\nf,m1,100\nf,z1,20\nf,m3,10\nm1,m2,50\nm1,z1,50\n" +
			"m2,m1,30\nm2,z2,10\nm2,g,10\nm3,m4,5\nm4,m3,5\n",
	})
	out := t.TempDir()
	code, stdout, errs := clusterchain(t, "whatif", ds, "--remove", "z1", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(out, "whatif.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(bytes.NewReader(b)).ReadAll()
	found := false
	for _, r := range rows {
		if r[0] == "clusters.csv" && r[1] == "A" && r[2] == "buyer_reach" {
			found = true
			before, _ := strconv.ParseFloat(r[3], 64)
			after, _ := strconv.ParseFloat(r[4], 64)
			if math.Abs(before-(740.0/7)/130) > 1e-15 || math.Abs(after-50.0/110) > 1e-15 {
				t.Errorf("buyer_reach %s → %s, want %v → %v", r[3], r[4], (740.0/7)/130, 50.0/110)
			}
		}
		if r[0] == "nodes.csv" && r[1] == "z1" && r[4] != "" {
			t.Errorf("removed node has an after value: %v", r)
		}
	}
	if !found {
		t.Errorf("no buyer_reach change in:\n%s", b)
	}
	if !strings.Contains(stdout, "cluster A buyer_reach") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if code, _, errs := clusterchain(t, "whatif", ds, "--remove", "nobody", "-o", out); code != 1 || !strings.Contains(errs, `no node with id "nobody"`) {
		t.Errorf("unknown id: exit %d %s", code, errs)
	}
}

// batch over the sample, two generated datasets and a broken one: three
// reports, a summary marking the broken one, exit 1; the same whatever
// the number of jobs.
func TestBatch(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	sample := filepath.Join(root, "zhejiang")
	if err := os.CopyFS(sample, os.DirFS("../../samples/zhejiang")); err != nil {
		t.Fatal(err)
	}
	for _, seed := range []string{"1", "2"} {
		generate(t, filepath.Join(root, "gen-"+seed), 300, seed)
	}
	broken := filepath.Join(root, "broken")
	os.MkdirAll(broken, 0o755)
	os.WriteFile(filepath.Join(broken, "firms.csv"), []byte("id\na\n"), 0o644)
	os.WriteFile(filepath.Join(broken, "links.csv"), []byte("from,to\na,nowhere\n"), 0o644)

	var summaries [][]byte
	for _, jobs := range []string{"1", "3"} {
		out := filepath.Join(t.TempDir(), "reports")
		code, stdout, errs := clusterchain(t, "batch", root, "-o", out, "--jobs", jobs, "--formats", "csv,json", "--quiet")
		if code != 1 {
			t.Fatalf("exit %d\n%s%s", code, stdout, errs)
		}
		s, err := os.ReadFile(filepath.Join(out, "summary.csv"))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := csv.NewReader(bytes.NewReader(s)).ReadAll()
		status := map[string]string{}
		for _, r := range rows[1:] {
			status[r[0]] = r[1]
		}
		if len(rows) != 5 || status["broken"] != "failed" || status["zhejiang"] != "ok" || status["gen-1"] != "ok" || status["gen-2"] != "ok" {
			t.Errorf("summary:\n%s", s)
		}
		for _, d := range []string{"zhejiang", "gen-1", "gen-2"} {
			if _, err := os.Stat(filepath.Join(out, d, "nodes.csv")); err != nil {
				t.Error(err)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
			t.Error(err)
		}
		summaries = append(summaries, s)
	}
	if !bytes.Equal(summaries[0], summaries[1]) {
		t.Errorf("summary depends on --jobs:\n%s\n%s", summaries[0], summaries[1])
	}
}

// diff between two waves with a planted change: the first cluster's firms stop
// selling through markets in the second wave, so its market_share falls
// to 0 and a threshold check fails.
func TestDiffWaves(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w1 := filepath.Join(root, "wave1")
	generate(t, w1, 400, "1")
	w2 := filepath.Join(root, "wave2")
	os.CopyFS(w2, os.DirFS(w1))
	firms, _ := os.ReadFile(filepath.Join(w1, "firms.csv"))
	lines := strings.Split(string(firms), "\n")
	c0 := strings.Split(lines[1], ",")[2] // the first firm's cluster
	inC0 := map[string]bool{}
	for _, line := range lines {
		if f := strings.Split(line, ","); len(f) == 3 && f[2] == c0 {
			inC0[f[0]] = true
		}
	}
	links, _ := os.ReadFile(filepath.Join(w1, "links.csv"))
	var kept []string
	dropped := 0
	for _, line := range strings.Split(strings.TrimSpace(string(links)), "\n") {
		f := strings.Split(line, ",")
		if inC0[f[0]] && strings.HasPrefix(f[1], "m") {
			dropped++
			continue
		}
		kept = append(kept, line)
	}
	if dropped == 0 {
		t.Fatal("nothing planted")
	}
	os.WriteFile(filepath.Join(w2, "links.csv"), []byte(strings.Join(kept, "\n")+"\n"), 0o644)
	o1, o2 := filepath.Join(root, "out1"), filepath.Join(root, "out2")
	for _, p := range [][2]string{{w1, o1}, {w2, o2}} {
		if code, _, errs := clusterchain(t, "analyze", p[0], "-o", p[1], "--formats", "csv"); code != 0 {
			t.Fatal(errs)
		}
	}
	code, stdout, errs := clusterchain(t, "diff", o1, o2, "--fail-if", "market_share<-0.1")
	if code != 1 || !strings.Contains(stdout, "check clusters:market_share<-0.1 failed: "+c0+" market_share") {
		t.Errorf("exit %d\n%s%s", code, stdout, errs)
	}
	md, _ := os.ReadFile(filepath.Join(o2, "diff.md"))
	if !strings.Contains(string(md), "| "+c0+" | market\\_share |") || !strings.Contains(string(md), "Vanished: "+c0+"/m") {
		t.Errorf("diff.md:\n%s", md)
	}
	if code, _, _ := clusterchain(t, "diff", o1, o2, "-o", t.TempDir()); code != 0 {
		t.Errorf("without checks: exit %d", code)
	}
}

// The figures against NetworkX on a generated network of 1,000 firms and
// on the embedded sample, through the command, with the reference script
// kept in scripts/: every NetworkX-defined column, subcontracting depth,
// linkage, customer concentration, buyer reach, reach.csv and
// resilience.csv (an independent absorbing-chain solve in numpy), the
// modularity and NMI of our communities, and the SPEC §5 figures: trophic
// levels (numpy least squares), E-I, chokepoints (immediate_dominators),
// channels (local_node_connectivity), report.json's network object, the
// key players (the straightforward greedy) and, with R's sna, the
// brokerage z-scores (to 1e-6; everything else to 1e-9). Skipped where
// Debian's python3-networkx is not installed (the z-scores where r-cran-sna
// is not); .ci/run installs both and under CI a missing oracle fails the
// test instead. The log is the agreement table.
func TestNetworkXReference(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	requireNetworkX(t, "import networkx, numpy, scipy")
	t.Parallel()
	sna := true
	if out, err := exec.Command("Rscript", "-e", "suppressPackageStartupMessages(library(sna))").CombinedOutput(); err != nil {
		msg := "Rscript with the sna package not installed: " + strings.TrimSpace(string(out))
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Log(msg + "; the brokerage z-scores are not compared")
		sna = false
	}
	root := t.TempDir()
	gen := filepath.Join(root, "ds")
	generate(t, gen, 1000, "3")
	for _, ds := range []struct{ name, dir string }{{"generated 1,000 firms", gen}, {"sample", "../../samples/zhejiang"}} {
		t.Run(ds.name, func(t *testing.T) {
			dir := filepath.Join(root, strings.Fields(ds.name)[0])
			ours, ref := filepath.Join(dir, "ours"), filepath.Join(dir, "ref")
			if code, _, errs := clusterchain(t, "analyze", ds.dir, "-o", ours, "--formats", "csv,json", "--key-players", "5"); code != 0 {
				t.Fatal(errs)
			}
			args := []string{"-W", "ignore", "../../scripts/nx_reference.py", ds.dir, ref, "--partition", ours, "--key-players", "5"}
			if sna {
				args = append(args, "--sna")
			}
			if out, err := exec.Command("/usr/bin/python3", args...).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			out, err := exec.Command("/usr/bin/python3", "../../scripts/nx_compare.py", ours, ref).CombinedOutput()
			t.Logf("\n%s", out)
			if err != nil {
				t.Fatalf("figures differ from NetworkX: %v", err)
			}
		})
	}
}

// NetworkX reads the GEXF and GraphML exports back with every node and
// figure of nodes.csv (scripts/nx_read_interop.py).
func TestInteropReadByNetworkX(t *testing.T) {
	requireNetworkX(t, "import networkx")
	t.Parallel()
	out := t.TempDir()
	if code, _, errs := clusterchain(t, "analyze", "-o", out, "--formats", "csv,gexf,graphml,net"); code != 0 {
		t.Fatal(errs)
	}
	msg, err := exec.Command("/usr/bin/python3", "-W", "ignore", "../../scripts/nx_read_interop.py", out).CombinedOutput()
	t.Logf("\n%s", msg)
	if err != nil {
		t.Fatal(err)
	}
}

// requireNetworkX skips the test where Debian's NetworkX (and what the
// script imports with it) is missing, and fails it under CI (CI=true), where
// .ci/run installs them: a green CI must never hide a missing install step.
func requireNetworkX(t *testing.T, imports string) {
	t.Helper()
	out, err := exec.Command("/usr/bin/python3", "-c", imports).CombinedOutput()
	if err == nil {
		return
	}
	msg := "python3-networkx, python3-numpy or python3-scipy not installed: " + strings.TrimSpace(string(out))
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// A dataset without links (a links.csv with only its header, or a survey
// whose firms name no partner) is an input error since issue 12.2, not an
// analysis of empty tables: exit 1, the message says there are no links.
// (The analysis of a network without links, modularity 0 and no NaN, is
// no longer reachable from analyze.)
func TestAnalyzeWithoutLinks(t *testing.T) {
	t.Parallel()
	for name, files := range map[string][]string{
		"header only": {"firms.csv", "id,cluster\na,c1\nb,c1\nc,c2\n", "links.csv", "from,to,kind,volume\n"},
		"no partners": {"survey.csv", "id,cluster,market_1\na,c1,\nb,c1,\nc,c2,\n",
			"schema.json", `{"survey": {"relations": [{"prefix": "market_", "target": "market"}]}}`},
	} {
		ds := writeDataset(t, map[string]string{files[0]: files[1], files[2]: files[3]})
		args := []string{"analyze", ds}
		if files[0] == "survey.csv" {
			args = []string{"analyze", filepath.Join(ds, "survey.csv"), "--schema", filepath.Join(ds, "schema.json")}
		}
		out := filepath.Join(t.TempDir(), "out")
		code, stdout, errs := clusterchain(t, append(args, "-o", out)...)
		if code != 1 || !strings.Contains(errs, "no links: ") {
			t.Errorf("%s: exit %d\n%s%s", name, code, stdout, errs)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: %s written", name, out)
		}
	}
}

// --key-players K writes keyplayers.csv with K rows (default 5), 0 writes
// none, and a negative K is wrong usage.
func TestKeyPlayersFlag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		rows int // -1: no file
	}{{nil, 5}, {[]string{"--key-players", "2"}, 2}, {[]string{"--key-players", "0"}, -1}} {
		out := filepath.Join(t.TempDir(), "out")
		args := append([]string{"analyze", "-o", out, "--formats", "csv", "--quiet"}, tc.args...)
		if code, _, errs := clusterchain(t, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", tc.args, code, errs)
		}
		b, err := os.ReadFile(filepath.Join(out, "keyplayers.csv"))
		switch {
		case tc.rows < 0 && err == nil:
			t.Errorf("%v: keyplayers.csv written", tc.args)
		case tc.rows >= 0 && err != nil:
			t.Errorf("%v: %v", tc.args, err)
		case tc.rows >= 0:
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(lines) != tc.rows+1 || lines[0] != "rank,id,type,volume_at_risk,share_at_risk" || !strings.HasPrefix(lines[1], "1,") {
				t.Errorf("%v: keyplayers.csv\n%s", tc.args, b)
			}
		}
	}
	if code, _, _ := clusterchain(t, "analyze", "-o", t.TempDir(), "--key-players", "-1"); code != 2 {
		t.Errorf("--key-players -1: exit %d, want 2", code)
	}
}
