package waves

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// threeWaves: a is in every wave, b in waves 1 and 3 (gone in 2), e only
// in 3; a's pagerank changes in wave 3, its cluster never; the edge a → m
// is in all three (volume 2, 2, 5), b → m in 1 and 3, e → m in 3.
func threeWaves(t *testing.T) []*Wave {
	t.Helper()
	var ws []*Wave
	for _, fs := range []struct{ nodes, edges string }{
		{"a,firm,Alpha,K,0.5\nb,firm,Beta & <Co>,K,0.25\nm,market,M,,0.25\n", "a,m,2,sale\nb,m,3,sale\n"},
		{"a,firm,Alpha,K,0.5\nm,market,M,,0.5\n", "a,m,2,sale\n"},
		{"a,firm,Alpha,K,0.4\nb,firm,Beta & <Co>,K,0.2\ne,firm,E\x01,K,0.1\nm,market,M,,0.3\n", "a,m,5,sale;supply\nb,m,3,sale\ne,m,1,sale\n"},
	} {
		w, err := ReadWave(waveFSWith("id,type,name,cluster,pagerank\n"+fs.nodes, fs.edges))
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, w)
	}
	return ws
}

// TestDynamicGEXFNetworkX reads the dynamic GEXF with NetworkX 2.8's
// read_gexf: the node and edge spells are the waves each is in, and
// every attribute a list of (value, start, end) over the waves it holds.
func TestDynamicGEXFNetworkX(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDynamicGEXF(&buf, "three <waves>", threeWaves(t)); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, buf.Bytes())
		}
	}
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import networkx").Run(); err != nil {
		t.Skip("no NetworkX at /usr/bin/python3")
	}
	path := filepath.Join(t.TempDir(), "network.gexf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sys, networkx as nx
G = nx.read_gexf(sys.argv[1])
out = {"mode": G.graph["mode"], "nodes": {}, "edges": {}}
for v, d in G.nodes(data=True):
    out["nodes"][v] = {"label": d["label"], "spells": d["spells"], "pagerank": d.get("pagerank"), "cluster": d.get("cluster"), "type": d.get("type")}
for u, v, d in G.edges(data=True):
    out["edges"][u + "->" + v] = {"spells": d["spells"], "volume": d.get("volume"), "kinds": d.get("kinds")}
assert all(isinstance(s, int) for _, d in G.nodes(data=True) for sp in d["spells"] for s in sp), "spells not int"
assert all(isinstance(s, int) for _, _, d in G.edges(data=True) for sp in d["spells"] for s in sp), "spells not int"
print(json.dumps(out, sort_keys=True))
`
	cmd := exec.Command(py, "-c", script, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("read_gexf: %v\n%s\n%s", err, stderr.Bytes(), buf.Bytes())
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"mode": "dynamic",
		"nodes": map[string]any{
			"a": map[string]any{"label": "Alpha", "spells": []any{[]any{1.0, 3.0}},
				"pagerank": []any{[]any{0.5, 1.0, 2.0}, []any{0.4, 3.0, 3.0}}, "cluster": []any{[]any{"K", 1.0, 3.0}},
				"type": []any{[]any{"firm", 1.0, 3.0}}},
			"b": map[string]any{"label": "Beta & <Co>", "spells": []any{[]any{1.0, 1.0}, []any{3.0, 3.0}},
				"pagerank": []any{[]any{0.25, 1.0, 1.0}, []any{0.2, 3.0, 3.0}}, "cluster": []any{[]any{"K", 1.0, 1.0}, []any{"K", 3.0, 3.0}},
				"type": []any{[]any{"firm", 1.0, 1.0}, []any{"firm", 3.0, 3.0}}},
			`e`: map[string]any{"label": `E\u0001`, "spells": []any{[]any{3.0, 3.0}},
				"pagerank": []any{[]any{0.1, 3.0, 3.0}}, "cluster": []any{[]any{"K", 3.0, 3.0}}, "type": []any{[]any{"firm", 3.0, 3.0}}},
			"m": map[string]any{"label": "M", "spells": []any{[]any{1.0, 3.0}},
				"pagerank": []any{[]any{0.25, 1.0, 1.0}, []any{0.5, 2.0, 2.0}, []any{0.3, 3.0, 3.0}}, "cluster": nil,
				"type": []any{[]any{"market", 1.0, 3.0}}},
		},
		"edges": map[string]any{
			"a->m": map[string]any{"spells": []any{[]any{1.0, 3.0}}, "volume": []any{[]any{2.0, 1.0, 2.0}, []any{5.0, 3.0, 3.0}},
				"kinds": []any{[]any{"sale", 1.0, 2.0}, []any{"sale;supply", 3.0, 3.0}}},
			"b->m": map[string]any{"spells": []any{[]any{1.0, 1.0}, []any{3.0, 3.0}}, "volume": []any{[]any{3.0, 1.0, 1.0}, []any{3.0, 3.0, 3.0}},
				"kinds": []any{[]any{"sale", 1.0, 1.0}, []any{"sale", 3.0, 3.0}}},
			"e->m": map[string]any{"spells": []any{[]any{3.0, 3.0}}, "volume": []any{[]any{1.0, 3.0, 3.0}}, "kinds": []any{[]any{"sale", 3.0, 3.0}}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("NetworkX reads\n%s", g)
	}
}

func TestRuns(t *testing.T) {
	if got := runs([]bool{true, true, false, true, false, false, true}); !reflect.DeepEqual(got, []span{{1, 2}, {4, 4}, {7, 7}}) {
		t.Errorf("runs %v", got)
	}
	got := valueRuns([]string{"x", "x", "", "x", "y", "y"})
	if len(got) != 3 || got[0].s != (span{1, 2}) || got[1].s != (span{4, 4}) || got[2].v != "y" || got[2].s != (span{5, 6}) {
		t.Errorf("valueRuns %v", got)
	}
}
