package network

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"clusterchain/network/internal/csr"
)

// Builder builds a Network from nodes, clusters and links given one by
// one, and is the one place where the rules of SPEC §1 are checked: each
// check returns one of this package's sentinel errors (ErrEmptyID,
// ErrDuplicateID, ErrUnknownID, ErrSelfLink, ErrDirection, ErrVolume,
// ErrDuplicate, ErrVolumeOverflow), so that a caller reading files can
// report it at the file position of what it added. Node ids are interned
// once, in the Builder's id table, which the Network keeps as its index.
//
// Nodes and clusters come first (AddNode, AddCluster); EndNodes (or the
// first link) gives the nodes their indices: firms, then markets, then
// buyers, each sorted by id in byte order. Links are then added with
// AddLink, or from several goroutines at once through LinkBatches (Ends,
// CheckKind and LinkBatch.Add may be called concurrently), each link with
// a row: the caller's number for it, increasing in input order, which
// orders links with the same ends and kind, and which errors and
// Duplicate report. Build sorts the links once and builds the graph.
type Builder struct {
	name       string
	nodes      []Node
	ids        *idTable
	clusters   []Cluster
	clusterIdx map[string]int32
	ended      bool
	types      []NodeType // by index, after EndNodes
	clusterOf  []int32
	batches    [][]pendingLink
	seq        *LinkBatch // AddLink's
	rows       int32      // AddLink's next row
	sum        func(Duplicate)
	built      bool
}

// pendingLink is a checked link before Build: its ends by index, its
// row, kind and volume.
type pendingLink struct {
	from, to, row int32
	kind          Kind
	vol           float64
}

// NewBuilder returns a Builder for a network named name, with room for
// about nodes nodes (a hint; 0 is fine).
func NewBuilder(name string, nodes int) *Builder {
	return &Builder{name: name, nodes: make([]Node, 0, nodes), ids: newIDTable(nodes),
		clusterIdx: map[string]int32{}}
}

// Grow makes room for n more nodes.
func (b *Builder) Grow(n int) {
	b.nodes = slices.Grow(b.nodes, n)
	if 2*(b.ids.used+n) > len(b.ids.slots) {
		b.ids.resize(b.ids.used + n)
	}
}

// DuplicateIDError is a node or cluster whose id was added before.
type DuplicateIDError struct {
	ID string
	// Cluster is true for a cluster id.
	Cluster bool
	// First is the node or cluster that has the id: the number of nodes
	// (or clusters) added before it, counting only those accepted.
	First int
}

func (e *DuplicateIDError) Error() string {
	if e.Cluster {
		return fmt.Sprintf("%v: cluster %q", ErrDuplicateID, e.ID)
	}
	return fmt.Sprintf("%v %q", ErrDuplicateID, e.ID)
}

func (e *DuplicateIDError) Unwrap() error { return ErrDuplicateID }

// errEnded is the error of adding a node or cluster after EndNodes.
var errEnded = errors.New("network: node or cluster added after the first link")

// AddNode adds a node. It returns the node's number — how many nodes were
// accepted before it — or an error wrapping ErrEmptyID, a
// *DuplicateIDError, or an error for a type that is not Firm, Market or
// Buyer; a node with an error is not added.
func (b *Builder) AddNode(nd Node) (int, error) {
	switch {
	case b.ended:
		return 0, errEnded
	case nd.ID == "":
		return 0, fmt.Errorf("%w (a %s)", ErrEmptyID, nd.Type)
	case nd.Type > Buyer:
		return 0, fmt.Errorf("node %q: unknown type %v", nd.ID, nd.Type)
	case len(b.nodes) >= maxValue>>2:
		return 0, fmt.Errorf("node %q: more than %d nodes", nd.ID, maxValue>>2)
	}
	i := len(b.nodes)
	if first, added := b.ids.insert(nd.ID, uint32(i)); !added {
		return 0, &DuplicateIDError{ID: nd.ID, First: int(first)}
	}
	b.nodes = append(b.nodes, nd)
	return i, nil
}

