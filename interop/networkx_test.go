package interop

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"clusterchain/internal/textsafe"
	"clusterchain/network"
	"clusterchain/report"
)

// requireNetworkX skips where Debian's NetworkX is missing and fails under
// CI (CI=true), whose setup installs it.
func requireNetworkX(t *testing.T) {
	t.Helper()
	out, err := exec.Command("/usr/bin/python3", "-c", "import networkx").CombinedOutput()
	if err == nil {
		return
	}
	msg := "python3-networkx not installed: " + strings.TrimSpace(string(out))
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// colliding is a network whose ids and names break naive exchange files:
// ids that XML writers merge (a\x01, a\x02), that Pajek quoting merged
// (q" and q', p\ and p/), non-characters and a bidi override in names, and
// an input column whose cells only look like numbers to Go (0x1p-2).
func colliding(t testing.TB) *network.Analysis {
	t.Helper()
	ids := []string{"a\x01", "a\x02", `q"`, "q'", `p\`, "p/", `a\u0001`, "tab\there", "new\nline", "bad\xffbyte"}
	var nodes []network.Node
	var links []network.Link
	for i, id := range ids {
		nodes = append(nodes, network.Node{ID: id, Name: "name \uFFFE\uFFFF \u202Eevil " + id, Cluster: ids[(i+3)%len(ids)],
			Attrs: []network.Attr{{Key: "hexnum", Value: "0x1p-2"}, {Key: "share", Value: "0.25"},
				{Key: "odd\x01key", Value: "v\uFFFF"}}})
		if i > 0 {
			links = append(links, network.Link{From: ids[i-1], To: id, Kind: network.Subcontract, Volume: float64(i)})
		}
	}
	links = append(links, network.Link{From: ids[len(ids)-1], To: ids[0], Kind: network.Subcontract, Volume: 1})
	nw, err := network.New(network.Dataset{Name: "collide \uFFFE", Nodes: nodes, Links: links})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// readNX is the Python side: every file read with NetworkX, each node with
// its attributes (Python types named), each edge with its weight.
const readNX = `
import json, sys, networkx as nx
d = sys.argv[1]
out = {}
for name, read in (("network.gexf", nx.read_gexf), ("network.graphml", nx.read_graphml), ("network.net", nx.read_pajek)):
    G = read(d + "/" + name)
    nodes = {}
    for n, attrs in G.nodes(data=True):
        nodes[n] = {k: [type(v).__name__, str(v)] for k, v in attrs.items()}
    edges = sorted([u, v, float(w)] for u, v, w in G.edges(data="weight"))
    out[name] = {"order": list(G.nodes()), "nodes": nodes, "edges": edges}
json.dump(out, sys.stdout)
`

// NetworkX reads every exchange file of the colliding network with all
// its nodes distinct (EncodeID of each id, DecodeID gives the id back),
// every edge, names shown visibly, and the hexadecimal-looking column as
// text (typing it double made read_gexf and read_graphml raise ValueError).
func TestNetworkXReadsDistinctIDs(t *testing.T) {
	requireNetworkX(t)
	a := colliding(t)
	dir := t.TempDir()
	for _, w := range writers {
		var b bytes.Buffer
		if err := w.write(&b, a); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, w.file), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var nodesCSV bytes.Buffer
	if err := report.WriteNodes(&nodesCSV, a); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "nodes.csv"), nodesCSV.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// The script that checks an analyze output against nodes.csv agrees.
	if msg, err := exec.Command("/usr/bin/python3", "-W", "ignore", "../scripts/nx_read_interop.py", dir).CombinedOutput(); err != nil {
		t.Errorf("nx_read_interop.py: %v\n%s", err, msg)
	}
	cmd := exec.Command("/usr/bin/python3", "-W", "ignore", "-c", readNX, dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("NetworkX: %v\n%s", err, stderr.Bytes())
	}
	var got map[string]struct {
		Order []string
		Nodes map[string]map[string][2]string
		Edges [][3]any
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	nodes := a.Network.Nodes()
	var want []string
	for _, nd := range nodes {
		want = append(want, EncodeID(nd.ID))
	}
	for _, w := range writers {
		g := got[w.file]
		if !slices.Equal(g.Order, want) {
			t.Errorf("%s: NetworkX read %d nodes\n%q\nwant %d\n%q", w.file, len(g.Order), g.Order, len(want), want)
		}
		for i, id := range g.Order {
			if i < len(nodes) && DecodeID(id) != nodes[i].ID {
				t.Errorf("%s: DecodeID(%q) = %q, want %q", w.file, id, DecodeID(id), nodes[i].ID)
			}
		}
		if len(g.Edges) != a.Network.G().Size() {
			t.Errorf("%s: %d edges, want %d", w.file, len(g.Edges), a.Network.G().Size())
		}
		if w.file == "network.net" {
			continue
		}
		for i, nd := range nodes {
			attrs := g.Nodes[want[i]]
			label := "label"
			if w.file == "network.graphml" {
				label = "name"
			}
			if v := attrs[label]; v[1] != textsafe.Visible(nd.Name) || strings.ContainsRune(v[1], '\u202E') {
				t.Errorf("%s: %s %q, want %q", w.file, label, v[1], textsafe.Visible(nd.Name))
			}
			if v := attrs["hexnum"]; v != [2]string{"str", "0x1p-2"} {
				t.Errorf("%s: hexnum read as %v", w.file, v)
			}
			if v := attrs["share"]; v != [2]string{"float", "0.25"} {
				t.Errorf("%s: share read as %v", w.file, v)
			}
			if v := attrs[`odd\u0001key`]; v != [2]string{"str", `v\uFFFF`} {
				t.Errorf("%s: odd key read as %v (%v)", w.file, v, attrs)
			}
			if v := attrs["cluster"]; DecodeID(v[1]) != nd.Cluster {
				t.Errorf("%s: cluster %q, want %q", w.file, v[1], nd.Cluster)
			}
		}
	}
}

// Without NetworkX too: the XML files of the colliding network are
// well-formed XML 1.0 for Go's strict parser, their node ids are
// EncodeID of each id in order, and every edge end names one of them.
func TestCollidingIDsWellFormed(t *testing.T) {
	a := colliding(t)
	nodes := a.Network.Nodes()
	for _, w := range writers[:2] {
		var b bytes.Buffer
		if err := w.write(&b, a); err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(&b)
		var ids []string
		ends := 0
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", w.file, err)
			}
			if se, ok := tok.(xml.StartElement); ok {
				for _, at := range se.Attr {
					switch {
					case se.Name.Local == "node" && at.Name.Local == "id":
						ids = append(ids, at.Value)
					case se.Name.Local == "edge" && (at.Name.Local == "source" || at.Name.Local == "target"):
						ends++
						if !slices.Contains(ids, at.Value) {
							t.Errorf("%s: edge end %q is no node", w.file, at.Value)
						}
					}
				}
			}
		}
		if len(ids) != len(nodes) || ends != 2*a.Network.G().Size() {
			t.Fatalf("%s: %d node ids, %d edge ends", w.file, len(ids), ends)
		}
		for i, id := range ids {
			if id != EncodeID(nodes[i].ID) || DecodeID(id) != nodes[i].ID {
				t.Errorf("%s: node %d id %q, want %q", w.file, i, id, EncodeID(nodes[i].ID))
			}
		}
	}
	var b bytes.Buffer
	if err := WritePajek(&b, a); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(b.String(), "\n"); lines != len(nodes)+2+a.Network.G().Size() {
		t.Errorf("network.net has %d lines", lines)
	}
}
