package waves

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"

	"clusterchain/report"
)

// EdgesFile is the edge list of G that analyze writes beside the tables
// (edges.csv: from,to,volume,kinds) and that churn and the dynamic GEXF
// read.
const EdgesFile = "edges.csv"

// ErrNoEdges is an analysis output without edges.csv: it was written by
// an older clusterchain, or with --formats that left the CSV tables out.
var ErrNoEdges = errors.New("no edges.csv (the edge list of the network): it was written before clusterchain wrote one, or without the csv format; run 'clusterchain analyze DATASET -o DIR' again")

// Edge is one edge of G, by the ids of its ends, with its volume and the
// kinds of its links (";"-joined) as edges.csv holds them.
type Edge struct {
	From, To string
	Volume   string
	Kinds    string
}

// Wave is what churn and the dynamic GEXF need of one analysis output:
// its edges, the cluster of every firm, and its node and cluster tables.
type Wave struct {
	Edges []Edge
	// Cluster holds the cluster id of every firm in a cluster.
	Cluster map[string]string
	// Clusters lists every cluster id (rows of clusters.csv and clusters
	// named by firms), sorted.
	Clusters []string
	// Nodes and ClusterTable are nodes.csv and clusters.csv as read
	// (empty tables when absent).
	Nodes, ClusterTable report.Table
}

// ReadWave reads edges.csv, nodes.csv and clusters.csv of an analysis
// output. A directory without edges.csv is ErrNoEdges, without nodes.csv
// an error; a dataset directory is ErrDataset.
func ReadWave(fsys fs.FS) (*Wave, error) {
	tables, err := ReadTables(fsys)
	if err != nil {
		return nil, err
	}
	edges, err := ReadEdges(fsys)
	if err != nil {
		return nil, err
	}
	return NewWave(tables, edges)
}

// ReadEdges reads edges.csv of an analysis output: ErrNoEdges when it is
// absent, an error naming the line of an edge given twice.
func ReadEdges(fsys fs.FS) ([]Edge, error) {
	f, err := fsys.Open(EdgesFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoEdges
	}
	if err != nil {
		return nil, err
	}
	et, err := ReadTable(f, EdgesFile)
	f.Close()
	if err != nil {
		return nil, err
	}
	from, to, vol, kinds := column(et, "from"), column(et, "to"), column(et, "volume"), column(et, "kinds")
	if from < 0 || to < 0 {
		return nil, fmt.Errorf("%s: the header has no from and to columns", EdgesFile)
	}
	seen := make(map[[2]string]bool, len(et.Rows))
	edges := make([]Edge, 0, len(et.Rows))
	for i, r := range et.Rows {
		e := Edge{From: cellAt(r, from), To: cellAt(r, to), Volume: cellAt(r, vol), Kinds: cellAt(r, kinds)}
		k := [2]string{e.From, e.To}
		if seen[k] {
			return nil, fmt.Errorf("%s: line %d: the edge %s → %s appears twice", EdgesFile, i+2, e.From, e.To)
		}
		seen[k] = true
		edges = append(edges, e)
	}
	return edges, nil
}

func column(t report.Table, name string) int { return slices.Index(t.Header, name) }

func cellAt(r []string, i int) string {
	if i < 0 || i >= len(r) {
		return ""
	}
	return r[i]
}

// NewWave puts together a wave from the tables of an analysis output
// (nodes.csv is needed for the firms' clusters; clusters.csv adds the
// clusters without firms) and its edges.
func NewWave(tables []report.Table, edges []Edge) (*Wave, error) {
	w := &Wave{Edges: edges, Cluster: map[string]string{}}
	for _, t := range tables {
		switch t.Name {
		case "nodes.csv":
			w.Nodes = t
		case "clusters.csv":
			w.ClusterTable = t
		}
	}
	if w.Nodes.Name == "" {
		return nil, fmt.Errorf("no nodes.csv: the clusters of the firms are unknown")
	}
	id, typ, cl := column(w.Nodes, "id"), column(w.Nodes, "type"), column(w.Nodes, "cluster")
	if id < 0 || typ < 0 || cl < 0 {
		return nil, fmt.Errorf("nodes.csv: the header has no id, type and cluster columns")
	}
	set := map[string]bool{}
	for _, r := range w.Nodes.Rows {
		if cellAt(r, typ) == "firm" && cellAt(r, cl) != "" {
			w.Cluster[cellAt(r, id)] = cellAt(r, cl)
			set[cellAt(r, cl)] = true
		}
	}
	if ci := column(w.ClusterTable, "id"); ci >= 0 {
		for _, r := range w.ClusterTable.Rows {
			set[cellAt(r, ci)] = true
		}
	}
	for c := range set {
		w.Clusters = append(w.Clusters, c)
	}
	slices.Sort(w.Clusters)
	return w, nil
}