// Lookup returns the number AddNode gave the node with the given id, and
// the node as added; it is for the time before EndNodes (after it, Index
// of the built network or Resolve).
func (b *Builder) Lookup(id string) (int, Node, bool) {
	if b.ended {
		return 0, Node{}, false
	}
	i, ok := b.ids.get(id)
	if !ok {
		return 0, Node{}, false
	}
	return int(i), b.nodes[i], true
}

// AddCluster declares a cluster. Clusters named by firms but never
// declared are added at EndNodes with their id as name; an empty name
// defaults to the id. It returns an error wrapping ErrEmptyID or a
// *DuplicateIDError (First counts the clusters declared before).
func (b *Builder) AddCluster(c Cluster) error {
	switch {
	case b.ended:
		return errEnded
	case c.ID == "":
		return fmt.Errorf("%w (a cluster)", ErrEmptyID)
	}
	if first, dup := b.clusterIdx[c.ID]; dup {
		return &DuplicateIDError{ID: c.ID, Cluster: true, First: int(first)}
	}
	if c.Name == "" {
		c.Name = c.ID
	}
	b.clusterIdx[c.ID] = int32(len(b.clusters))
	b.clusters = append(b.clusters, c)
	return nil
}

// EndNodes ends the adding of nodes and clusters and gives every node its
// index. AddLink and NewBatch call it; calling it again does nothing.
func (b *Builder) EndNodes() {
	if b.ended {
		return
	}
	b.ended = true
	nodes := b.nodes
	if !slices.IsSortedFunc(nodes, func(a, b Node) int { return cmpNodes(&a, &b) }) {
		perm := make([]int32, len(nodes))
		for i := range perm {
			perm[i] = int32(i)
		}
		slices.SortFunc(perm, func(a, b int32) int { return cmpNodes(&nodes[a], &nodes[b]) })
		sorted := make([]Node, len(nodes))
		at := make([]uint32, len(nodes)) // number → index
		for i, p := range perm {
			sorted[i] = nodes[p]
			at[p] = uint32(i)
		}
		nodes, b.nodes = sorted, sorted
		b.ids.remap(func(v uint32) uint32 { i := at[v]; return i<<2 | uint32(nodes[i].Type) })
	} else {
		b.ids.remap(func(i uint32) uint32 { return i<<2 | uint32(nodes[i].Type) })
	}
	b.types = make([]NodeType, len(nodes))
	for i := range nodes {
		nd := &nodes[i]
		b.types[i] = nd.Type
		if nd.Name == "" {
			nd.Name = nd.ID
		}
		if nd.Type != Firm {
			nd.Cluster = ""
		}
	}

	// Clusters: declared ones plus those only named by firms.
	for i := range nodes {
		if c := nodes[i].Cluster; c != "" {
			if _, ok := b.clusterIdx[c]; !ok {
				b.clusterIdx[c] = int32(len(b.clusters))
				b.clusters = append(b.clusters, Cluster{ID: c, Name: c})
			}
		}
	}
	sort.Slice(b.clusters, func(i, j int) bool { return b.clusters[i].ID < b.clusters[j].ID })
	for i, c := range b.clusters {
		b.clusterIdx[c.ID] = int32(i)
	}
	b.clusterOf = make([]int32, len(nodes))
	last, lastIdx := "", int32(-1)
	for i := range nodes {
		b.clusterOf[i] = -1
		if c := nodes[i].Cluster; c != "" {
			if c != last {
				last, lastIdx = c, b.clusterIdx[c]
			}
			b.clusterOf[i] = lastIdx
		}
	}
}

// Node returns the node of index i (after EndNodes).
func (b *Builder) Node(i int32) *Node { return &b.nodes[i] }

