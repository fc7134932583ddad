package network

import (
	"clusterchain/network/internal/csr"
	"clusterchain/network/internal/neumaier"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
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
	// Sum is "in-volume", "out-volume", "out(C)" or "total volume".
	Sum string
	// ID is the node's or the cluster's id; empty for the total.
	ID string
	// Links are positions in Dataset.Links (from 0), in increasing
	// order: the largest links of the sum, as few as overflow on their
	// own.
	Links []int
	// Total is the number of links in the sum.
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

// New checks d and builds the network. Clusters named by firms but absent
// from d.Clusters are added with their id as name; empty names default to
// the id. Links must already be summed: two links with the same From, To
// and Kind are an error.
func New(d Dataset) (*Network, error) {
	nw := &Network{name: d.Name}
	nw.nodes = make([]Node, len(d.Nodes))
	copy(nw.nodes, d.Nodes)
	sortNodes(nw.nodes)
	nw.index = make(map[string]int32, len(nw.nodes))
	types := make([]NodeType, len(nw.nodes))
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
		types[i] = nd.Type
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
	for i := range nw.nodes {
		nd := &nw.nodes[i]
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
	last, lastIdx := "", int32(-1)
	for i := range nw.nodes {
		nw.clusterOf[i] = -1
		if c := nw.nodes[i].Cluster; c != "" {
			if c != last {
				last, lastIdx = c, cidx[c]
			}
			nw.clusterOf[i] = lastIdx
		}
	}

	// Links. Datasets often list links by from, in id order: the last
	// from's index, or the next one, spares most from lookups. Looking up
	// a million to ids goes through a table with the ids inline, faster
	// than the map when the ids outgrow the caches.
	nw.links = make([]IndexedLink, len(d.Links))
	lookup := func(id string) (int32, bool) {
		i, ok := nw.index[id]
		return i, ok
	}
	var table *idIndex
	if len(d.Links) >= 1<<16 {
		table = newIDIndex(nw.nodes)
		lookup = table.get
	}
	lastF := int32(-1)
	for i := range d.Links {
		if table != nil && i+16 < len(d.Links) {
			table.touch(d.Links[i+16].To) // read ahead: misses overlap
		}
		l := &d.Links[i]
		f, ok := lastF, false
		if lastF >= 0 {
			if l.From == nw.nodes[f].ID {
				ok = true
			} else if int(f+1) < len(nw.nodes) && l.From == nw.nodes[f+1].ID {
				f, ok = f+1, true
			}
		}
		if !ok {
			f, ok = lookup(l.From)
			if !ok {
				return nil, fmt.Errorf("%w %q (link %d, from)", ErrUnknownID, l.From, i+1)
			}
		}
		lastF = f
		t, ok := lookup(l.To)
		if !ok {
			return nil, fmt.Errorf("%w %q (link %d, to)", ErrUnknownID, l.To, i+1)
		}
		if f == t {
			return nil, fmt.Errorf("%w %q → %q", ErrSelfLink, l.From, l.To)
		}
		if !Allowed(l.Kind, types[f], types[t]) {
			return nil, fmt.Errorf("%w: %s %s %q → %s %q", ErrDirection, l.Kind,
				types[f], l.From, types[t], l.To)
		}
		if l.Volume < 0 || math.IsNaN(l.Volume) || math.IsInf(l.Volume, 0) {
			return nil, fmt.Errorf("%w: %q → %q: %v", ErrVolume, l.From, l.To, l.Volume)
		}
		nw.links[i] = IndexedLink{From: f, To: t, Kind: l.Kind, Volume: l.Volume}
	}
	sortLinks(nw.links, len(nw.nodes))
	for i := 1; i < len(nw.links); i++ {
		a, b := nw.links[i-1], nw.links[i]
		if a.From == b.From && a.To == b.To && a.Kind == b.Kind {
			return nil, fmt.Errorf("%w %q → %q (%s)", ErrDuplicate,
				nw.nodes[a.From].ID, nw.nodes[a.To].ID, a.Kind)
		}
	}

	arcs := make([]csr.Arc, len(nw.links))
	nsub := 0
	for _, l := range nw.links {
		if l.Kind == Subcontract {
			nsub++
		}
	}
	sub := make([]csr.Arc, 0, nsub)
	for i, l := range nw.links {
		arcs[i] = csr.Arc{From: l.From, To: l.To, Weight: l.Volume}
		if l.Kind == Subcontract {
			sub = append(sub, csr.Arc{From: l.From, To: l.To, Weight: l.Volume})
		}
	}
	nw.g = csr.New(len(nw.nodes), arcs)
	nw.s = csr.New(len(nw.nodes), sub)
	if err := nw.sumVolumes(d.Links); err != nil {
		return nil, err
	}
	return nw, nil
}

// sumVolumes sums the volumes that tables report — every node's in- and
// out-volume and every cluster's out(C) — and the volume of all links,
// and returns a *VolumeOverflowError for the first that overflows.
func (nw *Network) sumVolumes(links []Link) error {
	g := nw.g
	n := g.Order()
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
	overflow := func(sum, id string, in func(l *Link) bool) error {
		e := &VolumeOverflowError{Sum: sum, ID: id}
		for i := range links {
			if in(&links[i]) {
				e.Links = append(e.Links, i)
			}
		}
		e.Total = len(e.Links)
		// The largest first, until they overflow on their own.
		slices.SortStableFunc(e.Links, func(a, b int) int { return cmpFloat(links[b].Volume, links[a].Volume) })
		s := 0.0
		for k, i := range e.Links {
			if s += links[i].Volume; math.IsInf(s, 1) {
				e.Links = e.Links[:k+1]
				break
			}
		}
		slices.Sort(e.Links)
		return e
	}
	for v := range nw.nodes {
		id := nw.nodes[v].ID
		if math.IsInf(nw.outVol[v], 1) {
			return overflow("out-volume", id, func(l *Link) bool { return l.From == id })
		}
		if math.IsInf(nw.inVol[v], 1) {
			return overflow("in-volume", id, func(l *Link) bool { return l.To == id })
		}
	}
	for c, x := range nw.clusterOut {
		if math.IsInf(x, 1) {
			id := nw.clusters[c].ID
			return overflow("out(C)", id, func(l *Link) bool {
				f, _ := nw.Index(l.From)
				t, _ := nw.Index(l.To)
				return nw.clusterOf[f] == int32(c) && nw.clusterOf[t] != int32(c)
			})
		}
	}
	if math.IsInf(total.Value(), 1) {
		return overflow("total volume", "", func(*Link) bool { return true })
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

// idIndex maps node ids to indices like Network.index, for New's link
// lookups: ids of up to 16 bytes sit in the slot itself (open addressing,
// linear probing), so a lookup reads one cache line where a Go map reads
// three; longer ids fall back to a map.
type idIndex struct {
	slots []idSlot
	mask  uint64
	long  map[string]int32
	sink  int32 // keeps the reads ahead
}

type idSlot struct {
	lo, hi uint64 // the id's bytes, zero-padded
	idx    int32  // index + 1; 0 for an empty slot
	n      uint8
}

func packID(s string) (lo, hi uint64) {
	var b [16]byte
	copy(b[:], s)
	return binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])
}

func hashID(lo, hi uint64, n int) uint64 {
	h := lo * 0x9e3779b97f4a7c15
	h ^= hi*0xc2b2ae3d27d4eb4f + uint64(n)
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>32
}

func newIDIndex(nodes []Node) *idIndex {
	size := 16
	for size < 2*len(nodes) {
		size <<= 1
	}
	x := &idIndex{slots: make([]idSlot, size), mask: uint64(size - 1), long: map[string]int32{}}
	for i := range nodes {
		if i+32 < len(nodes) {
			x.touch(nodes[i+32].ID) // read ahead: misses overlap
		}
		id := nodes[i].ID
		if len(id) > 16 {
			x.long[id] = int32(i)
			continue
		}
		lo, hi := packID(id)
		for j := hashID(lo, hi, len(id)) & x.mask; ; j = (j + 1) & x.mask {
			if x.slots[j].idx == 0 {
				x.slots[j] = idSlot{lo: lo, hi: hi, idx: int32(i) + 1, n: uint8(len(id))}
				break
			}
		}
	}
	return x
}

// touch reads the slot where id's search starts, so that a later get
// finds it in the cache.
func (x *idIndex) touch(id string) {
	if len(id) <= 16 {
		lo, hi := packID(id)
		x.sink += x.slots[hashID(lo, hi, len(id))&x.mask].idx
	}
}

func (x *idIndex) get(id string) (int32, bool) {
	if len(id) > 16 {
		i, ok := x.long[id]
		return i, ok
	}
	lo, hi := packID(id)
	for j := hashID(lo, hi, len(id)) & x.mask; ; j = (j + 1) & x.mask {
		s := &x.slots[j]
		if s.idx == 0 {
			return 0, false
		}
		if s.lo == lo && s.hi == hi && int(s.n) == len(id) {
			return s.idx - 1, true
		}
	}
}

func cmpNodes(a, b *Node) int {
	if a.Type != b.Type {
		return int(a.Type) - int(b.Type)
	}
	return strings.Compare(a.ID, b.ID)
}

// sortNodes sorts nodes by type, then id. Loaders give nodes table by
// table, often sorted already: that is checked first. Otherwise an index
// permutation is sorted and the nodes moved once. Nodes with the same
// type and id are duplicates, which New rejects whatever their order.
func sortNodes(nodes []Node) {
	sorted := true
	for i := 1; i < len(nodes) && sorted; i++ {
		sorted = cmpNodes(&nodes[i-1], &nodes[i]) <= 0
	}
	if sorted {
		return
	}
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

func cmpLinks(a, b IndexedLink) int {
	switch {
	case a.From != b.From:
		return int(a.From) - int(b.From)
	case a.To != b.To:
		return int(a.To) - int(b.To)
	}
	return int(a.Kind) - int(b.Kind)
}

// sortLinks sorts links by from, to and kind index: a counting sort by
// from (n buckets), then each from's few links by to and kind. Links
// already grouped by increasing from (as loaders give them) skip the
// counting sort. The order is total once duplicates are excluded, so it
// is that of any sort.
func sortLinks(links []IndexedLink, n int) {
	if slices.IsSortedFunc(links, cmpLinks) {
		return
	}
	grouped := true
	for i := 1; i < len(links) && grouped; i++ {
		grouped = links[i-1].From <= links[i].From
	}
	if grouped {
		for i := 0; i < len(links); {
			j := i + 1
			for j < len(links) && links[j].From == links[i].From {
				j++
			}
			sortGroup(links[i:j])
			i = j
		}
		return
	}
	start := make([]int32, n+1)
	for _, l := range links {
		start[l.From+1]++
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	next := slices.Clone(start[:n])
	out := make([]IndexedLink, len(links))
	for _, l := range links {
		out[next[l.From]] = l
		next[l.From]++
	}
	for i := 0; i < n; i++ {
		sortGroup(out[start[i]:start[i+1]])
	}
	copy(links, out)
}

// sortGroup sorts the links of one from by to and kind.
func sortGroup(group []IndexedLink) {
	if len(group) > 16 {
		slices.SortFunc(group, cmpLinks)
		return
	}
	for a := 1; a < len(group); a++ {
		for b := a; b > 0 && cmpLinks(group[b-1], group[b]) > 0; b-- {
			group[b-1], group[b] = group[b], group[b-1]
		}
	}
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
