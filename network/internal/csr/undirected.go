package csr

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

// Undirected is the undirected simple projection of a Graph: u and v are
// neighbours when either edge u→v or v→u exists, and the weight of the
// tie is the sum of both edges' weights. It satisfies gonum's
// graph.WeightedUndirected.
type Undirected struct {
	start []int32
	adj   []int32
	w     []float64
	// mutual[k] is 2 when the tie adj[k] exists in both directions, else 1.
	mutual []uint8
	g      *Graph // the graph projected
}

var _ graph.WeightedUndirected = (*Undirected)(nil)

// Undirected returns the undirected projection of g.
func (g *Graph) Undirected() *Undirected {
	n := g.Order()
	u := &Undirected{start: make([]int32, n+1), g: g}
	u.adj = make([]int32, 0, 2*g.Size())
	u.w = make([]float64, 0, 2*g.Size())
	u.mutual = make([]uint8, 0, 2*g.Size())
	for v := 0; v < n; v++ {
		out, ow := g.Out(int32(v))
		in, iw := g.In(int32(v))
		i, j := 0, 0
		for i < len(out) || j < len(in) {
			switch {
			case j == len(in) || (i < len(out) && out[i] < in[j]):
				u.adj, u.w, u.mutual = append(u.adj, out[i]), append(u.w, ow[i]), append(u.mutual, 1)
				i++
			case i == len(out) || in[j] < out[i]:
				u.adj, u.w, u.mutual = append(u.adj, in[j]), append(u.w, iw[j]), append(u.mutual, 1)
				j++
			default:
				u.adj, u.w, u.mutual = append(u.adj, out[i]), append(u.w, ow[i]+iw[j]), append(u.mutual, 2)
				i++
				j++
			}
		}
		u.start[v+1] = int32(len(u.adj))
	}
	return u
}

// ScaledWeights returns the tie weights of u with every edge weight of
// the projected graph multiplied by 2^−shift before the two directions of
// a tie are added: the weights of u times 2^−shift, exactly, wherever
// those are finite and the scaled weights normal; finite where those
// overflow.
func (u *Undirected) ScaledWeights(shift int) []float64 {
	g := u.g
	w := make([]float64, 0, len(u.adj))
	for v := 0; v < g.Order(); v++ {
		out, ow := g.Out(int32(v))
		in, iw := g.In(int32(v))
		i, j := 0, 0
		for i < len(out) || j < len(in) {
			switch {
			case j == len(in) || (i < len(out) && out[i] < in[j]):
				w = append(w, math.Ldexp(ow[i], -shift))
				i++
			case i == len(out) || in[j] < out[i]:
				w = append(w, math.Ldexp(iw[j], -shift))
				j++
			default:
				w = append(w, math.Ldexp(ow[i], -shift)+math.Ldexp(iw[j], -shift))
				i++
				j++
			}
		}
	}
	return w
}

// Order returns the number of nodes.
func (u *Undirected) Order() int { return len(u.start) - 1 }

// Neighbours returns the sorted neighbours of v and the tie weights.
func (u *Undirected) Neighbours(v int32) ([]int32, []float64) {
	s, e := u.start[v], u.start[v+1]
	return u.adj[s:e], u.w[s:e]
}

// CSR returns the adjacency in compressed sparse row form: the
// neighbours of v are adj[start[v]:start[v+1]], sorted, with tie weights
// w and mutual counts (2 for a tie in both directions, 1 otherwise) at the
// same positions. The slices must not be modified.
func (u *Undirected) CSR() (start, adj []int32, w []float64, mutual []uint8) {
	return u.start, u.adj, u.w, u.mutual
}

// Graph returns the directed graph u projects.
func (u *Undirected) Graph() *Graph { return u.g }

// Degree returns the number of neighbours of v.
func (u *Undirected) Degree(v int32) int { return int(u.start[v+1] - u.start[v]) }

func (u *Undirected) has(id int64) bool { return id >= 0 && id < int64(u.Order()) }

// Find returns the position of the tie x–y in the arrays of CSR, or −1.
func (u *Undirected) Find(x, y int64) int {
	if !u.has(x) || !u.has(y) {
		return -1
	}
	s, e := int(u.start[x]), int(u.start[x+1])
	if i, ok := slices.BinarySearch(u.adj[s:e], int32(y)); ok {
		return s + i
	}
	return -1
}

// Node implements graph.Graph.
func (u *Undirected) Node(id int64) graph.Node {
	if !u.has(id) {
		return nil
	}
	return simple.Node(id)
}

// Nodes implements graph.Graph.
func (u *Undirected) Nodes() graph.Nodes { return &rangeNodes{n: int64(u.Order()), cur: -1} }

// From implements graph.Graph.
func (u *Undirected) From(id int64) graph.Nodes {
	if !u.has(id) {
		return graph.Empty
	}
	adj, _ := u.Neighbours(int32(id))
	return &sliceNodes{ids: adj, cur: -1}
}

// HasEdgeBetween implements graph.Graph.
func (u *Undirected) HasEdgeBetween(x, y int64) bool { return u.Find(x, y) >= 0 }

// Edge implements graph.Graph.
func (u *Undirected) Edge(x, y int64) graph.Edge {
	if e := u.WeightedEdge(x, y); e != nil {
		return e
	}
	return nil
}

// EdgeBetween implements graph.Undirected.
func (u *Undirected) EdgeBetween(x, y int64) graph.Edge { return u.Edge(x, y) }

// WeightedEdge implements graph.Weighted.
func (u *Undirected) WeightedEdge(x, y int64) graph.WeightedEdge {
	k := u.Find(x, y)
	if k < 0 {
		return nil
	}
	return simple.WeightedEdge{F: simple.Node(x), T: simple.Node(y), W: u.w[k]}
}

// WeightedEdgeBetween implements graph.WeightedUndirected.
func (u *Undirected) WeightedEdgeBetween(x, y int64) graph.WeightedEdge {
	return u.WeightedEdge(x, y)
}

// Weight implements graph.Weighted: 0 and true for x == y.
func (u *Undirected) Weight(x, y int64) (float64, bool) {
	if x == y && u.has(x) {
		return 0, true
	}
	k := u.Find(x, y)
	if k < 0 {
		return 0, false
	}
	return u.w[k], true
}
