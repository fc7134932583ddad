package parquetout_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"clusterchain/internal/csvsafe"
	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/parquetout"
	"clusterchain/report"
	"clusterchain/samples"
)

func analysis(t *testing.T) *network.Analysis {
	t.Helper()
	res, err := loaders.Load(samples.Zhejiang(), loaders.Options{Name: "zhejiang"})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := network.New(res.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// hyparquet installs the npm package hyparquet, an independent Parquet
// reader, into a temporary directory and returns a function that reads a
// file with it. Without node or npm the test is skipped, except under
// CI=true, where it fails.
func hyparquet(t *testing.T) func(file string) []byte {
	t.Helper()
	need := func(err error, what string) {
		if err == nil {
			return
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: %v", what, err)
		}
		t.Skipf("%s: %v (the check against hyparquet needs node and npm)", what, err)
	}
	_, err := exec.LookPath("node")
	need(err, "node")
	_, err = exec.LookPath("npm")
	need(err, "npm")
	dir := t.TempDir()
	out, err := exec.Command("npm", "install", "--no-audit", "--no-fund", "--prefix", dir, "hyparquet@1.33.0").CombinedOutput()
	if err != nil {
		need(err, "npm install hyparquet: "+string(out))
	}
	script, err := os.ReadFile("testdata/read.mjs")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "read.mjs"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	return func(file string) []byte {
		cmd := exec.Command("node", filepath.Join(dir, "read.mjs"), file)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("hyparquet: %v\n%s", err, stderr.String())
		}
		return out
	}
}

type readBack struct {
	Columns   []string          `json:"columns"`
	Types     map[string]string `json:"types"`
	CreatedBy string            `json:"created_by"`
	Rows      []map[string]any  `json:"rows"`
}

// cell is what nodes.csv would write for a value hyparquet read.
func cell(t *testing.T, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case map[string]any: // an INT64, as {"bigint": "…"}
		return x["bigint"].(string)
	}
	t.Fatalf("unexpected value %T %v", v, v)
	return ""
}

// The "done when": nodes.parquet and links.parquet read back by
// an independent reader (hyparquet) equal nodes.csv cell for cell (an
// empty cell is null) and the network's summed links.
func TestHyparquetReadsNodesCSV(t *testing.T) {
	a := analysis(t)
	dir := t.TempDir()
	write := func(name string, f func(*bytes.Buffer) error) string {
		var b bytes.Buffer
		if err := f(&b); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	nodesFile := write("nodes.parquet", func(b *bytes.Buffer) error { return parquetout.WriteNodes(b, a) })
	linksFile := write("links.parquet", func(b *bytes.Buffer) error { return parquetout.WriteLinks(b, a) })
	read := hyparquet(t)

	var csvBuf bytes.Buffer
	if err := report.WriteNodes(&csvBuf, a); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&csvBuf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var nodes readBack
	if err := json.Unmarshal(read(nodesFile), &nodes); err != nil {
		t.Fatal(err)
	}
	if got, want := nodes.Columns, recs[0]; !equal(got, want) {
		t.Fatalf("columns %v, want nodes.csv's %v", got, want)
	}
	if len(nodes.Rows) != len(recs)-1 {
		t.Fatalf("%d rows, want %d", len(nodes.Rows), len(recs)-1)
	}
	for i, rec := range recs[1:] {
		for j, name := range recs[0] {
			want := csvsafe.Unescape(rec[j])
			if got := cell(t, nodes.Rows[i][name]); got != want {
				t.Errorf("row %d (%s) column %s: %q, want nodes.csv's %q", i+1, rec[0], name, got, want)
			}
		}
	}
	for col, want := range map[string]string{"id": "BYTE_ARRAY REQUIRED", "cluster": "BYTE_ARRAY OPTIONAL", "in_degree": "INT32 REQUIRED",
		"tier": "INT32 OPTIONAL", "coordinator": "INT64 REQUIRED", "pagerank": "DOUBLE REQUIRED",
		"constraint": "DOUBLE OPTIONAL", "cut": "BOOLEAN REQUIRED"} {
		if got := nodes.Types[col]; got != want {
			t.Errorf("column %s is %s, want %s", col, got, want)
		}
	}
	if nodes.CreatedBy != "clusterchain" {
		t.Errorf("created_by %q", nodes.CreatedBy)
	}

	var links readBack
	if err := json.Unmarshal(read(linksFile), &links); err != nil {
		t.Fatal(err)
	}
	if !equal(links.Columns, []string{"src", "dst", "kind", "volume"}) {
		t.Errorf("links columns %v", links.Columns)
	}
	nl := a.Network.Links()
	if len(links.Rows) != len(nl) {
		t.Fatalf("%d links, want %d", len(links.Rows), len(nl))
	}
	for i, l := range nl {
		r := links.Rows[i]
		if r["src"] != a.Network.Nodes()[l.From].ID || r["dst"] != a.Network.Nodes()[l.To].ID ||
			r["kind"] != l.Kind.String() || r["volume"] != l.Volume {
			t.Errorf("link %d: %v, want %+v", i, r, l)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Same analysis, same bytes.
func TestDeterministic(t *testing.T) {
	a := analysis(t)
	for _, f := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return parquetout.WriteNodes(b, a) },
		func(b *bytes.Buffer) error { return parquetout.WriteLinks(b, a) },
	} {
		var x, y bytes.Buffer
		if err := f(&x); err != nil {
			t.Fatal(err)
		}
		if err := f(&y); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x.Bytes(), y.Bytes()) || x.Len() == 0 {
			t.Error("two writes differ")
		}
	}
}
