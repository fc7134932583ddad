package network

import (
	"clusterchain/network/internal/neumaier"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Network is a validated, indexed cluster network. Node indices 0…n−1
// follow the output order: firms, then markets, then buyers, each sorted
// by id in byte order; they are also the node ids of the gonum graph G.
type Network struct {
	name      string
	nodes     []Node
	index     *idTable // id → index<<2 | type
	clusters  []Cluster
	clusterOf []int32 // per node: index into clusters, or −1
	links     []IndexedLink
	g         *Graph // G of SPEC §2
	s         *Graph // the subcontracting subgraph S
	// inVol and outVol are every node's summed incoming and outgoing
	// volume; clusterOut is out(C) of every cluster.
	inVol, outVol []float64
	clusterOut    []float64
}

// IndexedLink is a Link whose ends are node indices.
type IndexedLink struct {
	From, To int32
	Kind     Kind
	Volume   float64
}

// Errors returned by New and the Builder. The loaders package wraps the
// Builder's with the file positions of what it added.
var (
	ErrDuplicateID = errors.New("duplicate id")
	ErrUnknownID   = errors.New("unknown id")
	ErrSelfLink    = errors.New("self-link")
	ErrDirection   = errors.New("link kind not allowed in this direction")
	ErrVolume      = errors.New("volume is negative or not finite")
	ErrEmptyID     = errors.New("empty id")
	ErrDuplicate   = errors.New("duplicate link")
	// ErrVolumeOverflow is wrapped by a *VolumeOverflowError: a sum of
	// finite volumes that a table reports is beyond the largest float64.
	ErrVolumeOverflow = errors.New("volumes sum to more than the largest float64 (1.8e308)")
)

// VolumeOverflowError says which sum of volumes overflowed float64 and
// which links caused it. New checks every node's in- and out-volume,
// every cluster's out(C) and the summed volume of all links (which
// bounds every other sum a figure takes, such as a volume at risk
// summed over clusters).
type VolumeOverflowError struct {
	// Sum is "in-volume", "out-volume", "out(C)" or "total volume", or
	// "link volume" for the rows summed into one link (SumDuplicates).
	Sum string
	// ID is the node's or the cluster's id, empty for the total, or for
	// a link "from → to (kind)".
	ID string
	// Links are the rows of the links (New: positions in Dataset.Links,
	// from 0), in increasing order: the largest links of the sum, as few
	// as overflow on their own, with every row summed into them; for a
	// link volume, its rows up to the first at which the sum overflows.
	Links []int
	// Total is the number of links in the sum (for a link volume, of
	// rows).
	Total int
}

func (e *VolumeOverflowError) Error() string {
	what := e.Sum
	if e.ID != "" {
		what += fmt.Sprintf(" of %q", e.ID)
	}
	var b strings.Builder
	for i, l := range e.Links {
		if i == 5 {
			fmt.Fprintf(&b, " and %d more", len(e.Links)-5)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", l+1)
	}
	return fmt.Sprintf("%s: %v (links %s of its %d already do)", what, ErrVolumeOverflow, b.String(), e.Total)
}

func (e *VolumeOverflowError) Unwrap() error { return ErrVolumeOverflow }

// New checks d and builds the network: a Builder given d's nodes (in
// index order, so that the first problem reported is the first in that
// order), clusters and links (each link's row is its position in
// d.Links). Clusters named by firms but absent from d.Clusters are added
// with their id as name; empty names default to the id. Links must
// already be summed: two links with the same From, To and Kind are an
// error.
func New(d Dataset) (*Network, error) {
	nodes := d.Nodes
	if !slices.IsSortedFunc(nodes, func(a, b Node) int { return cmpNodes(&a, &b) }) {
		nodes = slices.Clone(nodes)
		sortNodes(nodes)
	}
	b := NewBuilder(d.Name, len(nodes))
	for _, nd := range nodes {
		if _, err := b.AddNode(nd); err != nil {
			return nil, err
		}
	}
	for _, c := range d.Clusters {
		if err := b.AddCluster(c); err != nil {
			return nil, err
		}
	}
	b.seq = b.NewBatch(len(d.Links))
	for i := range d.Links {
		if i+16 < len(d.Links) {
			b.seq.Prefetch(d.Links[i+16].To) // read ahead: misses overlap
		}
		if err := b.AddLink(d.Links[i].From, d.Links[i].To, d.Links[i].Kind, d.Links[i].Volume); err != nil {
			return nil, err
		}
	}
	return b.Build()
}

// sumVolumes sums the volumes that tables report — every node's in- and
// out-volume and every cluster's out(C) — and the volume of all links,
// and returns a *VolumeOverflowError for the first that overflows, or for
// a link whose summed rows overflow. raw are the links as added, sorted;
// groups, when not nil, says where each link's rows start in raw.
func (nw *Network) sumVolumes(raw []pendingLink, groups []int32) error {
	g := nw.g
	n := g.Order()
	rowsOf := func(i int) []pendingLink {
		if groups == nil {
			return raw[i : i+1]
		}
		return raw[groups[i]:groups[i+1]]
	}
	overflow := func(sum, id string, in func(l *IndexedLink) bool) error {
		e := &VolumeOverflowError{Sum: sum, ID: id}
		var chosen []int
		for i := range nw.links {
			if in(&nw.links[i]) {
				chosen = append(chosen, i)
			}
		}
		e.Total = len(chosen)
		// The largest first (the first added first among equals), until
		// they overflow on their own.
		slices.SortFunc(chosen, func(a, b int) int {
			if c := cmpFloat(nw.links[b].Volume, nw.links[a].Volume); c != 0 {
				return c
			}
			return int(rowsOf(a)[0].row) - int(rowsOf(b)[0].row)
		})
		s := 0.0
		for k, i := range chosen {
			if s += nw.links[i].Volume; math.IsInf(s, 1) {
				chosen = chosen[:k+1]
				break
			}
		}
		for _, i := range chosen {
			for _, r := range rowsOf(i) {
				e.Links = append(e.Links, int(r.row))
			}
		}
		slices.Sort(e.Links)
		return e
	}
	if groups != nil {
		for i := range nw.links {
			if l := &nw.links[i]; math.IsInf(l.Volume, 1) {
				e := &VolumeOverflowError{Sum: "link volume", ID: nw.nodes[l.From].ID + " → " + nw.nodes[l.To].ID + " (" + l.Kind.String() + ")"}
				rows := rowsOf(i)
				e.Total = len(rows)
				s := 0.0
				for _, r := range rows {
					e.Links = append(e.Links, int(r.row))
					if s += r.vol; math.IsInf(s, 1) {
						break
					}
				}
				return e
			}
		}
	}
	nw.inVol, nw.outVol = make([]float64, n), make([]float64, n)
	nw.clusterOut = make([]float64, len(nw.clusters))
	var total neumaier.Sum
	for v := int32(0); int(v) < n; v++ {
		_, ow := g.Out(v)
		_, iw := g.In(v)
		nw.outVol[v], nw.inVol[v] = neumaier.Of(ow), neumaier.Of(iw)
		for _, w := range ow {
			total.Add(w)
		}
	}
	cout := make([]neumaier.Sum, len(nw.clusters))
	for u := int32(0); int(u) < n; u++ {
		c := nw.clusterOf[u]
		if c < 0 {
			continue
		}
		adj, w := g.Out(u)
		for k, v := range adj {
			if nw.clusterOf[v] != c {
				cout[c].Add(w[k])
			}
		}
	}
	for c := range cout {
		nw.clusterOut[c] = cout[c].Value()
	}
	for v := range nw.nodes {
		id, v := nw.nodes[v].ID, int32(v)
		if math.IsInf(nw.outVol[v], 1) {
			return overflow("out-volume", id, func(l *IndexedLink) bool { return l.From == v })
		}
		if math.IsInf(nw.inVol[v], 1) {
			return overflow("in-volume", id, func(l *IndexedLink) bool { return l.To == v })
		}
	}
	for c, x := range nw.clusterOut {
		if math.IsInf(x, 1) {
			c := int32(c)
			return overflow("out(C)", nw.clusters[c].ID, func(l *IndexedLink) bool {
				return nw.clusterOf[l.From] == c && nw.clusterOf[l.To] != c
			})
		}
	}
	if math.IsInf(total.Value(), 1) {
		return overflow("total volume", "", func(*IndexedLink) bool { return true })
	}
	return nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sortNodes sorts nodes by type, then id: an index permutation is sorted
// and the nodes moved once.
func sortNodes(nodes []Node) {
	perm := make([]int32, len(nodes))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(a, b int32) int { return cmpNodes(&nodes[a], &nodes[b]) })
	out := make([]Node, len(nodes))
	for i, p := range perm {
		out[i] = nodes[p]
	}
	copy(nodes, out)
}

// Name returns the dataset name.
func (nw *Network) Name() string { return nw.name }

// Nodes returns the nodes in index order. The slice must not be modified.
func (nw *Network) Nodes() []Node { return nw.nodes }

// Clusters returns the clusters sorted by id. The slice must not be modified.
func (nw *Network) Clusters() []Cluster { return nw.clusters }

// Links returns the links sorted by (from, to, kind) index. The slice must
// not be modified.
func (nw *Network) Links() []IndexedLink { return nw.links }

// Index returns the index of the node with the given id.
func (nw *Network) Index(id string) (int32, bool) {
	v, ok := nw.index.get(id)
	return int32(v >> 2), ok
}

// ClusterOf returns the cluster index of node i, or −1.
func (nw *Network) ClusterOf(i int32) int32 { return nw.clusterOf[i] }

// G returns the simple directed graph of SPEC §2: one edge per distinct
// ordered pair, weighted by the summed volume of its links.
func (nw *Network) G() *Graph { return nw.g }

// S returns the subcontracting subgraph: subcontractor → contractor.
func (nw *Network) S() *Graph { return nw.s }

// Count returns the number of nodes of type t.
func (nw *Network) Count(t NodeType) int {
	c := 0
	for _, nd := range nw.nodes {
		if nd.Type == t {
			c++
		}
	}
	return c
}

// Dataset returns the network as a Dataset that New builds again: the
// nodes in index order, the clusters, and the links in index order, with
// names defaulted as New defaults them.
func (nw *Network) Dataset() Dataset {
	d := Dataset{Name: nw.name, Nodes: slices.Clone(nw.nodes), Clusters: slices.Clone(nw.clusters),
		Links: make([]Link, len(nw.links))}
	for i, l := range nw.links {
		d.Links[i] = Link{From: nw.nodes[l.From].ID, To: nw.nodes[l.To].ID, Kind: l.Kind, Volume: l.Volume}
	}
	return d
}
