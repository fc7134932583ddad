package dominators

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/flow"
	"gonum.org/v1/gonum/graph/simple"

	"clusterchain/network/internal/digraph"
)

func graph(t testing.TB, n int, arcs ...[2]int32) *digraph.Graph {
	t.Helper()
	g, err := digraph.FromArcs(n, arcs)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestChainsByHand(t *testing.T) {
	type arc = [2]int32
	for _, tc := range []struct {
		name    string
		n       int
		arcs    []arc
		sources []int32
		b       int32
		want    []int32 // nil: unreachable
	}{
		{"empty graph", 0, nil, nil, 0, nil},
		{"unreachable", 3, []arc{{1, 2}}, []int32{0}, 2, nil},
		// A chain 0 → 1 → 2 → 3 from source 0: 0, 1, 2 each on every path.
		{"chain", 4, []arc{{0, 1}, {1, 2}, {2, 3}}, []int32{0}, 3, []int32{0, 1, 2}},
		// Star through one market: firms 0, 1, 2 → market 3 → buyer 4.
		{"star through one market", 5, []arc{{0, 3}, {1, 3}, {2, 3}, {3, 4}}, []int32{0, 1, 2}, 4, []int32{3}},
		// Two markets in parallel: firms 0, 1 → markets 2, 3 → buyer 4.
		{"two markets in parallel", 5, []arc{{0, 2}, {1, 3}, {2, 4}, {3, 4}}, []int32{0, 1}, 4, []int32{}},
		// One firm alone: it is on every path itself.
		{"one-firm cluster", 4, []arc{{0, 1}, {0, 2}, {1, 3}, {2, 3}}, []int32{0}, 3, []int32{0}},
		// A ring on the path: firms 0, 1 → ring 2 → 3 → 4 → 2; 4 sells to
		// market 5 → buyer 6. Every path enters the ring at 2 and leaves at
		// 4: chain 2, 3, 4, 5.
		{"ring on the path", 7, []arc{{0, 2}, {1, 2}, {2, 3}, {3, 4}, {4, 2}, {4, 5}, {5, 6}}, []int32{0, 1}, 6, []int32{2, 3, 4, 5}},
		// Direct order: a firm of the cluster sells to the buyer itself.
		{"direct order and market", 4, []arc{{0, 3}, {1, 2}, {2, 3}}, []int32{0, 1}, 3, []int32{}},
		// The buyer is itself a source: nothing between r and it.
		{"target is a source", 2, []arc{{0, 1}}, []int32{0, 1}, 1, []int32{}},
		{"complete, one source", 5, []arc{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 0}, {1, 2}, {1, 3}, {1, 4}, {2, 0}, {2, 1}, {2, 3}, {2, 4}, {3, 0}, {3, 1}, {3, 2}, {3, 4}, {4, 0}, {4, 1}, {4, 2}, {4, 3}}, []int32{0}, 4, []int32{0}},
		{"complete, two sources", 5, []arc{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 0}, {1, 2}, {1, 3}, {1, 4}, {2, 0}, {2, 1}, {2, 3}, {2, 4}, {3, 0}, {3, 1}, {3, 2}, {3, 4}, {4, 0}, {4, 1}, {4, 2}, {4, 3}}, []int32{0, 1}, 4, []int32{}},
		{"out of range", 2, []arc{{0, 1}}, []int32{0, 5, -1}, 9, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := New(graph(t, tc.n, tc.arcs...))
			tr, err := f.Tree(context.Background(), tc.sources)
			if err != nil {
				t.Fatal(err)
			}
			got := tr.Chain(tc.b, nil)
			if (got == nil) != (tc.want == nil) || !slices.Equal(got, tc.want) {
				t.Errorf("chain = %v, want %v", got, tc.want)
			}
		})
	}
}

// The immediate dominators of every node of G + r against gonum's
// flow.Dominators (Lengauer–Tarjan as well, but gonum's own code on
// gonum's graph), on random graphs with rings and several sources.
func TestMatchesGonum(t *testing.T) {
	for seed := uint64(1); seed <= 60; seed++ {
		r := rand.New(rand.NewPCG(seed, 5))
		n := 2 + r.IntN(60)
		m := r.IntN(3 * n)
		var arcs [][2]int32
		for len(arcs) < m {
			u, v := int32(r.IntN(n)), int32(r.IntN(n))
			if u != v {
				arcs = append(arcs, [2]int32{u, v})
			}
		}
		g := graph(t, n, arcs...)
		var src []int32
		for v := 0; v < n; v++ {
			if r.IntN(5) == 0 {
				src = append(src, int32(v))
			}
		}
		gg := simple.NewDirectedGraph()
		for v := 0; v <= n; v++ {
			gg.AddNode(simple.Node(v)) // node n is the root
		}
		for _, a := range arcs {
			gg.SetEdge(simple.Edge{F: simple.Node(a[0]), T: simple.Node(a[1])})
		}
		for _, s := range src {
			gg.SetEdge(simple.Edge{F: simple.Node(n), T: simple.Node(s)})
		}
		want := flow.Dominators(simple.Node(n), gg)
		tr, err := New(g).Tree(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		for v := int32(0); int(v) < n; v++ {
			w := Unreachable
			if d := want.DominatorOf(int64(v)); d != nil {
				w = int32(d.ID())
				if w == int32(n) {
					w = Root
				}
			}
			if got := tr.Idom(v); got != w {
				t.Errorf("seed %d node %d: idom %d, gonum %d", seed, v, got, w)
			}
		}
	}
}

// One Finder, many source sets: each tree as if computed afresh.
func TestFinderReuse(t *testing.T) {
	g := graph(t, 6, [][2]int32{{0, 2}, {1, 2}, {2, 3}, {3, 5}, {4, 5}, {1, 4}}...)
	f := New(g)
	for round := 0; round < 3; round++ {
		for _, tc := range []struct {
			src  []int32
			want []int32
		}{
			{[]int32{0}, []int32{0, 2, 3}},
			{[]int32{1}, []int32{1}},
			{[]int32{0, 4}, []int32{}},
			{[]int32{4}, []int32{4}},
		} {
			tr, _ := f.Tree(context.Background(), tc.src)
			if got := tr.Chain(5, nil); !slices.Equal(got, tc.want) {
				t.Errorf("round %d sources %v: chain %v, want %v", round, tc.src, got, tc.want)
			}
		}
	}
}
