package report

import (
	"io"
	"sort"
	"strings"

	"clusterchain/network"
)

// EdgeColumns is the header of edges.csv.
var EdgeColumns = []string{"from", "to", "volume", "kinds"}

// EdgesTable is edges.csv: one row per edge of G (SPEC §2: one per
// distinct from → to pair of links), sorted by from id, then to id (byte
// order), with the summed volume of its links and the kinds of those
// links, ";"-joined in byte order. diff and waves compare the edge lists
// of two outputs (churn.csv, the dynamic GEXF).
func EdgesTable(a *network.Analysis) Table {
	nw := a.Network
	nodes := nw.Nodes()
	links := nw.Links() // sorted by (from, to, kind) index
	t := Table{Name: "edges.csv", Header: EdgeColumns, Keys: 2, Text: []bool{true, true, false, true}}
	g := nw.G()
	for i := 0; i < len(links); {
		j := i
		var kinds []string
		for ; j < len(links) && links[j].From == links[i].From && links[j].To == links[i].To; j++ {
			kinds = append(kinds, links[j].Kind.String())
		}
		sort.Strings(kinds)
		u, v := links[i].From, links[i].To
		adj, w := g.Out(u)
		k := sort.Search(len(adj), func(x int) bool { return adj[x] >= v })
		t.Rows = append(t.Rows, []string{nodes[u].ID, nodes[v].ID, Float(w[k]), strings.Join(kinds, ";")})
		i = j
	}
	sort.Slice(t.Rows, func(i, j int) bool {
		if t.Rows[i][0] != t.Rows[j][0] {
			return t.Rows[i][0] < t.Rows[j][0]
		}
		return t.Rows[i][1] < t.Rows[j][1]
	})
	return t
}

// WriteEdges writes edges.csv.
func WriteEdges(w io.Writer, a *network.Analysis) error { return EdgesTable(a).WriteCSV(w) }