// NetworkRow is the Cluster of the churn row for the whole network.
const NetworkRow = "*"

// Churn is one row of churn.csv: how the edges of G touching a cluster's
// firms (a firm of the cluster at either end) and the cluster's partners
// (the nodes outside it at the other end of those edges) changed from
// wave A to wave B. Clusters are matched by id, firms and partners by id;
// a firm's cluster is the one it has in each wave. For the whole network
// (Cluster "*") the edges are all of G's and the partners every node with
// an edge.
type Churn struct {
	Cluster                                 string
	LinksA, LinksB, Kept, Lost, New         int
	PartnersKept, PartnersLost, PartnersNew int
}

// Persistence is Kept / LinksA, the share of A's edges still there in B;
// 0 when A has none.
func (c Churn) Persistence() float64 {
	if c.LinksA == 0 {
		return 0
	}
	return float64(c.Kept) / float64(c.LinksA)
}

// ChurnColumns is the header of churn.csv.
var ChurnColumns = []string{"cluster", "links_a", "links_b", "kept", "lost", "new", "partners_kept", "partners_lost", "partners_new"}

// edgeSets are one wave's edges and partners, per cluster and for the
// whole network.
type edgeSets struct {
	links       map[string]map[[2]string]bool
	partners    map[string]map[string]bool
	all         map[[2]string]bool
	allPartners map[string]bool
}

func (w *Wave) sets() edgeSets {
	s := edgeSets{links: map[string]map[[2]string]bool{}, partners: map[string]map[string]bool{},
		all: make(map[[2]string]bool, len(w.Edges)), allPartners: map[string]bool{}}
	add := func(c string, e [2]string, partner string) {
		if s.links[c] == nil {
			s.links[c], s.partners[c] = map[[2]string]bool{}, map[string]bool{}
		}
		s.links[c][e] = true
		if partner != "" {
			s.partners[c][partner] = true
		}
	}
	for _, e := range w.Edges {
		k := [2]string{e.From, e.To}
		s.all[k] = true
		s.allPartners[e.From], s.allPartners[e.To] = true, true
		cf, ct := w.Cluster[e.From], w.Cluster[e.To]
		if cf != "" && cf == ct {
			add(cf, k, "")
			continue
		}
		if cf != "" {
			add(cf, k, e.To)
		}
		if ct != "" {
			add(ct, k, e.From)
		}
	}
	return s
}

// counts returns |a ∩ b|, |a \ b|, |b \ a|.
func counts[K comparable](a, b map[K]bool) (kept, lost, added int) {
	for k := range a {
		if b[k] {
			kept++
		} else {
			lost++
		}
	}
	return kept, lost, len(b) - kept
}

// ChurnOf compares two waves: one row per cluster of either wave, by id,
// then, always last, the row "*" for the whole network (last also when a
// cluster is itself called "*").
func ChurnOf(a, b *Wave) []Churn {
	sa, sb := a.sets(), b.sets()
	ids := append(append([]string{}, a.Clusters...), b.Clusters...)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make([]Churn, 0, len(ids)+1)
	row := func(c string, la, lb map[[2]string]bool, pa, pb map[string]bool) Churn {
		r := Churn{Cluster: c, LinksA: len(la), LinksB: len(lb)}
		r.Kept, r.Lost, r.New = counts(la, lb)
		r.PartnersKept, r.PartnersLost, r.PartnersNew = counts(pa, pb)
		return r
	}
	for _, c := range ids {
		out = append(out, row(c, sa.links[c], sb.links[c], sa.partners[c], sb.partners[c]))
	}
	return append(out, row(NetworkRow, sa.all, sb.all, sa.allPartners, sb.allPartners))
}

// ChurnTable is churn.csv.
func ChurnTable(rows []Churn) report.Table {
	t := report.Table{Name: "churn.csv", Header: ChurnColumns, Keys: 1,
		Text: []bool{true, false, false, false, false, false, false, false, false}}
	for _, r := range rows {
		rec := []string{r.Cluster}
		for _, x := range []int{r.LinksA, r.LinksB, r.Kept, r.Lost, r.New, r.PartnersKept, r.PartnersLost, r.PartnersNew} {
			rec = append(rec, strconv.Itoa(x))
		}
		t.Rows = append(t.Rows, rec)
	}
	return t
}
