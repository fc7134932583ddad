package interop

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/gexf12"

	"clusterchain/network"
	"clusterchain/synth"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// hostile is a small network whose names and ids carry markup, quotes,
// backslashes, line breaks and Chinese, with an edge of unknown (0)
// volume, a node with undefined figures, and input-table columns.
func hostile(t testing.TB) *network.Analysis {
	t.Helper()
	nw, err := network.New(network.Dataset{
		Name: "interop <&>",
		Nodes: []network.Node{
			{ID: "f1", Name: "<script>alert(1)</script>", Cluster: "c1",
				Attrs: []network.Attr{{Key: "town", Value: "Yiwu"}, {Key: "employees", Value: "12"}}},
			{ID: `f "2" \`, Name: "Stitch & \"Sons\" <Ltd>\nline two", Cluster: "c1",
				Attrs: []network.Attr{{Key: "town", Value: "Wenzhou & co"}, {Key: "label", Value: "taken"}}},
			{ID: "义乌 3", Name: "义乌市华丰饰品有限公司"},
			{ID: "=m1", Type: network.Market, Name: "Yiwu",
				Attrs: []network.Attr{{Key: "city", Value: "Yiwu"}, {Key: "cluster", Value: "collides with nodes.csv"}}},
			{ID: "b1", Type: network.Buyer, Name: "Walmart"},
		},
		Links: []network.Link{
			{From: `f "2" \`, To: "f1", Kind: network.Subcontract, Volume: 5},
			{From: `f "2" \`, To: "f1", Kind: network.Supply, Volume: 2},
			{From: "f1", To: "=m1", Kind: network.Sale, Volume: 1.5e6},
			{From: "义乌 3", To: "=m1", Kind: network.Sale, Volume: 0.1},
			{From: "=m1", To: "b1", Kind: network.Sale, Volume: 3},
			{From: "义乌 3", To: "b1", Kind: network.Sale, Volume: 0}, // unknown volume
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// generated is a synthetic network of 500 firms, analysed. (The
// embedded sample is read back by NetworkX in cmd/clusterchain's tests.)
func generated(t testing.TB) *network.Analysis {
	t.Helper()
	ds, err := synth.Generate(synth.Config{Firms: 500, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := network.New(*ds)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// figure returns node i's value of a nodes.csv column, straight from the
// analysis: a number, a bool as 0/1, or text; ok is false when the figure
// is undefined for the node (the files leave it out).
func figure(a *network.Analysis, i int, col string) (num float64, text string, ok bool) {
	f, nd := a.Nodes[i], a.Network.Nodes()[i]
	opt := func(v int32) (float64, string, bool) { return float64(v), "", v >= 0 }
	nan := func(x float64) (float64, string, bool) { return x, "", !math.IsNaN(x) }
	switch col {
	case "type":
		return 0, nd.Type.String(), true
	case "name":
		return 0, nd.Name, true
	case "cluster":
		return 0, nd.Cluster, nd.Cluster != ""
	case "in_degree":
		return float64(f.InDegree), "", true
	case "out_degree":
		return float64(f.OutDegree), "", true
	case "in_volume":
		return f.InVolume, "", true
	case "out_volume":
		return f.OutVolume, "", true
	case "betweenness":
		return f.Betweenness, "", true
	case "closeness":
		return f.Closeness, "", true
	case "harmonic":
		return f.Harmonic, "", true
	case "pagerank":
		return f.PageRank, "", true
	case "tier":
		return opt(f.Tier)
	case "depth":
		return opt(f.Depth)
	case "ring":
		if f.Ring < 0 {
			return 0, "", false
		}
		return 0, a.Network.Nodes()[f.Ring].ID, true
	case "hub":
		return f.Hub, "", true
	case "authority":
		return f.Authority, "", true
	case "constraint":
		return nan(f.Constraint)
	case "effective_size":
		return nan(f.EffectiveSize)
	case "core":
		return float64(f.Core), "", true
	case "cut":
		if f.Cut {
			return 1, "", true
		}
		return 0, "", true
	case "coordinator":
		return float64(f.Coordinator), "", true
	case "gatekeeper":
		return float64(f.Gatekeeper), "", true
	case "representative":
		return float64(f.Representative), "", true
	case "itinerant":
		return float64(f.Itinerant), "", true
	case "liaison":
		return float64(f.Liaison), "", true
	case "customer_hhi":
		return nan(f.CustomerHHI)
	case "top_customer_share":
		return nan(f.TopCustomerShare)
	case "community":
		return float64(f.Community), "", true
	case "trophic_level":
		return f.TrophicLevel, "", true
	case "coordinator_z", "gatekeeper_z", "representative_z", "itinerant_z", "liaison_z":
		role := map[string]int{"coordinator_z": 0, "gatekeeper_z": 1, "representative_z": 2, "itinerant_z": 3, "liaison_z": 4}[col]
		return nan(f.BrokerageZ[role])
	}
	for _, at := range nd.Attrs {
		if at.Key == col {
			x, _ := strconv.ParseFloat(at.Value, 64)
			return x, at.Value, true
		}
	}
	return 0, "", false
}

// parseValue reads an attribute value by its declared type (GEXF names).
func parseValue(typ, v string) (float64, error) {
	switch typ {
	case Integer:
		n, err := strconv.ParseInt(v, 10, 32)
		return float64(n), err
	case Long:
		n, err := strconv.ParseInt(v, 10, 64)
		return float64(n), err
	case Double:
		return strconv.ParseFloat(v, 64)
	case Boolean:
		b, err := strconv.ParseBool(v)
		if b {
			return 1, err
		}
		return 0, err
	}
	return 0, fmt.Errorf("type %q is not numeric", typ)
}

// checkNodes compares the attributes read back for every node (by id)
// with the analysis: every defined figure present with its exact value,
// every undefined one absent.
func checkNodes(t *testing.T, format string, a *network.Analysis, types map[string]string, got map[string]map[string]string) {
	t.Helper()
	nodes := a.Network.Nodes()
	if len(got) != len(nodes) {
		t.Errorf("%s: %d nodes, want %d", format, len(got), len(nodes))
	}
	cols, _ := Columns(a)
	for i, nd := range nodes {
		attrs, ok := got[nd.ID]
		if !ok {
			t.Errorf("%s: node %q missing", format, nd.ID)
			continue
		}
		for _, c := range cols {
			num, text, defined := figure(a, i, c.Name)
			v, present := attrs[c.Name]
			switch {
			case !defined && !present:
			case defined != present:
				t.Errorf("%s: node %q %s present %v, want %v", format, nd.ID, c.Name, present, defined)
			case types[c.Name] == String:
				if v != text {
					t.Errorf("%s: node %q %s = %q, want %q", format, nd.ID, c.Name, v, text)
				}
			default:
				x, err := parseValue(types[c.Name], v)
				if err != nil || x != num {
					t.Errorf("%s: node %q %s = %q (%v), want %v", format, nd.ID, c.Name, v, err, num)
				}
			}
		}
		for k := range attrs {
			if types[k] == "" {
				t.Errorf("%s: node %q has undeclared attribute %q", format, nd.ID, k)
			}
		}
	}
}

// wantEdges are the edges of G as "from→to" → weight.
func wantEdges(a *network.Analysis) map[string]float64 {
	nodes := a.Network.Nodes()
	m := map[string]float64{}
	g := a.Network.G()
	for u := int32(0); int(u) < g.Order(); u++ {
		adj, w := g.Out(u)
		for i, v := range adj {
			m[nodes[u].ID+"→"+nodes[v].ID] = w[i]
		}
	}
	return m
}

func checkEdges(t *testing.T, format string, a *network.Analysis, got map[string]float64) {
	t.Helper()
	want := wantEdges(a)
	if len(got) != len(want) {
		t.Errorf("%s: %d edges, want %d", format, len(got), len(want))
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%s: edge %s weight %v (present %v), want %v", format, k, g, ok, w)
		}
	}
}

// readGEXF reads a GEXF document with gonum's gexf12 types and checks it
// against the analysis.
func readGEXF(t *testing.T, a *network.Analysis, doc []byte) {
	t.Helper()
	var g gexf12.Content
	if err := xml.Unmarshal(doc, &g); err != nil {
		t.Fatalf("gexf: %v", err)
	}
	if g.XMLName.Space != GEXFNamespace || g.Version != "1.2" || g.Graph.DefaultEdgeType != "directed" {
		t.Errorf("gexf root: %v version %q edges %q", g.XMLName, g.Version, g.Graph.DefaultEdgeType)
	}
	types := map[string]string{}
	var edgeAttrs []string
	for _, as := range g.Graph.Attributes {
		for _, at := range as.Attributes {
			switch as.Class {
			case "node":
				if at.ID != at.Title {
					t.Errorf("gexf attribute id %q title %q", at.ID, at.Title)
				}
				// The types Gephi 0.9/0.10 offer for GEXF 1.2.
				switch at.Type {
				case Integer, Long, Double, Boolean, String:
				default:
					t.Errorf("gexf attribute %s has type %q", at.ID, at.Type)
				}
				if _, dup := types[at.ID]; dup {
					t.Errorf("gexf attribute %s declared twice", at.ID)
				}
				types[at.ID] = at.Type
			case "edge":
				edgeAttrs = append(edgeAttrs, at.ID+":"+at.Type)
			default:
				t.Errorf("gexf attributes class %q", as.Class)
			}
		}
	}
	if strings.Join(edgeAttrs, ",") != "kinds:string" {
		t.Errorf("gexf edge attributes %v", edgeAttrs)
	}
	got := map[string]map[string]string{}
	for i, n := range g.Graph.Nodes.Nodes {
		if nd := a.Network.Nodes()[i]; n.ID != nd.ID || n.Label != nd.Name {
			t.Errorf("gexf node %d: id %q label %q, want %q %q", i, n.ID, n.Label, nd.ID, nd.Name)
		}
		got[n.ID] = map[string]string{}
		if n.AttValues != nil {
			for _, v := range n.AttValues.AttValues {
				got[n.ID][v.For] = v.Value
			}
		}
	}
	if g.Graph.Nodes.Count != len(g.Graph.Nodes.Nodes) {
		t.Errorf("gexf nodes count=%d, %d nodes", g.Graph.Nodes.Count, len(g.Graph.Nodes.Nodes))
	}
	checkNodes(t, "gexf", a, types, got)
	// gexf12.Edge reads a missing weight as 0, so a written 0 and a
	// missing one look alike here: count the weight attributes as text.
	if n, m := bytes.Count(doc, []byte(" weight=\"")), len(g.Graph.Edges.Edges); n != m {
		t.Errorf("gexf: %d weights for %d edges", n, m)
	}
	edges := map[string]float64{}
	kinds := map[string]string{}
	for _, e := range g.Graph.Edges.Edges {
		edges[e.Source+"→"+e.Target] = e.Weight
		if e.AttValues != nil {
			kinds[e.Source+"→"+e.Target] = e.AttValues.AttValues[0].Value
		}
	}
	checkEdges(t, "gexf", a, edges)
	checkKinds(t, "gexf", a, kinds)
}

// checkKinds compares the kinds of every edge with the links of G.
func checkKinds(t *testing.T, format string, a *network.Analysis, got map[string]string) {
	t.Helper()
	nodes := a.Network.Nodes()
	want := map[string][]string{}
	for _, l := range a.Network.Links() {
		k := nodes[l.From].ID + "→" + nodes[l.To].ID
		want[k] = append(want[k], l.Kind.String())
	}
	for k, ks := range want {
		// Links are sorted by kind index: subcontract, supply, sale;
		// the files sort the names.
		m := map[string]bool{}
		for _, s := range ks {
			m[s] = true
		}
		for _, s := range strings.Split(got[k], ";") {
			if !m[s] {
				t.Errorf("%s: edge %s kinds %q, want %v", format, k, got[k], ks)
			}
			delete(m, s)
		}
		if len(m) > 0 {
			t.Errorf("%s: edge %s kinds %q, want %v", format, k, got[k], ks)
		}
	}
}

// GraphML as a reader sees it, independent of the writer's types.
type gmlDoc struct {
	XMLName xml.Name `xml:"graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string `xml:"id,attr"`
			Data []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
			Data   []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

func readGraphML(t *testing.T, a *network.Analysis, doc []byte) {
	t.Helper()
	var d gmlDoc
	if err := xml.Unmarshal(doc, &d); err != nil {
		t.Fatalf("graphml: %v", err)
	}
	if d.XMLName.Space != GraphMLNamespace || d.Graph.EdgeDefault != "directed" {
		t.Errorf("graphml root %v edgedefault %q", d.XMLName, d.Graph.EdgeDefault)
	}
	fromGraphML := map[string]string{"int": Integer, "long": Long, "double": Double, "boolean": Boolean, "string": String}
	name := map[string]string{} // key id → attr.name
	nodeTypes := map[string]string{}
	keyFor := map[string]string{}
	for _, k := range d.Keys {
		if _, dup := name[k.ID]; dup {
			t.Errorf("graphml key %s declared twice", k.ID)
		}
		name[k.ID], keyFor[k.ID] = k.Name, k.For
		typ, ok := fromGraphML[k.Type]
		if !ok {
			t.Errorf("graphml key %s attr.type %q", k.ID, k.Type)
		}
		if k.For == "node" {
			nodeTypes[k.Name] = typ
		}
	}
	got := map[string]map[string]string{}
	for _, n := range d.Graph.Nodes {
		got[n.ID] = map[string]string{}
		for _, v := range n.Data {
			if keyFor[v.Key] != "node" {
				t.Errorf("graphml node %s: data key %q is not a node key", n.ID, v.Key)
			}
			got[n.ID][name[v.Key]] = v.Value
		}
	}
	checkNodes(t, "graphml", a, nodeTypes, got)
	edges := map[string]float64{}
	kinds := map[string]string{}
	for _, e := range d.Graph.Edges {
		k := e.Source + "→" + e.Target
		edges[k] = math.NaN()
		for _, v := range e.Data {
			if keyFor[v.Key] != "edge" {
				t.Errorf("graphml edge %s: data key %q is not an edge key", k, v.Key)
			}
			switch name[v.Key] {
			case "weight":
				w, err := strconv.ParseFloat(v.Value, 64)
				if err != nil {
					t.Error(err)
				}
				edges[k] = w
			case "kinds":
				kinds[k] = v.Value
			}
		}
	}
	checkEdges(t, "graphml", a, edges)
	checkKinds(t, "graphml", a, kinds)
}

// readPajek parses network.net as Pajek does: *Vertices n, then vertices
// numbered 1…n, each with a quoted label, then *Arcs "from to weight".
func readPajek(t *testing.T, a *network.Analysis, doc []byte) {
	t.Helper()
	nodes := a.Network.Nodes()
	sc := bufio.NewScanner(bytes.NewReader(doc))
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) < len(nodes)+2 || lines[0] != fmt.Sprintf("*Vertices %d", len(nodes)) || lines[len(nodes)+1] != "*Arcs" {
		t.Fatalf("pajek layout:\n%s", doc)
	}
	for i, nd := range nodes {
		num, label, ok := strings.Cut(lines[i+1], " ")
		want := PajekLabel(nd.ID)
		if !ok || num != strconv.Itoa(i+1) || label != want {
			t.Errorf("pajek vertex line %q, want %d %s", lines[i+1], i+1, want)
		}
		if got, ok := unquotePajek(label); !ok || got != EncodeID(nd.ID) {
			t.Errorf("pajek label %s is not one quoted string of %q (got %q)", label, EncodeID(nd.ID), got)
		}
	}
	edges := map[string]float64{}
	for _, l := range lines[len(nodes)+2:] {
		f := strings.Fields(l)
		if len(f) != 3 {
			t.Errorf("pajek arc %q", l)
			continue
		}
		u, err1 := strconv.Atoi(f[0])
		v, err2 := strconv.Atoi(f[1])
		w, err3 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil || err3 != nil || u < 1 || v < 1 || u > len(nodes) || v > len(nodes) {
			t.Errorf("pajek arc %q", l)
			continue
		}
		edges[nodes[u-1].ID+"→"+nodes[v-1].ID] = w
	}
	checkEdges(t, "pajek", a, edges)
}

// unquotePajek reads a label as a POSIX shell (Python's shlex) reads one
// double-quoted word: \" is a quote, \\ a backslash, any other backslash
// itself; ok is false unless the whole label is one quoted word.
func unquotePajek(label string) (string, bool) {
	if len(label) < 2 || label[0] != '"' || label[len(label)-1] != '"' {
		return "", false
	}
	var b strings.Builder
	in := label[1 : len(label)-1]
	for i := 0; i < len(in); i++ {
		switch c := in[i]; {
		case c == '\\' && i+1 < len(in) && (in[i+1] == '"' || in[i+1] == '\\'):
			b.WriteByte(in[i+1])
			i++
		case c == '"':
			return "", false
		case c == '\\' && i+1 == len(in):
			return "", false // it would escape the closing quote
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// golden compares b with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, b []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(want, b) {
		t.Errorf("%s differs from its golden file (run go test -update): %v", name, err)
	}
}

type writer struct {
	file  string
	write func(*bytes.Buffer, *network.Analysis) error
	read  func(*testing.T, *network.Analysis, []byte)
}

var writers = []writer{
	{"network.gexf", func(b *bytes.Buffer, a *network.Analysis) error { return WriteGEXF(b, a) }, readGEXF},
	{"network.graphml", func(b *bytes.Buffer, a *network.Analysis) error { return WriteGraphML(b, a) }, readGraphML},
	{"network.net", func(b *bytes.Buffer, a *network.Analysis) error { return WritePajek(b, a) }, readPajek},
}

// Every file read back holds every node with every figure of the
// analysis (exactly: numbers are written in shortest round-trip form),
// every edge of G with its weight and kinds; the hostile network's files
// match their golden copies byte for byte, and two writes are identical.
func TestReadBack(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    *network.Analysis
	}{{"hostile", hostile(t)}, {"generated", generated(t)}} {
		for _, w := range writers {
			t.Run(tc.name+"/"+w.file, func(t *testing.T) {
				var b1, b2 bytes.Buffer
				if err := w.write(&b1, tc.a); err != nil {
					t.Fatal(err)
				}
				if err := w.write(&b2, tc.a); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
					t.Error("two writes differ")
				}
				w.read(t, tc.a, b1.Bytes())
				if tc.name == "hostile" {
					golden(t, w.file+".golden", b1.Bytes())
				}
			})
		}
	}
}

// User text never reaches the XML as markup, and undefined figures are
// left out rather than written as NaN.
func TestHostileText(t *testing.T) {
	a := hostile(t)
	for _, w := range writers[:2] {
		var b bytes.Buffer
		if err := w.write(&b, a); err != nil {
			t.Fatal(err)
		}
		doc := b.String()
		for _, bad := range []string{"<script>", "<Ltd>", "NaN", "Inf"} {
			if strings.Contains(doc, bad) {
				t.Errorf("%s contains %q", w.file, bad)
			}
		}
		// Well-formed throughout, not only in the parts a struct reads.
		d := xml.NewDecoder(strings.NewReader(doc))
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s: %v", w.file, err)
				}
				break
			}
		}
	}
	cols, _ := Columns(a)
	var names []string
	for _, c := range cols[len(cols)-3:] {
		names = append(names, c.Name+":"+c.Type)
	}
	// town, employees and city come after the nodes.csv columns in byte
	// order, employees as a number; "cluster" (taken by nodes.csv) and
	// "label" are left out.
	if got := strings.Join(names, ","); got != "city:string,employees:double,town:string" {
		t.Errorf("input columns %s", got)
	}
	for s, want := range map[string]bool{"12": true, "-3.5": true, "1e3": true, "0.5": true, "0": true,
		"0571": false, "NaN": false, "Inf": false, "12 people": false, "": false,
		"0x1p-2": false, "1_000": false, ".5": true, "5.": true, "+2": true, "1e999": false, " 1": false} {
		if isNumber(s) != want {
			t.Errorf("isNumber(%q) = %v", s, !want)
		}
	}
	if got := PajekLabel("a \"b\" \\c\nd"); got != `"a \"b\" \\c\\u000Ad"` {
		t.Errorf("PajekLabel = %s", got)
	}
}

func ExampleWritePajek() {
	nw, _ := network.New(network.Dataset{
		Nodes: []network.Node{{ID: "datang-01", Name: "Datang Socks"}, {ID: "socks city", Type: network.Market}},
		Links: []network.Link{{From: "datang-01", To: "socks city", Kind: network.Sale, Volume: 120}},
	})
	a, _ := network.Analyze(context.Background(), nw, network.Options{})
	var b bytes.Buffer
	WritePajek(&b, a)
	fmt.Print(b.String())
	// Output:
	// *Vertices 2
	// 1 "datang-01"
	// 2 "socks city"
	// *Arcs
	// 1 2 120
}
