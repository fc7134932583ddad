package network

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Network is a validated, indexed cluster network. Node indices 0…n−1
// follow the output order: firms, then markets, then buyers, each sorted
// by id in byte order; they are also the node ids of the gonum graph G.
type Network struct {
	name      string
	nodes     []Node
	index     map[string]int32
	clusters  []Cluster
	clusterOf []int32 // per node: index into clusters, or −1
	links     []IndexedLink
	g         *Graph // G of SPEC §2
	s         *Graph // the subcontracting subgraph S
}

// IndexedLink is a Link whose ends are node indices.
type IndexedLink struct {
	From, To int32
	Kind     Kind
	Volume   float64
}

// Errors returned by New. The loaders package reports the same problems
// with file positions before New sees them.
var (
	ErrDuplicateID = errors.New("duplicate id")
	ErrUnknownID   = errors.New("unknown id")
	ErrSelfLink    = errors.New("self-link")
	ErrDirection   = errors.New("link kind not allowed in this direction")
	ErrVolume      = errors.New("volume is negative or not finite")
	ErrEmptyID     = errors.New("empty id")
	ErrDuplicate   = errors.New("duplicate link")
)

// New checks d and builds the network. Clusters named by firms but absent
// from d.Clusters are added with their id as name; empty names default to
// the id. Links must already be summed: two links with the same From, To
// and Kind are an error.
func New(d Dataset) (*Network, error) {
	nw := &Network{name: d.Name}
	nw.nodes = make([]Node, len(d.Nodes))
	copy(nw.nodes, d.Nodes)
	sort.SliceStable(nw.nodes, func(i, j int) bool {
		a, b := nw.nodes[i], nw.nodes[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.ID < b.ID
	})
	nw.index = make(map[string]int32, len(nw.nodes))
	for i := range nw.nodes {
		nd := &nw.nodes[i]
		if nd.ID == "" {
			return nil, fmt.Errorf("%w (a %s)", ErrEmptyID, nd.Type)
		}
		if nd.Type > Buyer {
			return nil, fmt.Errorf("node %q: unknown type %v", nd.ID, nd.Type)
		}
		if _, dup := nw.index[nd.ID]; dup {
			return nil, fmt.Errorf("%w %q", ErrDuplicateID, nd.ID)
		}
		nw.index[nd.ID] = int32(i)
		if nd.Name == "" {
			nd.Name = nd.ID
		}
		if nd.Type != Firm {
			nd.Cluster = ""
		}
	}

	// Clusters: declared ones plus those only named by firms.
	cidx := make(map[string]int32, len(d.Clusters))
	for _, c := range d.Clusters {
		if c.ID == "" {
			return nil, fmt.Errorf("%w (a cluster)", ErrEmptyID)
		}
		if _, dup := cidx[c.ID]; dup {
			return nil, fmt.Errorf("%w: cluster %q", ErrDuplicateID, c.ID)
		}
		if c.Name == "" {
			c.Name = c.ID
		}
		cidx[c.ID] = int32(len(nw.clusters))
		nw.clusters = append(nw.clusters, c)
	}
	for _, nd := range nw.nodes {
		if nd.Cluster == "" {
			continue
		}
		if _, ok := cidx[nd.Cluster]; !ok {
			cidx[nd.Cluster] = int32(len(nw.clusters))
			nw.clusters = append(nw.clusters, Cluster{ID: nd.Cluster, Name: nd.Cluster})
		}
	}
	sort.Slice(nw.clusters, func(i, j int) bool { return nw.clusters[i].ID < nw.clusters[j].ID })
	for i, c := range nw.clusters {
		cidx[c.ID] = int32(i)
	}
	nw.clusterOf = make([]int32, len(nw.nodes))
	for i, nd := range nw.nodes {
		nw.clusterOf[i] = -1
		if nd.Cluster != "" {
			nw.clusterOf[i] = cidx[nd.Cluster]
		}
	}

	// Links.
	nw.links = make([]IndexedLink, len(d.Links))
	for i, l := range d.Links {
		f, ok := nw.index[l.From]
		if !ok {
			return nil, fmt.Errorf("%w %q (link %d, from)", ErrUnknownID, l.From, i+1)
		}
		t, ok := nw.index[l.To]
		if !ok {
			return nil, fmt.Errorf("%w %q (link %d, to)", ErrUnknownID, l.To, i+1)
		}
		if f == t {
			return nil, fmt.Errorf("%w %q → %q", ErrSelfLink, l.From, l.To)
		}
		if !Allowed(l.Kind, nw.nodes[f].Type, nw.nodes[t].Type) {
			return nil, fmt.Errorf("%w: %s %s %q → %s %q", ErrDirection, l.Kind,
				nw.nodes[f].Type, l.From, nw.nodes[t].Type, l.To)
		}
		if l.Volume < 0 || math.IsNaN(l.Volume) || math.IsInf(l.Volume, 0) {
			return nil, fmt.Errorf("%w: %q → %q: %v", ErrVolume, l.From, l.To, l.Volume)
		}
		nw.links[i] = IndexedLink{From: f, To: t, Kind: l.Kind, Volume: l.Volume}
	}
	sort.Slice(nw.links, func(i, j int) bool {
		a, b := nw.links[i], nw.links[j]
		if a.From != b.From {
			return a.From < b.From
		}
		if a.To != b.To {
			return a.To < b.To
		}
		return a.Kind < b.Kind
	})
	for i := 1; i < len(nw.links); i++ {
		a, b := nw.links[i-1], nw.links[i]
		if a.From == b.From && a.To == b.To && a.Kind == b.Kind {
			return nil, fmt.Errorf("%w %q → %q (%s)", ErrDuplicate,
				nw.nodes[a.From].ID, nw.nodes[a.To].ID, a.Kind)
		}
	}

	arcs := make([]Arc, len(nw.links))
	var sub []Arc
	for i, l := range nw.links {
		arcs[i] = Arc{From: l.From, To: l.To, Weight: l.Volume}
		if l.Kind == Subcontract {
			sub = append(sub, Arc{From: l.From, To: l.To, Weight: l.Volume})
		}
	}
	nw.g = NewGraph(len(nw.nodes), arcs)
	nw.s = NewGraph(len(nw.nodes), sub)
	return nw, nil
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
	i, ok := nw.index[id]
	return i, ok
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
