package loaders

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"clusterchain/interop"
	"clusterchain/network"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The "done when": the sample as NetworkX 2.8 writes it
// (testdata/graphs/make_networkx.py: write_gexf, write_graphml, with the
// clusters as nodes of type cluster) gives the CSV sample's tables.
func TestNetworkXFiles(t *testing.T) {
	want := loadSample(t)
	for _, name := range []string{"zhejiang.nx.gexf", "zhejiang.nx.graphml"} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{name: {Data: readTestdata(t, "graphs/"+name)}}
			got, err := LoadGraph(fsys, name, Options{Name: "zhejiang"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Dataset.Links) != len(want.Dataset.Links) {
				t.Fatalf("%d links, the sample has %d: the sample changed; run /usr/bin/python3 loaders/testdata/graphs/make_networkx.py",
					len(got.Dataset.Links), len(want.Dataset.Links))
			}
			sameTables(t, got, want)
		})
	}
}

// NetworkX's write_pajek keeps string attributes and the weight: types,
// clusters, names and kinds read back, volumes too (an unknown one was
// written as 0).
func TestNetworkXPajek(t *testing.T) {
	want := loadSample(t)
	fsys := fstest.MapFS{"z.net": {Data: readTestdata(t, "graphs/zhejiang.nx.net")}}
	got, err := LoadGraph(fsys, "z.net", Options{Name: "zhejiang"})
	if err != nil {
		t.Fatal(err)
	}
	g, w := got.Dataset, want.Dataset
	if len(g.Nodes) != len(w.Nodes) || len(g.Links) != len(w.Links) {
		t.Fatalf("%d nodes, %d links", len(g.Nodes), len(g.Links))
	}
	for i, nd := range w.Nodes {
		if a := g.Nodes[i]; a.ID != nd.ID || a.Type != nd.Type || a.Name != nd.Name || a.Cluster != nd.Cluster {
			t.Errorf("node %+v, want %+v", a, nd)
		}
	}
	for i, l := range w.Links {
		if g.Links[i] != l {
			t.Errorf("link %+v, want %+v", g.Links[i], l)
		}
	}
}

// analyze writes network.gexf, network.graphml and network.net: each
// reads back to the same network (nodes, types, names, clusters,
// attributes; links with kinds and volumes; the figures the files carry
// are not read). What the formats cannot carry: cluster names and
// attributes (clusters are named by their ids), and an unknown volume,
// which the exports write as weight 0; Pajek carries no types, kinds or
// attributes at all (every vertex a firm).
func TestExportsReadBack(t *testing.T) {
	want := loadSample(t)
	nw, err := network.New(want.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"network.gexf", func(b *bytes.Buffer) error { return interop.WriteGEXF(b, a) }},
		{"network.graphml", func(b *bytes.Buffer) error { return interop.WriteGraphML(b, a) }},
		{"network.net", func(b *bytes.Buffer) error { return interop.WritePajek(b, a) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf); err != nil {
				t.Fatal(err)
			}
			got, err := LoadGraph(fstest.MapFS{tc.file: {Data: buf.Bytes()}}, tc.file, Options{Name: "zhejiang"})
			if err != nil {
				t.Fatal(err)
			}
			g, w := got.Dataset, want.Dataset
			if len(g.Nodes) != len(w.Nodes) || len(g.Links) != len(w.Links) {
				t.Fatalf("%d nodes, %d links; want %d, %d", len(g.Nodes), len(g.Links), len(w.Nodes), len(w.Links))
			}
			pajek := tc.file == "network.net"
			// The exports list the nodes in nodes.csv order (by type, then
			// id): compare them by id.
			byID := map[string]network.Node{}
			for _, nd := range g.Nodes {
				byID[nd.ID] = nd
			}
			for _, nd := range w.Nodes {
				x := byID[nd.ID]
				if pajek {
					if x.ID != nd.ID || x.Type != network.Firm {
						t.Errorf("node %+v, want id %s", x, nd.ID)
					}
					continue
				}
				if x.ID != nd.ID || x.Type != nd.Type || x.Name != nd.Name || x.Cluster != nd.Cluster {
					t.Errorf("node %+v, want %+v", x, nd)
				}
				if len(x.Attrs) != len(nd.Attrs) {
					t.Errorf("%s: attributes %v, want %v", nd.ID, x.Attrs, nd.Attrs)
					continue
				}
				for j := range nd.Attrs {
					if x.Attrs[j] != nd.Attrs[j] {
						t.Errorf("%s: attribute %v, want %v", nd.ID, x.Attrs[j], nd.Attrs[j])
					}
				}
			}
			for i, l := range w.Links {
				x := g.Links[i]
				if pajek {
					l.Kind = network.DefaultKind(network.Firm, network.Firm)
				}
				if x != l {
					t.Errorf("link %+v, want %+v", x, l)
				}
			}
			var ids []string
			for _, c := range g.Clusters {
				ids = append(ids, c.ID)
			}
			var wantIDs []string
			for _, c := range w.Clusters {
				wantIDs = append(wantIDs, c.ID)
			}
			if !pajek && strings.Join(ids, ",") != strings.Join(wantIDs, ",") {
				t.Errorf("clusters %v, want %v", ids, wantIDs)
			}
			if !pajek {
				figures := false
				for _, w := range got.Warnings {
					figures = figures || strings.Contains(w.Message, "in_degree")
				}
				if !figures {
					t.Errorf("no warning about the figures not read: %v", got.Warnings)
				}
			}
		})
	}
}

// Every figure column of clusterchain's exports is known as one, so that
// none reads back as an input attribute.
func TestFigureColumnsCoverExports(t *testing.T) {
	res := loadSample(t)
	nw, err := network.New(res.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	input := map[string]bool{"type": true, "name": true, "cluster": true}
	for _, nd := range res.Dataset.Nodes {
		for _, at := range nd.Attrs {
			input[at.Key] = true
		}
	}
	cols, _ := interop.Columns(a)
	for _, c := range cols {
		if !input[c.Name] && !figureColumns[c.Name] {
			t.Errorf("column %s of the exports is not a known figure", c.Name)
		}
	}
}

// A GEXF 1.3 file in the shape Gephi 0.10 exports (viz elements, a
// modularity class, title-cased attribute titles, GEXF 1.3's edge kind,
// an edge without a weight, which GEXF weighs 1). Modelled on Gephi's
// export format, not written by Gephi itself.
func TestGephiGEXF(t *testing.T) {
	fsys := fstest.MapFS{"g.gexf": {Data: readTestdata(t, "graphs/gephi.gexf")}}
	res, err := LoadGraph(fsys, "g.gexf", Options{})
	golden(t, "graphs/gephi.golden", dump(res, err))
}
