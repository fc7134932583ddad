package digraph

import (
	"fmt"
	"sort"
)

// Graph is a checked simple directed graph in CSR form. The zero value is
// the graph with no nodes. A Graph is immutable and safe for concurrent
// reads.
type Graph struct {
	outStart, outAdj []int32
	inStart, inAdj   []int32
}

// New checks and wraps a CSR graph: the out-neighbours of u are
// outAdj[outStart[u]:outStart[u+1]], len(outStart) = n+1 and outStart[0]
// = 0; likewise inStart/inAdj for the in-neighbours. When inStart and
// inAdj are both nil the in-lists are computed from the out-lists.
// New returns an error, never panics, when the arrays are not a simple
// directed graph as the package documentation states.
func New(outStart, outAdj, inStart, inAdj []int32) (*Graph, error) {
	if err := checkLists("out", outStart, outAdj); err != nil {
		return nil, err
	}
	n := len(outStart) - 1
	if n < 0 {
		n = 0
		outStart = []int32{0}
	}
	if inStart == nil && inAdj == nil {
		inStart, inAdj = transpose(n, outStart, outAdj)
		return &Graph{outStart, outAdj, inStart, inAdj}, nil
	}
	if len(inStart) != n+1 {
		return nil, fmt.Errorf("digraph: %d in-offsets for %d nodes, want %d", len(inStart), n, n+1)
	}
	if err := checkLists("in", inStart, inAdj); err != nil {
		return nil, err
	}
	if len(inAdj) != len(outAdj) {
		return nil, fmt.Errorf("digraph: %d in-arcs but %d out-arcs", len(inAdj), len(outAdj))
	}
	// The in-lists are the transpose: visiting the arcs u→v in increasing
	// u, each v's in-list must be met in order, one entry per arc.
	next := make([]int32, n)
	copy(next, inStart[:n])
	for u := 0; u < n; u++ {
		for _, v := range outAdj[outStart[u]:outStart[u+1]] {
			p := next[v]
			if p >= inStart[v+1] || inAdj[p] != int32(u) {
				return nil, fmt.Errorf("digraph: arc %d→%d missing from the in-list of %d", u, v, v)
			}
			next[v]++
		}
	}
	return &Graph{outStart, outAdj, inStart, inAdj}, nil
}

// checkLists checks one side of a CSR graph: offsets non-decreasing from 0
// to len(adj), each list strictly increasing, within 0…n−1, and without
// its own node.
func checkLists(side string, start, adj []int32) error {
	if len(start) == 0 {
		if len(adj) != 0 {
			return fmt.Errorf("digraph: %d %s-arcs but no offsets", len(adj), side)
		}
		return nil
	}
	n := len(start) - 1
	if int64(n) > 1<<31-2 {
		return fmt.Errorf("digraph: %d nodes, more than int32 ids allow", n)
	}
	if start[0] != 0 || int(start[n]) != len(adj) {
		return fmt.Errorf("digraph: %s-offsets run from %d to %d, want 0 to %d", side, start[0], start[n], len(adj))
	}
	for u := 0; u < n; u++ {
		s, e := start[u], start[u+1]
		if e < s {
			return fmt.Errorf("digraph: %s-offsets decrease at node %d", side, u)
		}
		if int(e) > len(adj) {
			return fmt.Errorf("digraph: %s-offset %d of node %d beyond the %d arcs", side, e, u, len(adj))
		}
		prev := int32(-1)
		for _, v := range adj[s:e] {
			switch {
			case v < 0 || int(v) >= n:
				return fmt.Errorf("digraph: node %d has %s-neighbour %d outside 0…%d", u, side, v, n-1)
			case v == int32(u):
				return fmt.Errorf("digraph: self-loop at node %d", u)
			case v <= prev:
				return fmt.Errorf("digraph: %s-list of node %d not strictly increasing at %d", side, u, v)
			}
			prev = v
		}
	}
	return nil
}

