package structure

import (
	"math"
	"testing"

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

type arc = [2]int32

// same compares a figure with its hand value; NaN means undefined.
func same(t *testing.T, what string, got float64, ok bool, want float64) {
	t.Helper()
	if math.IsNaN(want) {
		if ok || !math.IsNaN(got) {
			t.Errorf("%s = %v (ok %v), want undefined", what, got, ok)
		}
		return
	}
	if !ok || math.Abs(got-want) > 1e-15 {
		t.Errorf("%s = %.17g (ok %v), want %.17g", what, got, ok, want)
	}
}

func TestNetworkFiguresByHand(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name                    string
		n                       int
		arcs                    []arc
		hierarchy, recip, assor float64
		bowtie                  BowTie
	}{
		{"no nodes", 0, nil, nan, nan, nan, BowTie{Seed: -1}},
		{"one node", 1, nil, nan, nan, nan, BowTie{Core: 1}},
		// A chain: no cycle, no reciprocal tie, both degrees constant over
		// the arcs (undefined correlation). Every component has one node:
		// the core is node 0, which reaches the other two.
		{"chain", 3, []arc{{0, 1}, {1, 2}}, 1, 0, nan, BowTie{Core: 1, Out: 2}},
		// Pooling ring 0→1→2→0 fed by 4, selling to 3; 5 isolated: two
		// arcs of five on no cycle. (out, in) over the arcs: x = 1, 1, 2,
		// 2, 1 and y = 1, 1, 2, 1, 2; both means 7/5, covariance 0.04,
		// variances 0.24: r = 1/6.
		{"ring", 6, []arc{{0, 1}, {1, 2}, {2, 0}, {2, 3}, {4, 0}}, 2. / 5, 0, 1. / 6,
			BowTie{Core: 3, In: 1, Out: 1, Rest: 1}},
		// 0⇄1 and 1→2: two of three arcs reciprocated; every arc ends at
		// in-degree 1 (undefined correlation).
		{"reciprocal", 3, []arc{{0, 1}, {1, 0}, {1, 2}}, 1. / 3, 2. / 3, nan, BowTie{Core: 2, Out: 1}},
		// Arcs 0→1, 0→2, 3→1: (out, in) pairs (2,2), (2,1), (1,2); both
		// means 5/3, covariance −1/9, variances 2/9: r = −1/2.
		{"assortativity", 4, []arc{{0, 1}, {0, 2}, {3, 1}}, 1, 0, -0.5, BowTie{Core: 1, Out: 2, Rest: 1}},
		// Every arc of 5 nodes: all on cycles, all reciprocated, every
		// degree 4 (undefined correlation), one core.
		{"complete", 5, []arc{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 0}, {1, 2}, {1, 3}, {1, 4}, {2, 0}, {2, 1}, {2, 3}, {2, 4}, {3, 0}, {3, 1}, {3, 2}, {3, 4}, {4, 0}, {4, 1}, {4, 2}, {4, 3}}, 0, 1, nan, BowTie{Core: 5}},
		// Two rings of equal size: the tie goes to the one holding node 0.
		{"tied cores", 4, []arc{{2, 3}, {3, 2}, {0, 1}, {1, 0}}, 0, 1, nan, BowTie{Core: 2, Rest: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := graph(t, tc.n, tc.arcs...)
			h, ok := FlowHierarchy(g)
			same(t, "flow hierarchy", h, ok, tc.hierarchy)
			r, ok := Reciprocity(g)
			same(t, "reciprocity", r, ok, tc.recip)
			a, ok := Assortativity(g)
			same(t, "assortativity", a, ok, tc.assor)
			bt := Decompose(g, nil)
			bt.Seed = tc.bowtie.Seed // checked below
			if bt != tc.bowtie {
				t.Errorf("bow-tie %+v, want %+v", bt, tc.bowtie)
			}
		})
	}
}