// Ends are the two ends of a link, by index and type, from Ends.
type Ends struct {
	From, To         int32
	FromType, ToType NodeType
}

// UnknownIDError is a link with an end that names no node (or is empty).
type UnknownIDError struct {
	From, To string
	// FromUnknown and ToUnknown say which of the ends name no node.
	FromUnknown, ToUnknown bool
	// Row is the link's row (New: its position in Dataset.Links).
	Row int32
}

func (e *UnknownIDError) Error() string {
	if e.FromUnknown {
		return fmt.Sprintf("%v %q (link %d, from)", ErrUnknownID, e.From, e.Row+1)
	}
	return fmt.Sprintf("%v %q (link %d, to)", ErrUnknownID, e.To, e.Row+1)
}

func (e *UnknownIDError) Unwrap() error { return ErrUnknownID }

// LinkBatch collects links for a Builder from one goroutine; AddBatch
// gives them to the Builder.
type LinkBatch struct {
	b     *Builder
	links []pendingLink
	// last is the last from found: links are often listed by from, in id
	// order, so the next from is the same node or the next one.
	last int32
	sink uint32 // keeps the reads of Prefetch
}

// NewBatch returns an empty batch with room for n links; it ends the
// adding of nodes (EndNodes) if that was not done.
func (b *Builder) NewBatch(n int) *LinkBatch {
	b.EndNodes()
	return &LinkBatch{b: b, links: make([]pendingLink, 0, n), last: -1}
}

// Prefetch reads where a later Ends looks id up, so that looking up a
// run of ids overlaps their cache misses.
func (lb *LinkBatch) Prefetch(id string) { lb.sink += lb.b.ids.touch(id) }

// Ends finds a link's two ends and checks that they are two nodes: the
// error is an *UnknownIDError (ErrUnknownID) or wraps ErrSelfLink.
func (lb *LinkBatch) Ends(from, to string, row int32) (Ends, error) {
	b := lb.b
	var e Ends
	fok := false
	if f := lb.last; f >= 0 {
		if b.nodes[f].ID == from {
			e.From, fok = f, true
		} else if int(f+1) < len(b.nodes) && b.nodes[f+1].ID == from {
			e.From, fok = f+1, true
		}
	}
	if !fok {
		var v uint32
		if v, fok = b.ids.get(from); fok {
			e.From = int32(v >> 2)
		}
	}
	v, tok := b.ids.get(to)
	if !fok || !tok {
		return e, &UnknownIDError{From: from, To: to, FromUnknown: !fok, ToUnknown: !tok, Row: row}
	}
	lb.last = e.From
	e.To = int32(v >> 2)
	e.FromType, e.ToType = b.types[e.From], NodeType(v&3)
	if e.From == e.To {
		return e, fmt.Errorf("%w %q → %q", ErrSelfLink, from, to)
	}
	return e, nil
}

// CheckKind checks that a link of kind k may go between the ends e
// (SPEC §1); the error wraps ErrDirection.
func (b *Builder) CheckKind(e Ends, k Kind) error {
	if !Allowed(k, e.FromType, e.ToType) {
		return fmt.Errorf("%w: %s %s %q → %s %q", ErrDirection, k,
			e.FromType, b.nodes[e.From].ID, e.ToType, b.nodes[e.To].ID)
	}
	return nil
}

// Add adds a link of kind k and the given volume between ends found by
// Ends, after checking its direction (ErrDirection) and that its volume
// is finite and not negative (ErrVolume).
func (lb *LinkBatch) Add(e Ends, k Kind, volume float64, row int32) error {
	b := lb.b
	if e.From == e.To {
		return fmt.Errorf("%w %q → %q", ErrSelfLink, b.nodes[e.From].ID, b.nodes[e.To].ID)
	}
	if err := b.CheckKind(e, k); err != nil {
		return err
	}
	if volume < 0 || math.IsNaN(volume) || math.IsInf(volume, 0) {
		return fmt.Errorf("%w: %q → %q: %v", ErrVolume, b.nodes[e.From].ID, b.nodes[e.To].ID, volume)
	}
	lb.links = append(lb.links, pendingLink{from: e.From, to: e.To, row: row, kind: k, vol: volume})
	return nil
}

