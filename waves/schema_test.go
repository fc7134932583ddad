package waves

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"clusterchain/network"
	"clusterchain/report"
	"clusterchain/synth"
)

// schema compiles the schema with $id urn:clusterchain:schema:NAME:v1
// among report.Schemas().
func schema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	entries, err := fs.ReadDir(report.Schemas(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(report.Schemas(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		if err := c.AddResource(doc.(map[string]any)["$id"].(string), doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile("urn:clusterchain:schema:" + name + ":v1")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// generated analyses a synthetic dataset of firms firms.
func generated(t *testing.T, firms int) *network.Analysis {
	t.Helper()
	ds, err := synth.Generate(synth.Config{Firms: firms, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := network.New(*ds)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(t.Context(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// diff --json documents validate against schema/diff-v1.schema.json.
func TestDiffSchema(t *testing.T) {
	a, a2 := generated(t, 400), generated(t, 420)
	before := []report.Table{report.NodesTable(a), report.ClustersTable(a), report.LinkageTable(a)}
	after := []report.Table{report.NodesTable(a2), report.ClustersTable(a2), report.LinkageTable(a2)}
	check, err := ParseCheck("market_share<-0.01")
	if err != nil {
		t.Fatal(err)
	}
	wa, err := NewWave(before, edgesOf(report.EdgesTable(a)))
	if err != nil {
		t.Fatal(err)
	}
	wb, err := NewWave(after, edgesOf(report.EdgesTable(a2)))
	if err != nil {
		t.Fatal(err)
	}
	for _, withChurn := range []bool{true, false} {
		wv := Compare(before, after, 5)
		if withChurn {
			wv.Churn = ChurnOf(wa, wb)
		} else {
			wv.ChurnMissing = "a has no edges.csv"
		}
		failed := map[string][]Change{check.String(): check.Failures(wv.Changes)}
		var b bytes.Buffer
		if err := WriteJSON(&b, "a", "b", "b", wv, []Check{check}, failed); err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema(t, "diff").Validate(v); err != nil {
			t.Errorf("diff (churn %v): %v\n%s", withChurn, err, b.Bytes())
		}
	}
}

// edgesOf reads an edges.csv table back as edges.
func edgesOf(t report.Table) []Edge {
	var e []Edge
	for _, r := range t.Rows {
		e = append(e, Edge{From: r[0], To: r[1], Volume: r[2], Kinds: r[3]})
	}
	return e
}
