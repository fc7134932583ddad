package main

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// surveyFolder makes a folder of surveys: the Zhejiang sample, two
// generated datasets and a broken one (a link to an unknown id), plus a
// hidden directory that batch must skip.
func surveyFolder(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "zhejiang"), os.DirFS("../../samples/zhejiang")); err != nil {
		t.Fatal(err)
	}
	for _, seed := range []string{"1", "2"} {
		generate(t, filepath.Join(root, "gen-"+seed), 300, seed)
	}
	writeFiles(t, filepath.Join(root, "broken"), map[string]string{
		"firms.csv": "id\na\n", "links.csv": "from,to\na,nowhere\n"})
	writeFiles(t, filepath.Join(root, ".git"), map[string]string{"HEAD": "ref: refs/heads/main\n"})
	return root
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree returns every file under dir by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The "done when": batch over the sample, two generated datasets
// and a broken one gives three reports, a summary marking the broken
// one, an index linking the three, and exit status 1; --json prints the
// same rows as a document that validates.
func TestBatchDoneWhen(t *testing.T) {
	t.Parallel()
	surveys := surveyFolder(t)
	out := filepath.Join(t.TempDir(), "reports")
	code, stdout, stderr := clusterchain(t, "batch", surveys, "-o", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "1 of 4 datasets failed") {
		t.Errorf("stderr: %s", stderr)
	}
	for _, want := range []string{"ok       zhejiang\n", "ok       gen-1\n", "ok       gen-2\n",
		`failed   broken: links.csv:2:2: unknown id "nowhere" in column "to"`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	rows := readCSV(t, filepath.Join(out, "summary.csv"))
	want := []string{"dataset", "status", "firms", "markets", "buyers", "links", "clusters", "warnings",
		"mean_market_share", "max_depth", "error"}
	if strings.Join(rows[0], ",") != strings.Join(want, ",") {
		t.Errorf("header %v", rows[0])
	}
	byName := map[string][]string{}
	var order []string
	for _, r := range rows[1:] {
		byName[r[0]] = r
		order = append(order, r[0])
	}
	if strings.Join(order, ",") != "broken,gen-1,gen-2,zhejiang" {
		t.Errorf("rows %v, want the folder's datasets by name (not .git)", order)
	}
	// The sample's one warning: 10 links of unknown volume.
	if r := byName["zhejiang"]; strings.Join(r[:8], ",") != "zhejiang,ok,193,8,7,462,8,1" || r[8] == "" || r[9] == "" || r[10] != "" {
		t.Errorf("zhejiang row %v", r)
	}
	if r := byName["broken"]; r[1] != "failed" || r[8] != "" || !strings.Contains(r[10], `links.csv:2:2: unknown id "nowhere"`) {
		t.Errorf("broken row %v", r)
	}
	tree := readTree(t, out)
	for _, d := range []string{"zhejiang", "gen-1", "gen-2"} {
		for _, f := range []string{"nodes.csv", "clusters.csv", "linkage.csv", "report.json", "report.html",
			"network.svg", "flows.svg", "network.gexf", "network.graphml", "network.net"} {
			if len(tree[d+"/"+f]) == 0 {
				t.Errorf("%s/%s missing", d, f)
			}
		}
		if !bytes.Contains(tree["index.html"], []byte(`<a href="./`+d+`/report.html">`+d+`</a>`)) {
			t.Errorf("index.html does not link %s", d)
		}
	}
	for p := range tree {
		if strings.HasPrefix(p, "broken/") || strings.Contains(p, ".tmp-") {
			t.Errorf("left %s", p)
		}
	}
	if !bytes.Contains(tree["index.html"], []byte("4 datasets, 1 failed")) || bytes.Contains(tree["index.html"], []byte(`href="broken`)) {
		t.Errorf("index.html:\n%s", tree["index.html"])
	}
	if stderr != "clusterchain batch: 1 of 4 datasets failed\n" {
		t.Errorf("progress or more on a stderr that is not a terminal: %q", stderr)
	}

	// --json: the same rows, one document.
	code, stdout, _ = clusterchain(t, "batch", surveys, "-o", t.TempDir(), "--formats", "csv", "--json")
	if code != 1 {
		t.Errorf("--json: exit %d", code)
	}
	validateJSON(t, "batch", []byte(stdout))
	if !strings.Contains(stdout, `"status": "failed"`) || !strings.Contains(stdout, `"failed": 1`) {
		t.Errorf("--json:\n%s", stdout)
	}
}

// Every file of the output tree is byte for byte the same with one job
// and with four.
func TestBatchSameWhateverJobs(t *testing.T) {
	t.Parallel()
	surveys := surveyFolder(t)
	var trees []map[string][]byte
	for _, jobs := range []string{"1", "4"} {
		out := filepath.Join(t.TempDir(), "reports")
		if code, stdout, stderr := clusterchain(t, "batch", surveys, "-o", out, "--jobs", jobs); code != 1 {
			t.Fatalf("--jobs %s: exit %d\n%s%s", jobs, code, stdout, stderr)
		}
		trees = append(trees, readTree(t, out))
	}
	if len(trees[0]) != len(trees[1]) || len(trees[0]) != 3*19+2 { // 16 files per dataset (keyplayers.csv among them), and tables.xlsx, nodes.parquet, links.parquet
		t.Errorf("%d files with one job, %d with four", len(trees[0]), len(trees[1]))
	}
	for p, b := range trees[0] {
		if !bytes.Equal(b, trees[1][p]) {
			t.Errorf("%s differs between --jobs 1 and --jobs 4", p)
		}
	}
}

// --strict fails a dataset with warnings but still writes its report;
// without it the same dataset is ok.
func TestBatchStrict(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFiles(t, filepath.Join(root, "dup"), map[string]string{
		"firms.csv": "id\na\nb\n", "links.csv": "from,to,volume\na,b,1\na,b,2\n"})
	writeFiles(t, filepath.Join(root, "clean"), map[string]string{
		"firms.csv": "id\na\nb\n", "links.csv": "from,to,volume\na,b,1\n"})
	out := t.TempDir()
	if code, stdout, stderr := clusterchain(t, "batch", root, "-o", out, "--formats", "csv"); code != 0 {
		t.Fatalf("without --strict: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ := clusterchain(t, "batch", root, "-o", out, "--formats", "csv", "--strict")
	if code != 1 || !strings.Contains(stdout, "failed   dup: --strict: 1 warning, the first: ") || !strings.Contains(stdout, "ok       clean") {
		t.Errorf("--strict: exit %d\n%s", code, stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "dup", "nodes.csv")); err != nil {
		t.Errorf("--strict dropped the report of the dataset with warnings: %v", err)
	}
}

// Dataset names that look like formulas or markup are neutralised in
// summary.csv and escaped in index.html, links included.
func TestBatchHostileNames(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	name := `=HYPERLINK("x")<b>#1`
	for _, n := range []string{name, "javascript:alert(1)"} {
		writeFiles(t, filepath.Join(root, n), map[string]string{
			"firms.csv": "id\na\nb\n", "links.csv": "from,to,volume\na,b,1\n"})
	}
	out := filepath.Join(root, "reports") // inside the folder: skipped as a dataset
	if code, stdout, stderr := clusterchain(t, "batch", root, "-o", out, "--formats", "csv,html"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	// A second run must not take the first run's reports for a dataset.
	if code, stdout, stderr := clusterchain(t, "batch", root, "-o", out, "--formats", "csv,html"); code != 0 || strings.Count(stdout, "ok ") != 2 {
		t.Fatalf("second run: exit %d\n%s%s", code, stdout, stderr)
	}
	rows := readCSV(t, filepath.Join(out, "summary.csv"))
	if len(rows) != 3 || rows[1][0] != "'"+name || rows[2][0] != "javascript:alert(1)" {
		t.Errorf("summary.csv rows %q", rows)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	for _, want := range []string{`href="./=HYPERLINK%28%22x%22%29%3Cb%3E%231/report.html"`,
		`href="./javascript%3Aalert%281%29/report.html"`, "2 datasets, 0 failed"} {
		if !bytes.Contains(index, []byte(want)) {
			t.Errorf("index.html lacks %s:\n%s", want, index)
		}
	}
	if bytes.Contains(index, []byte("<b>")) {
		t.Errorf("index.html:\n%s", index)
	}
	if _, err := os.Stat(filepath.Join(out, name, "report.html")); err != nil {
		t.Error(err)
	}
}

// A clean dataset large enough for network.svg to fold its least central
// firms passes --strict: what a diagram simplified is a note in the report,
// not a warning about the data, so the warnings are the same whatever
// --formats says.
func TestBatchStrictFoldedDiagram(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	ds := filepath.Join(root, "g3k")
	generate(t, ds, 3000, "5")
	out := filepath.Join(root, "reports")
	code, stdout, errs := clusterchain(t, "batch", ds, "-o", out, "--strict")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, errs)
	}
	html, err := os.ReadFile(filepath.Join(out, "g3k", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(html, []byte("About the diagrams")) || !bytes.Contains(html, []byte("are folded into")) {
		t.Error("report.html does not say that network.svg was folded")
	}
	all, _ := os.ReadFile(filepath.Join(out, "g3k", "report.json"))
	csvOnly := filepath.Join(root, "csv")
	if code, _, errs := clusterchain(t, "analyze", ds, "-o", csvOnly, "--formats", "json"); code != 0 {
		t.Fatal(errs)
	}
	some, _ := os.ReadFile(filepath.Join(csvOnly, "report.json"))
	if !bytes.Equal(all, some) {
		t.Error("report.json differs between --formats all and --formats json")
	}
}