// AddBatch gives the links of lb to the Builder, after those of the
// batches before it; lb must not be used afterwards.
func (b *Builder) AddBatch(lb *LinkBatch) {
	if len(lb.links) > 0 {
		b.batches = append(b.batches, lb.links)
	}
	lb.links = nil
}

// AddLink adds a link, checked as Ends, CheckKind and LinkBatch.Add
// check it; its row is the number of AddLink calls before it.
func (b *Builder) AddLink(from, to string, k Kind, volume float64) error {
	if b.seq == nil {
		b.seq = b.NewBatch(0)
	}
	row := b.rows
	b.rows++
	e, err := b.seq.Ends(from, to, row)
	if err != nil {
		return err
	}
	return b.seq.Add(e, k, volume, row)
}

// Duplicate is a group of links with the same ends and kind, summed by
// Build into one (see SumDuplicates).
type Duplicate struct {
	From, To int32 // node indices
	Kind     Kind
	// Rows are the rows of the links, increasing; the slice is reused
	// after the call.
	Rows []int32
}

// SumDuplicates makes Build sum links with the same ends and kind (in
// row order) into one link and call f for each such group, in link
// order, where it would otherwise fail with ErrDuplicate.
func (b *Builder) SumDuplicates(f func(Duplicate)) { b.sum = f }

// Build sorts the links and builds the network. Its errors wrap
// ErrDuplicate (two links with the same ends and kind, without
// SumDuplicates) or ErrVolumeOverflow (a *VolumeOverflowError). The
// Builder must not be used afterwards.
func (b *Builder) Build() (*Network, error) {
	if b.built {
		return nil, errors.New("network: Build called twice")
	}
	b.built = true
	b.EndNodes()
	if b.seq != nil {
		b.AddBatch(b.seq)
	}
	raw := sortPending(b.batches, len(b.nodes))
	b.batches = nil
	nw := &Network{name: b.name, nodes: b.nodes, index: b.ids, clusters: b.clusters, clusterOf: b.clusterOf}
	links, groups, err := b.sumLinks(raw)
	if err != nil {
		return nil, err
	}
	nw.links = links

	nsub := 0
	for _, l := range links {
		if l.Kind == Subcontract {
			nsub++
		}
	}
	arcs := make([]csr.Arc, len(links))
	sub := make([]csr.Arc, 0, nsub)
	for i, l := range links {
		arcs[i] = csr.Arc{From: l.From, To: l.To, Weight: l.Volume}
		if l.Kind == Subcontract {
			sub = append(sub, arcs[i])
		}
	}
	nw.g = csr.NewSorted(len(nw.nodes), arcs)
	nw.s = csr.NewSorted(len(nw.nodes), sub)
	if err := nw.sumVolumes(raw, groups); err != nil {
		return nil, err
	}
	return nw, nil
}