// The tie between equal cores follows the rank, not the node number.
func TestBowTieRank(t *testing.T) {
	g := graph(t, 5, arc{2, 3}, arc{3, 2}, arc{0, 1}, arc{1, 0}, arc{4, 2})
	bt := Decompose(g, []int32{3, 4, 1, 2, 0}) // node 2 ranks before node 0
	if bt.Seed != 2 || bt.Core != 2 || bt.In != 1 || bt.Rest != 2 {
		t.Errorf("bow-tie %+v, want core {2, 3} with 4 in IN", bt)
	}
	core, in, out, rest := bt.Shares()
	if core != 0.4 || in != 0.2 || out != 0 || rest != 0.4 {
		t.Errorf("shares %v %v %v %v", core, in, out, rest)
	}
	if c, i, o, r := (BowTie{}).Shares(); c+i+o+r != 0 {
		t.Error("shares of an empty graph")
	}
}

func TestTailExponentByHand(t *testing.T) {
	star := []arc{}
	for v := int32(1); v <= 8; v++ {
		star = append(star, arc{0, v})
	}
	ring := []arc{}
	for v := int32(0); v < 9; v++ {
		ring = append(ring, arc{v, (v + 1) % 9})
	}
	for _, tc := range []struct {
		name string
		n    int
		arcs []arc
		want float64
	}{
		// n = 9: k = min(⌈√9⌉, 9 − 1) = 3; degrees 8, 1, 1, 1, …:
		// α = 1 + 3/(ln 8 + 0 + 0) = 1 + 1/ln 2.
		{"star", 9, star, 1 + 1/math.Ln2},
		// n = 10 (one isolated node): k = min(4, 8) = 4, the same sum:
		// α = 1 + 4/ln 8.
		{"star and isolated node", 10, star, 1 + 4/math.Log(8)},
		// Every degree 2: the sum is 0, α would be infinite: undefined.
		{"ring", 9, ring, math.NaN()},
		// One arc: m = 2 nodes with degree > 0, k = min(2, 1) = 1 < 2.
		{"one arc", 2, []arc{{0, 1}}, math.NaN()},
		{"no arcs", 4, nil, math.NaN()},
		{"no nodes", 0, nil, math.NaN()},
	} {
		a, ok := TailExponent(graph(t, tc.n, tc.arcs...))
		same(t, tc.name, a, ok, tc.want)
	}
	for n, want := range map[int]int{0: 0, 1: 1, 2: 2, 4: 2, 5: 3, 9: 3, 10: 4, 20018: 142, 1 << 40: 1 << 20, 1<<40 + 1: 1<<20 + 1} {
		if got := ceilSqrt(n); got != want {
			t.Errorf("⌈√%d⌉ = %d, want %d", n, got, want)
		}
	}
}

func TestEIIndexByHand(t *testing.T) {
	// Cluster 0 = {0, 1}, cluster 1 = {2}, node 3 in none, cluster 2
	// empty. Arcs 0→1 (internal to 0), 1→2 (external to 0 and 1), 3→0
	// (external to 0): cluster 0 E = 2, I = 1, index 1/3; cluster 1 E = 1,
	// I = 0, index 1; cluster 2 nothing: undefined.
	g := graph(t, 4, arc{0, 1}, arc{1, 2}, arc{3, 0})
	got := EIIndex(g, []int32{0, 0, 1, -1}, 3)
	want := []EI{{2, 1, 1. / 3}, {1, 0, 1}, {0, 0, math.NaN()}}
	for i := range want {
		if got[i].External != want[i].External || got[i].Internal != want[i].Internal ||
			!(got[i].Index == want[i].Index || math.IsNaN(got[i].Index) && math.IsNaN(want[i].Index)) {
			t.Errorf("cluster %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if bad := EIIndex(g, []int32{0}, 1); !math.IsNaN(bad[0].Index) {
		t.Errorf("wrong-length groups: %+v", bad)
	}
}

// A long chain and a long ring: the iterative Tarjan needs no deep stack.
func TestComponentsLong(t *testing.T) {
	const n = 200000
	var arcs []arc
	for v := int32(0); v+1 < n; v++ {
		arcs = append(arcs, arc{v, v + 1})
	}
	_, count := Components(graph(t, n, arcs...))
	if count != n {
		t.Errorf("chain: %d components", count)
	}
	arcs = append(arcs, arc{n - 1, 0})
	_, count = Components(graph(t, n, arcs...))
	if count != 1 {
		t.Errorf("ring: %d components", count)
	}
}