// transpose builds the in-lists of a checked out-side: visiting u in
// increasing order leaves every in-list sorted.
func transpose(n int, outStart, outAdj []int32) (inStart, inAdj []int32) {
	inStart = make([]int32, n+1)
	inAdj = make([]int32, len(outAdj))
	for _, v := range outAdj {
		inStart[v+1]++
	}
	for i := 0; i < n; i++ {
		inStart[i+1] += inStart[i]
	}
	next := make([]int32, n)
	copy(next, inStart[:n])
	for u := 0; u < n; u++ {
		for _, v := range outAdj[outStart[u]:outStart[u+1]] {
			inAdj[next[v]] = int32(u)
			next[v]++
		}
	}
	return inStart, inAdj
}

// FromArcs builds the graph on n nodes with the arcs given as (from, to)
// pairs, in any order; a pair given twice is one arc. It returns an error
// for a self-loop or an endpoint outside 0…n−1.
func FromArcs(n int, arcs [][2]int32) (*Graph, error) {
	if n < 0 || int64(n) > 1<<31-2 {
		return nil, fmt.Errorf("digraph: %d nodes", n)
	}
	a := make([][2]int32, 0, len(arcs))
	for _, e := range arcs {
		if e[0] < 0 || e[1] < 0 || int(e[0]) >= n || int(e[1]) >= n {
			return nil, fmt.Errorf("digraph: arc %d→%d outside 0…%d", e[0], e[1], n-1)
		}
		if e[0] == e[1] {
			return nil, fmt.Errorf("digraph: self-loop at node %d", e[0])
		}
		a = append(a, e)
	}
	sort.Slice(a, func(i, j int) bool {
		if a[i][0] != a[j][0] {
			return a[i][0] < a[j][0]
		}
		return a[i][1] < a[j][1]
	})
	start := make([]int32, n+1)
	adj := make([]int32, 0, len(a))
	for i, e := range a {
		if i > 0 && e == a[i-1] {
			continue
		}
		adj = append(adj, e[1])
		start[e[0]+1]++
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	inStart, inAdj := transpose(n, start, adj)
	return &Graph{start, adj, inStart, inAdj}, nil
}

// Order returns the number of nodes n.
func (g *Graph) Order() int {
	if len(g.outStart) == 0 {
		return 0
	}
	return len(g.outStart) - 1
}

// Size returns the number of arcs m.
func (g *Graph) Size() int { return len(g.outAdj) }

// Out returns the out-neighbours of u, increasing. The slice must not be
// modified.
func (g *Graph) Out(u int32) []int32 { return g.outAdj[g.outStart[u]:g.outStart[u+1]] }

// In returns the in-neighbours of v, increasing. The slice must not be
// modified.
func (g *Graph) In(v int32) []int32 { return g.inAdj[g.inStart[v]:g.inStart[v+1]] }

// OutDegree returns the number of out-neighbours of u.
func (g *Graph) OutDegree(u int32) int { return int(g.outStart[u+1] - g.outStart[u]) }

// InDegree returns the number of in-neighbours of v.
func (g *Graph) InDegree(v int32) int { return int(g.inStart[v+1] - g.inStart[v]) }

// OutCSR returns the out-side arrays (offsets, targets); they must not be
// modified.
func (g *Graph) OutCSR() (start, adj []int32) { return g.outStart, g.outAdj }

// InCSR returns the in-side arrays (offsets, sources); they must not be
// modified.
func (g *Graph) InCSR() (start, adj []int32) { return g.inStart, g.inAdj }

// HasArc reports whether u→v is an arc, by binary search in u's out-list.
func (g *Graph) HasArc(u, v int32) bool {
	n := int32(g.Order())
	if u < 0 || v < 0 || u >= n || v >= n {
		return false
	}
	out := g.Out(u)
	i := sort.Search(len(out), func(k int) bool { return out[k] >= v })
	return i < len(out) && out[i] == v
}
