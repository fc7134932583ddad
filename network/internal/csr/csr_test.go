package csr

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

func randomArcs(n, m int, seed uint64) []Arc {
	r := rand.New(rand.NewPCG(seed, 7))
	var arcs []Arc
	for len(arcs) < m {
		u, v := int32(r.IntN(n)), int32(r.IntN(n))
		if u != v {
			arcs = append(arcs, Arc{From: u, To: v, Weight: float64(1 + r.IntN(5))})
		}
	}
	return arcs
}

// Graph answers every question of gonum's graph.WeightedDirected as
// gonum's simple.WeightedDirectedGraph built from the same arcs does
// (parallel arcs summed), and its neighbour lists are sorted.
func TestGraphMatchesGonumSimple(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		n := 30
		arcs := randomArcs(n, 120, seed)
		g := New(n, arcs)
		ref := simple.NewWeightedDirectedGraph(0, math.Inf(1))
		for v := 0; v < n; v++ {
			ref.AddNode(simple.Node(v))
		}
		for _, a := range arcs {
			w := a.Weight
			if e := ref.WeightedEdge(int64(a.From), int64(a.To)); e != nil {
				w += e.Weight()
			}
			ref.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(a.From), T: simple.Node(a.To), W: w})
		}
		ids := func(it graph.Nodes) []int64 {
			var out []int64
			for it.Next() {
				out = append(out, it.Node().ID())
			}
			slices.Sort(out)
			return out
		}
		if g.Order() != n || g.Nodes().Len() != n || g.Size() != ref.Edges().Len() {
			t.Fatalf("order %d, size %d; gonum %d edges", g.Order(), g.Size(), ref.Edges().Len())
		}
		for x := int64(-1); x <= int64(n); x++ {
			if (g.Node(x) == nil) != (ref.Node(x) == nil) {
				t.Errorf("Node(%d)", x)
			}
			if !slices.Equal(ids(g.From(x)), ids(ref.From(x))) || !slices.Equal(ids(g.To(x)), ids(ref.To(x))) {
				t.Errorf("neighbours of %d", x)
			}
			for y := int64(-1); y <= int64(n); y++ {
				if x == y && (x < 0 || x >= int64(n)) {
					continue // gonum's self weight of a node it does not have
				}
				w, ok := g.Weight(x, y)
				rw, rok := ref.Weight(x, y)
				if rok && x == y {
					rw = 0 // gonum's self weight; ours is 0 too
				}
				if ok != rok || (ok && w != rw) || g.HasEdgeFromTo(x, y) != ref.HasEdgeFromTo(x, y) ||
					g.HasEdgeBetween(x, y) != ref.HasEdgeBetween(x, y) {
					t.Fatalf("seed %d: %d→%d: %v %v, gonum %v %v", seed, x, y, w, ok, rw, rok)
				}
			}
		}
		for u := int32(0); int(u) < n; u++ {
			out, _ := g.Out(u)
			in, _ := g.In(u)
			if !slices.IsSorted(out) || !slices.IsSorted(in) {
				t.Fatalf("unsorted neighbours of %d", u)
			}
		}
	}
}

// The undirected projection by hand: a→b 1, b→a 2, b→c 4.
func TestUndirectedByHand(t *testing.T) {
	u := New(3, []Arc{{0, 1, 1}, {1, 0, 2}, {1, 2, 4}}).Undirected()
	start, adj, w, mutual := u.CSR()
	if !slices.Equal(start, []int32{0, 1, 3, 4}) || !slices.Equal(adj, []int32{1, 0, 2, 1}) ||
		!slices.Equal(w, []float64{3, 3, 4, 4}) || !slices.Equal(mutual, []uint8{2, 2, 1, 1}) {
		t.Errorf("CSR %v %v %v %v", start, adj, w, mutual)
	}
	if k := u.Find(1, 2); k != 2 || u.Find(0, 2) != -1 || u.Find(0, 7) != -1 {
		t.Errorf("Find: %d %d", k, u.Find(0, 2))
	}
	if x, ok := u.Weight(2, 1); !ok || x != 4 || !u.HasEdgeBetween(1, 0) || u.HasEdgeBetween(0, 2) {
		t.Errorf("Weight(2,1) = %v %v", x, ok)
	}
	if got := u.ScaledWeights(2); !slices.Equal(got, []float64{0.75, 0.75, 1, 1}) {
		t.Errorf("ScaledWeights(2) = %v", got)
	}
	// Two weights of 1.5e308 tie to 3e308 unscaled, finite scaled.
	big := New(2, []Arc{{0, 1, 1.5e308}, {1, 0, 1.5e308}}).Undirected()
	if s := big.ScaledWeights(1); s[0] != 1.5e308 {
		t.Errorf("scaled %v", s)
	}
}

func TestNewMergesParallelArcs(t *testing.T) {
	g := New(2, []Arc{{0, 1, 0.1}, {0, 1, 0.2}, {0, 1, 0.3}})
	if _, w := g.Out(0); len(w) != 1 || w[0] != 0.6 {
		t.Errorf("merged weight %v, want 0.6 (compensated)", w)
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic on a self-arc")
		}
	}()
	New(2, []Arc{{1, 1, 1}})
}

func BenchmarkNewAndUndirected(b *testing.B) {
	arcs := randomArcs(20000, 60000, 1)
	for i := 0; i < b.N; i++ {
		New(20000, arcs).Undirected()
	}
}

// Adjacency gives the graph's own arrays: the lists Out and In return,
// without a copy.
func TestAdjacencyIsTheGraphs(t *testing.T) {
	g := New(40, randomArcs(40, 150, 3))
	os, oa, is, ia := g.Adjacency()
	if len(os) != 41 || len(is) != 41 || len(oa) != g.Size() || len(ia) != g.Size() {
		t.Fatalf("lengths %d %d %d %d", len(os), len(oa), len(is), len(ia))
	}
	for u := int32(0); u < 40; u++ {
		out, _ := g.Out(u)
		in, _ := g.In(u)
		if !slices.Equal(out, oa[os[u]:os[u+1]]) || !slices.Equal(in, ia[is[u]:is[u+1]]) {
			t.Fatalf("node %d: lists differ", u)
		}
	}
	if out, _ := g.Out(0); len(out) > 0 && &out[0] != &oa[os[0]] {
		t.Error("Adjacency copied the out-lists")
	}
}