// sumLinks turns the sorted pending links into the network's links:
// with SumDuplicates, each group of links with the same ends and kind
// summed in row order (groups[i] is then where link i's group starts in
// raw, nil when there is no group); without, a group is an error.
func (b *Builder) sumLinks(raw []pendingLink) ([]IndexedLink, []int32, error) {
	same := func(a, c *pendingLink) bool { return a.from == c.from && a.to == c.to && a.kind == c.kind }
	dups := 0
	for i := 1; i < len(raw); i++ {
		if same(&raw[i-1], &raw[i]) {
			if b.sum == nil {
				a := &raw[i]
				return nil, nil, fmt.Errorf("%w %q → %q (%s)", ErrDuplicate,
					b.nodes[a.from].ID, b.nodes[a.to].ID, a.kind)
			}
			dups++
		}
	}
	links := make([]IndexedLink, len(raw)-dups)
	var groups []int32
	if dups > 0 {
		groups = make([]int32, len(links)+1)
	}
	var rows []int32
	k := 0
	for i := 0; i < len(raw); {
		a := &raw[i]
		vol := a.vol
		j := i + 1
		for ; j < len(raw) && same(&raw[j], a); j++ {
			vol += raw[j].vol
		}
		links[k] = IndexedLink{From: a.from, To: a.to, Kind: a.kind, Volume: vol}
		if groups != nil {
			groups[k] = int32(i)
		}
		if j-i > 1 {
			rows = rows[:0]
			for m := i; m < j; m++ {
				rows = append(rows, raw[m].row)
			}
			b.sum(Duplicate{From: a.from, To: a.to, Kind: a.kind, Rows: rows})
		}
		k++
		i = j
	}
	if groups != nil {
		groups[k] = int32(len(raw))
	}
	return links, groups, nil
}

// sortPending returns the links of the batches (in row order within
// each, the batches in order) sorted by from, to, kind and row. Links
// mostly come grouped by from: a stable counting sort by from (n
// buckets), then each from's (usually few) links by to, kind and row,
// does it in about linear time; sorted input is only checked, and input
// already listed by from only has each from's links sorted.
func sortPending(batches [][]pendingLink, n int) []pendingLink {
	total, sorted, fromSorted := 0, true, true
	var prev *pendingLink
	for _, p := range batches {
		total += len(p)
		for i := range p {
			if prev != nil {
				if sorted && cmpPending(prev, &p[i]) > 0 {
					sorted = false
				}
				if prev.from > p[i].from {
					fromSorted = false
				}
			}
			prev = &p[i]
		}
	}
	if sorted || fromSorted {
		var all []pendingLink
		if len(batches) == 1 {
			all = batches[0]
		} else {
			all = slices.Concat(batches...)
		}
		if !sorted {
			// Listed by from (a table sorted by from whose to ids are in
			// byte order, not by type): only each from's links are
			// sorted, in place.
			for i := 0; i < len(all); {
				j := i + 1
				for j < len(all) && all[j].from == all[i].from {
					j++
				}
				sortGroup(all[i:j])
				i = j
			}
		}
		return all
	}
	start := make([]int32, n+1)
	for _, p := range batches {
		for i := range p {
			start[p[i].from+1]++
		}
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	out := make([]pendingLink, total)
	next := slices.Clone(start[:n])
	for _, p := range batches {
		for _, r := range p {
			out[next[r.from]] = r
			next[r.from]++
		}
	}
	for i := 0; i < n; i++ {
		sortGroup(out[start[i]:start[i+1]])
	}
	return out
}

// sortGroup sorts the links of one from by to, kind and row: the usually
// few by insertion.
func sortGroup(group []pendingLink) {
	if len(group) < 2 {
		return
	}
	if len(group) <= 16 {
		for a := 1; a < len(group); a++ {
			for c := a; c > 0 && cmpPending(&group[c-1], &group[c]) > 0; c-- {
				group[c-1], group[c] = group[c], group[c-1]
			}
		}
		return
	}
	slices.SortFunc(group, func(a, b pendingLink) int { return cmpPending(&a, &b) })
}

func cmpPending(a, b *pendingLink) int {
	switch {
	case a.from != b.from:
		return int(a.from) - int(b.from)
	case a.to != b.to:
		return int(a.to) - int(b.to)
	case a.kind != b.kind:
		return int(a.kind) - int(b.kind)
	}
	return int(a.row) - int(b.row)
}

func cmpNodes(a, b *Node) int {
	if a.Type != b.Type {
		return int(a.Type) - int(b.Type)
	}
	return strings.Compare(a.ID, b.ID)
}
