package csr

import (
	"sort"

	"clusterchain/network/internal/neumaier"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

// Graph is a compact, immutable, weighted simple directed graph in
// compressed sparse row form: node ids are 0…n−1, each node's out- and
// in-neighbours are sorted slices. It satisfies gonum's
// graph.WeightedDirected, so gonum's algorithms run on it unchanged, while
// the figures' own sweeps read the arrays directly (Out, In, OutCSR).
type Graph struct {
	outStart []int32 // len n+1; out-neighbours of u are outAdj[outStart[u]:outStart[u+1]]
	outAdj   []int32
	outW     []float64
	inStart  []int32
	inAdj    []int32
	inW      []float64
}

var (
	_ graph.WeightedDirected = (*Graph)(nil)
	_ graph.Directed         = (*Graph)(nil)
)

// Arc is one weighted edge given to NewGraph.
type Arc struct {
	From, To int32
	Weight   float64
}

// New builds a graph on n nodes from arcs. Arcs between the same ordered
// pair are merged and their weights summed (compensated, in input order).
// It panics on a self-arc or an endpoint outside 0…n−1: callers check
// input first.
func New(n int, arcs []Arc) *Graph {
	a := make([]Arc, len(arcs))
	copy(a, arcs)
	for _, e := range a {
		if e.From == e.To || e.From < 0 || e.To < 0 || int(e.From) >= n || int(e.To) >= n {
			panic("csr: New: bad arc")
		}
	}
	sort.SliceStable(a, func(i, j int) bool {
		if a[i].From != a[j].From {
			return a[i].From < a[j].From
		}
		return a[i].To < a[j].To
	})
	// Merge parallel arcs, summing weights (compensated) in input order.
	m := 0
	for i := 0; i < len(a); {
		j := i
		var w neumaier.Sum
		for ; j < len(a) && a[j].From == a[i].From && a[j].To == a[i].To; j++ {
			w.Add(a[j].Weight)
		}
		a[m] = Arc{From: a[i].From, To: a[i].To, Weight: w.Value()}
		m++
		i = j
	}
	a = a[:m]

	g := &Graph{
		outStart: make([]int32, n+1),
		outAdj:   make([]int32, m),
		outW:     make([]float64, m),
		inStart:  make([]int32, n+1),
		inAdj:    make([]int32, m),
		inW:      make([]float64, m),
	}
	for _, e := range a {
		g.outStart[e.From+1]++
		g.inStart[e.To+1]++
	}
	for i := 0; i < n; i++ {
		g.outStart[i+1] += g.outStart[i]
		g.inStart[i+1] += g.inStart[i]
	}
	next := make([]int32, n)
	copy(next, g.inStart[:n])
	for i, e := range a { // a is sorted by (From, To): out lists come out sorted
		g.outAdj[i] = e.To
		g.outW[i] = e.Weight
		p := next[e.To]
		next[e.To]++
		g.inAdj[p] = e.From // visited in increasing From: in lists sorted too
		g.inW[p] = e.Weight
	}
	return g
}

// Order returns the number of nodes.
func (g *Graph) Order() int { return len(g.outStart) - 1 }

// Size returns the number of edges.
func (g *Graph) Size() int { return len(g.outAdj) }

// Out returns the out-neighbours of u and the weights of the edges to them,
// sorted by neighbour. The slices must not be modified.
func (g *Graph) Out(u int32) ([]int32, []float64) {
	s, e := g.outStart[u], g.outStart[u+1]
	return g.outAdj[s:e], g.outW[s:e]
}

// OutCSR returns the out-adjacency in compressed sparse row form: the
// out-neighbours of u are adj[start[u]:start[u+1]], with weights w at the
// same positions. The slices must not be modified.
func (g *Graph) OutCSR() (start, adj []int32, w []float64) { return g.outStart, g.outAdj, g.outW }

// InCSR returns the in-adjacency as OutCSR does the out-adjacency.
func (g *Graph) InCSR() (start, adj []int32, w []float64) { return g.inStart, g.inAdj, g.inW }

// In returns the in-neighbours of v and the weights of the edges from
// them, sorted by neighbour. The slices must not be modified.
func (g *Graph) In(v int32) ([]int32, []float64) {
	s, e := g.inStart[v], g.inStart[v+1]
	return g.inAdj[s:e], g.inW[s:e]
}

func (g *Graph) has(id int64) bool { return id >= 0 && id < int64(g.Order()) }

// edgeIndex returns the position of u→v in the out arrays, or −1.
func (g *Graph) edgeIndex(uid, vid int64) int {
	if !g.has(uid) || !g.has(vid) {
		return -1
	}
	s, e := int(g.outStart[uid]), int(g.outStart[uid+1])
	v := int32(vid)
	i := s + sort.Search(e-s, func(k int) bool { return g.outAdj[s+k] >= v })
	if i < e && g.outAdj[i] == v {
		return i
	}
	return -1
}

// Node implements graph.Graph.
func (g *Graph) Node(id int64) graph.Node {
	if !g.has(id) {
		return nil
	}
	return simple.Node(id)
}

// Nodes implements graph.Graph.
func (g *Graph) Nodes() graph.Nodes { return &rangeNodes{n: int64(g.Order()), cur: -1} }

// From implements graph.Graph.
func (g *Graph) From(id int64) graph.Nodes {
	if !g.has(id) {
		return graph.Empty
	}
	adj, _ := g.Out(int32(id))
	return &sliceNodes{ids: adj, cur: -1}
}

// To implements graph.Directed.
func (g *Graph) To(id int64) graph.Nodes {
	if !g.has(id) {
		return graph.Empty
	}
	adj, _ := g.In(int32(id))
	return &sliceNodes{ids: adj, cur: -1}
}

// HasEdgeFromTo implements graph.Directed.
func (g *Graph) HasEdgeFromTo(uid, vid int64) bool { return g.edgeIndex(uid, vid) >= 0 }

// HasEdgeBetween implements graph.Graph.
func (g *Graph) HasEdgeBetween(xid, yid int64) bool {
	return g.HasEdgeFromTo(xid, yid) || g.HasEdgeFromTo(yid, xid)
}

// Edge implements graph.Graph.
func (g *Graph) Edge(uid, vid int64) graph.Edge {
	e := g.WeightedEdge(uid, vid)
	if e == nil {
		return nil
	}
	return e
}

// WeightedEdge implements graph.Weighted.
func (g *Graph) WeightedEdge(uid, vid int64) graph.WeightedEdge {
	i := g.edgeIndex(uid, vid)
	if i < 0 {
		return nil
	}
	return simple.WeightedEdge{F: simple.Node(uid), T: simple.Node(vid), W: g.outW[i]}
}

// Weight implements graph.Weighted: the summed volume of the edge x→y, 0
// and true for x == y, 0 and false when there is no edge.
func (g *Graph) Weight(xid, yid int64) (float64, bool) {
	if xid == yid && g.has(xid) {
		return 0, true
	}
	i := g.edgeIndex(xid, yid)
	if i < 0 {
		return 0, false
	}
	return g.outW[i], true
}

// rangeNodes iterates over the ids 0…n−1.
type rangeNodes struct{ n, cur int64 }

func (it *rangeNodes) Next() bool {
	if it.cur+1 >= it.n {
		it.cur = it.n
		return false
	}
	it.cur++
	return true
}
func (it *rangeNodes) Len() int {
	if it.cur >= it.n {
		return 0
	}
	return int(it.n - it.cur - 1)
}
func (it *rangeNodes) Reset() { it.cur = -1 }
func (it *rangeNodes) Node() graph.Node {
	if it.cur < 0 || it.cur >= it.n {
		return nil
	}
	return simple.Node(it.cur)
}

// sliceNodes iterates over a sorted neighbour slice.
type sliceNodes struct {
	ids []int32
	cur int
}

func (it *sliceNodes) Next() bool {
	if it.cur+1 >= len(it.ids) {
		it.cur = len(it.ids)
		return false
	}
	it.cur++
	return true
}
func (it *sliceNodes) Len() int {
	if it.cur >= len(it.ids) {
		return 0
	}
	return len(it.ids) - it.cur - 1
}
func (it *sliceNodes) Reset() { it.cur = -1 }
func (it *sliceNodes) Node() graph.Node {
	if it.cur < 0 || it.cur >= len(it.ids) {
		return nil
	}
	return simple.Node(it.ids[it.cur])
}

// Adjacency returns the graph's structure without the weights, as the
// analysis packages take it (digraph.New): the out-offsets and sorted
// out-neighbours, and the in-offsets and sorted in-neighbours. The slices
// are the graph's own, not copies, and must not be modified.
func (g *Graph) Adjacency() (outStart, outAdj, inStart, inAdj []int32) {
	return g.outStart, g.outAdj, g.inStart, g.inAdj
}
