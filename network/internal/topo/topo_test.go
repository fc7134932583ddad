package topo

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"clusterchain/network/internal/csr"
	"clusterchain/network/internal/testgraph"

	"gonum.org/v1/gonum/graph/simple"
	gtopo "gonum.org/v1/gonum/graph/topo"
)

// Our iterative Tarjan against gonum's TarjanSCC on random graphs; and
// the completion order: every component reachable from c has a smaller
// number.
func TestSCCMatchesGonum(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 3))
		n := 5 + r.IntN(60)
		g := testgraph.Random(n, n+r.IntN(2*n), seed)
		comp, _ := SCC(g)
		canon := func(groups [][]int64) []string {
			var out []string
			for _, grp := range groups {
				slices.Sort(grp)
				s := ""
				for _, v := range grp {
					s += string(rune('A' + v))
				}
				out = append(out, s)
			}
			sort.Strings(out)
			return out
		}
		mine := map[int32][]int64{}
		for v, c := range comp {
			if c >= 0 {
				mine[c] = append(mine[c], int64(v))
			}
		}
		var ours, theirs [][]int64
		for _, grp := range mine {
			ours = append(ours, grp)
		}
		for _, grp := range gtopo.TarjanSCC(g) {
			if id := grp[0].ID(); len(grp) == 1 && g.From(id).Len() == 0 && g.To(id).Len() == 0 {
				continue // isolated nodes are in no component
			}
			var ids []int64
			for _, nd := range grp {
				ids = append(ids, nd.ID())
			}
			theirs = append(theirs, ids)
		}
		if a, b := canon(ours), canon(theirs); !slices.Equal(a, b) {
			t.Fatalf("seed %d: ours %v gonum %v", seed, a, b)
		}
		for u := int32(0); int(u) < n; u++ {
			adj, _ := g.Out(u)
			for _, v := range adj {
				if comp[v] > comp[u] {
					t.Fatalf("seed %d: edge %d→%d from component %d to a later %d", seed, u, v, comp[u], comp[v])
				}
			}
		}
	}
}

// undirectedOf is the gonum graph of u's ties.
func undirectedOf(u *csr.Undirected) *simple.UndirectedGraph {
	h := simple.NewUndirectedGraph()
	for v := 0; v < u.Order(); v++ {
		h.AddNode(simple.Node(v))
	}
	for v := 0; v < u.Order(); v++ {
		adj, _ := u.Neighbours(int32(v))
		for _, w := range adj {
			if int(w) > v {
				h.SetEdge(simple.Edge{F: simple.Node(v), T: simple.Node(w)})
			}
		}
	}
	return h
}

// Core numbers against gonum's KCore: the nodes of core number at least k
// are gonum's k-core, for every k.
func TestCoreNumbersMatchGonum(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		u := testgraph.Random(80, 40+int(seed)*40, seed).Undirected()
		core := CoreNumbers(u)
		h := undirectedOf(u)
		for k := 0; k <= int(slices.Max(core))+1; k++ {
			var want []int64
			for _, nd := range gtopo.KCore(k, h) {
				want = append(want, nd.ID())
			}
			slices.Sort(want)
			var got []int64
			for v, c := range core {
				if int(c) >= k {
					got = append(got, int64(v))
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("seed %d, k=%d: ours %v, gonum %v", seed, k, got, want)
			}
		}
	}
}

// Cut nodes against the definition: a node is one when removing it
// raises the number of connected components (gonum's
// ConnectedComponents) among the other nodes.
func TestCutNodesByDefinition(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		u := testgraph.Random(50, 30+int(seed)*8, seed).Undirected()
		cut := CutNodes(u)
		h := undirectedOf(u)
		base := len(gtopo.ConnectedComponents(h))
		for v := 0; v < u.Order(); v++ {
			g := undirectedOf(u)
			g.RemoveNode(int64(v))
			// v alone was a component when it had no tie.
			lone := 0
			if u.Degree(int32(v)) == 0 {
				lone = 1
			}
			want := len(gtopo.ConnectedComponents(g)) > base-lone
			if cut[v] != want {
				t.Fatalf("seed %d node %d: cut %v, by definition %v", seed, v, cut[v], want)
			}
		}
	}
}

// By hand: a triangle x-y-z with a tail z-t-u. Core 2 for the triangle,
// 1 for the tail; z and t are cut nodes.
func TestCoreAndCutByHand(t *testing.T) {
	arc := func(a, b int32) csr.Arc { return csr.Arc{From: a, To: b, Weight: 1} }
	u := csr.New(5, []csr.Arc{arc(0, 1), arc(1, 2), arc(2, 0), arc(2, 3), arc(3, 4)}).Undirected()
	if got := CoreNumbers(u); !slices.Equal(got, []int32{2, 2, 2, 1, 1}) {
		t.Errorf("cores %v", got)
	}
	if got := CutNodes(u); !slices.Equal(got, []bool{false, false, true, true, false}) {
		t.Errorf("cut nodes %v", got)
	}
}

func BenchmarkSCC(b *testing.B) {
	g, _ := testgraph.Cluster(20000)
	for i := 0; i < b.N; i++ {
		SCC(g)
	}
}

func BenchmarkCoreAndCut(b *testing.B) {
	g, _ := testgraph.Cluster(20000)
	u := g.Undirected()
	for i := 0; i < b.N; i++ {
		CoreNumbers(u)
		CutNodes(u)
	}
}
