package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// clusterchain waves on three planted waves: churn.csv holds, pair by
// pair, what diff writes for that pair; network.gexf, read by NetworkX,
// has every node and edge of any wave with the spells of the waves it is
// in; waves.html is written; an output without edges.csv and a single
// wave are refused.
func TestWavesCommand(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w1, w2, w3 := filepath.Join(root, "w1"), filepath.Join(root, "w2"), filepath.Join(root, "w3")
	generate(t, w1, 200, "8")
	for _, w := range []string{w2, w3} {
		if err := os.CopyFS(w, os.DirFS(w1)); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	rewrite(t, w2, "links.csv", func(r []string) []string { // wave 2 loses every 9th link
		n++
		if n%9 == 0 {
			return nil
		}
		return r
	})
	n = 0
	rewrite(t, w3, "links.csv", func(r []string) []string { // wave 3 has them back, loses every 13th
		n++
		if n%13 == 0 {
			return nil
		}
		return r
	})
	var outs []string
	for i, w := range []string{w1, w2, w3} {
		o := filepath.Join(root, "out", []string{"2023", "2024", "2025"}[i])
		if code, _, errs := clusterchain(t, "analyze", w, "-o", o, "--formats", "csv"); code != 0 {
			t.Fatal(errs)
		}
		outs = append(outs, o)
	}
	dst := filepath.Join(root, "waves")
	code, stdout, errs := clusterchain(t, append(append([]string{"waves"}, outs...), "-o", dst)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, errs)
	}
	if !strings.Contains(stdout, "wave 1 (2023) → 2 (2024): ") || !strings.Contains(stdout, "wave 2 (2024) → 3 (2025): ") {
		t.Errorf("stdout:\n%s", stdout)
	}
	churn := readCSV(t, filepath.Join(dst, "churn.csv"))
	if strings.Join(churn[0], ",") != "from_wave,to_wave,cluster,links_a,links_b,kept,lost,new,partners_kept,partners_lost,partners_new" {
		t.Errorf("churn.csv header %v", churn[0])
	}
	for pair := 0; pair < 2; pair++ {
		d := filepath.Join(root, "diff", strings.Repeat("x", pair+1))
		if code, _, errs := clusterchain(t, "diff", outs[pair], outs[pair+1], "-o", d); code != 0 {
			t.Fatal(errs)
		}
		want := readCSV(t, filepath.Join(d, "churn.csv"))[1:]
		var got [][]string
		for _, r := range churn[1:] {
			if r[0] == string(rune('1'+pair)) {
				got = append(got, r[2:])
			}
		}
		if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Errorf("pair %d: churn.csv\n%v\ndiff's\n%v", pair+1, got, want)
		}
		if last := want[len(want)-1]; last[0] != "*" || last[4] == "0" {
			t.Errorf("pair %d: network row %v: nothing lost", pair+1, last)
		}
	}
	page, err := os.ReadFile(filepath.Join(dst, "waves.html"))
	if err != nil || !bytes.Contains(page, []byte("Wave 2 (2024) → wave 3 (2025)")) {
		t.Errorf("waves.html: %v", err)
	}

	// NetworkX: the union of the waves, each edge with its waves' spells.
	if err := exec.Command("/usr/bin/python3", "-c", "import networkx").Run(); err == nil {
		script := `
import json, sys, networkx as nx
G = nx.read_gexf(sys.argv[1])
print(json.dumps({"nodes": G.number_of_nodes(), "edges": {u + " " + v: d["spells"] for u, v, d in G.edges(data=True)}}))
`
		out, err := exec.Command("/usr/bin/python3", "-c", script, filepath.Join(dst, "network.gexf")).CombinedOutput()
		if err != nil {
			t.Fatalf("read_gexf: %v\n%s", err, out)
		}
		var g struct {
			Nodes int
			Edges map[string][][]int
		}
		if err := json.Unmarshal(out, &g); err != nil {
			t.Fatal(err)
		}
		in := make([]map[string]bool, 3)
		for i, o := range outs {
			in[i] = map[string]bool{}
			for _, r := range readCSV(t, filepath.Join(o, "edges.csv"))[1:] {
				in[i][r[0]+" "+r[1]] = true
			}
		}
		nodes := len(readCSV(t, filepath.Join(outs[0], "nodes.csv"))) - 1
		if g.Nodes != nodes {
			t.Errorf("%d nodes, want %d", g.Nodes, nodes)
		}
		if len(g.Edges) != len(in[0]) {
			t.Errorf("%d edges, want the %d of wave 1 (the union)", len(g.Edges), len(in[0]))
		}
		for e, spells := range g.Edges {
			var want [][]int
			for k := 0; k < 3; k++ {
				if !in[k][e] {
					continue
				}
				if len(want) > 0 && want[len(want)-1][1] == k {
					want[len(want)-1][1] = k + 1
				} else {
					want = append(want, []int{k + 1, k + 1})
				}
			}
			if !slices.EqualFunc(spells, want, slices.Equal[[]int]) {
				t.Errorf("edge %s: spells %v, want %v", e, spells, want)
			}
		}
	}

	// An output of an older clusterchain: no edges.csv.
	if err := os.Remove(filepath.Join(outs[1], "edges.csv")); err != nil {
		t.Fatal(err)
	}
	code, _, errs = clusterchain(t, "waves", outs[0], outs[1], "-o", filepath.Join(root, "w-old"))
	if code != 1 || !strings.Contains(errs, "no edges.csv") || !strings.Contains(errs, outs[1]) {
		t.Errorf("without edges.csv: exit %d, %s", code, errs)
	}
	if code, _, _ := clusterchain(t, "waves", outs[0], "-o", filepath.Join(root, "w-one")); code != 2 {
		t.Errorf("one wave: exit %d, want 2", code)
	}
	if code, _, errs := clusterchain(t, "waves", w1, outs[0], "-o", filepath.Join(root, "w-ds")); code != 1 || !strings.Contains(errs, "a dataset") {
		t.Errorf("a dataset as a wave: exit %d, %s", code, errs)
	}
}
