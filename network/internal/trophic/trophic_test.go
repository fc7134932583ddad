package trophic

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

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

func levels(t testing.TB, g *digraph.Graph) *Result {
	t.Helper()
	r, err := Levels(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Hand-worked networks. Each level vector solves Λh = v exactly (checked
// by hand: see the comments) and is shifted to a minimum of 0 per weakly
// connected component; F₀ follows from the levels.
func TestLevelsByHand(t *testing.T) {
	type arc = [2]int32
	for _, tc := range []struct {
		name string
		n    int
		arcs []arc
		want []float64
		f0   float64 // NaN: undefined (no arcs)
	}{
		{"empty", 0, nil, []float64{}, math.NaN()},
		{"one node", 1, nil, []float64{0}, math.NaN()},
		{"isolated nodes", 3, nil, []float64{0, 0, 0}, math.NaN()},
		// A chain: every arc rises by exactly 1, F₀ = 0 (maximally coherent).
		{"chain", 3, []arc{{0, 1}, {1, 2}}, []float64{0, 1, 2}, 0},
		// A star through one market: firms 0, 1, 2 sell to market 3, which
		// sells to buyer 4.
		{"star through a market", 5, []arc{{0, 3}, {1, 3}, {2, 3}, {3, 4}}, []float64{0, 0, 0, 1, 2}, 0},
		// A directed cycle is balanced (v = 0): all levels equal, every arc
		// has height difference 0, F₀ = 1 (maximally incoherent).
		{"cycle", 3, []arc{{0, 1}, {1, 2}, {2, 0}}, []float64{0, 0, 0}, 1},
		// Every arc of 5 nodes: all cycles, all balanced.
		{"complete", 5, []arc{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 0}, {1, 2}, {1, 3}, {1, 4}, {2, 0}, {2, 1}, {2, 3}, {2, 4}, {3, 0}, {3, 1}, {3, 2}, {3, 4}, {4, 0}, {4, 1}, {4, 2}, {4, 3}}, []float64{0, 0, 0, 0, 0}, 1},
		{"reciprocal pair", 2, []arc{{0, 1}, {1, 0}}, []float64{0, 0}, 1},
		// Feed-forward triangle 0→1, 1→2, 0→2: Λ = [[2,-1,-1],[-1,2,-1],
		// [-1,-1,2]], v = (−2, 0, 2); with h₀ = 0: −h₁ − h₂ = −2 and
		// 2h₁ − h₂ = 0, so h = (0, 2/3, 4/3); each arc misses 1 by 1/3:
		// F₀ = 3·(1/9)/3 = 1/9, and the mean rise is 8/9 = 1 − F₀.
		{"feed-forward triangle", 3, []arc{{0, 1}, {1, 2}, {0, 2}}, []float64{0, 2. / 3, 4. / 3}, 1. / 9},
		// A ring on the path: pooling ring 0→1→2→0, then 2 sells to 3. The
		// ring is balanced (level 0), 3 sits one above 2; the three ring
		// arcs each miss 1 by 1, the sale fits: F₀ = 3/4.
		{"ring on the path", 4, []arc{{0, 1}, {1, 2}, {2, 0}, {2, 3}}, []float64{0, 0, 0, 1}, 0.75},
		// Reciprocal pair 0⇄1 then 1→2: levels 0, 0, 1; F₀ = (1+1+0)/3.
		{"pair then sale", 3, []arc{{0, 1}, {1, 0}, {1, 2}}, []float64{0, 0, 1}, 2. / 3},
		// Two components, each shifted to its own minimum.
		{"two components", 5, []arc{{0, 1}, {2, 3}, {3, 4}}, []float64{0, 1, 0, 1, 2}, 0},
		// Two markets in parallel: 0 sells to markets 1 and 2, both sell to
		// buyer 3: a cycle of the projection, solved by conjugate
		// gradients; the layering is exact (0, 1, 1, 2), F₀ = 0.
		{"two markets in parallel", 4, []arc{{0, 1}, {0, 2}, {1, 3}, {2, 3}}, []float64{0, 1, 1, 2}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := graph(t, tc.n, tc.arcs...)
			r := levels(t, g)
			if len(r.Levels) != len(tc.want) {
				t.Fatalf("%d levels, want %d", len(r.Levels), len(tc.want))
			}
			for i, w := range tc.want {
				if math.Abs(r.Levels[i]-w) > 1e-12 {
					t.Errorf("h[%d] = %.17g, want %.17g", i, r.Levels[i], w)
				}
			}
			f0, ok := Incoherence(g, r.Levels)
			if math.IsNaN(tc.f0) {
				if ok || !math.IsNaN(f0) {
					t.Errorf("F₀ = %v, %v; want undefined", f0, ok)
				}
			} else if !ok || math.Abs(f0-tc.f0) > 1e-12 {
				t.Errorf("F₀ = %.17g, %v; want %.17g", f0, ok, tc.f0)
			}
		})
	}
}

// randomGraph draws m distinct arcs on n nodes; with reciprocal ties and
// cycles, and (for small m) several components and isolated nodes.
func randomGraph(t testing.TB, n, m int, seed uint64) *digraph.Graph {
	r := rand.New(rand.NewPCG(seed, 3))
	arcs := make([][2]int32, 0, m)
	for len(arcs) < m {
		u, v := int32(r.IntN(n)), int32(r.IntN(n))
		if u != v {
			arcs = append(arcs, [2]int32{u, v})
			if r.IntN(10) == 0 {
				arcs = append(arcs, [2]int32{v, u})
			}
		}
	}
	return graph(t, n, arcs...)
}

// pinvLevels is the reference of SPEC §5 in Go: the minimum-norm least
// squares solution of Λh = v by gonum's SVD (singular values below
// 1e-10·σ_max dropped), then the shift per weakly connected component.
func pinvLevels(t *testing.T, g *digraph.Graph) []float64 {
	n := g.Order()
	L := mat.NewDense(n, n, nil)
	v := mat.NewVecDense(n, nil)
	for u := int32(0); int(u) < n; u++ {
		for _, w := range g.Out(u) {
			L.Set(int(u), int(u), L.At(int(u), int(u))+1)
			L.Set(int(w), int(w), L.At(int(w), int(w))+1)
			L.Set(int(u), int(w), L.At(int(u), int(w))-1)
			L.Set(int(w), int(u), L.At(int(w), int(u))-1)
			v.SetVec(int(w), v.AtVec(int(w))+1)
			v.SetVec(int(u), v.AtVec(int(u))-1)
		}
	}
	var svd mat.SVD
	if !svd.Factorize(L, mat.SVDFull) {
		t.Fatal("SVD failed")
	}
	rank := svd.Rank(1e-10)
	var x mat.VecDense
	svd.SolveVecTo(&x, v, rank)
	h := make([]float64, n)
	for i := range h {
		h[i] = x.AtVec(i)
	}
	shiftComponents(g, h)
	return h
}

// On random graphs (cycles, reciprocal ties, several components): the
// levels equal the pseudo-inverse solution, F₀ lies in [0, 1], and the
// mean height difference over the arcs is 1 − F₀ (MacKay et al. 2020:
// the normal equations give Σ z² = Σ z for z = h_v − h_u).
func TestLevelsMatchPseudoInverse(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		n := 5 + int(seed)*9
		m := int(seed%4+1) * n / 2
		g := randomGraph(t, n, m, seed)
		r := levels(t, g)
		want := pinvLevels(t, g)
		worst := 0.0
		for i := range want {
			worst = max(worst, math.Abs(r.Levels[i]-want[i]))
		}
		if worst > 1e-9 {
			t.Errorf("seed %d (n %d, m %d): largest difference %g from the pseudo-inverse", seed, n, g.Size(), worst)
		}
		if r.Bound > Target {
			t.Errorf("seed %d: error bound %g above %g", seed, r.Bound, Target)
		}
		f0, ok := Incoherence(g, r.Levels)
		if !ok || f0 < -1e-12 || f0 > 1+1e-12 {
			t.Errorf("seed %d: F₀ = %v", seed, f0)
		}
		mean := 0.0
		for u := int32(0); int(u) < n; u++ {
			for _, v := range g.Out(u) {
				mean += r.Levels[v] - r.Levels[u]
			}
		}
		mean /= float64(g.Size())
		if math.Abs(mean-(1-f0)) > 1e-9 {
			t.Errorf("seed %d: mean height difference %v, 1 − F₀ = %v", seed, mean, 1-f0)
		}
	}
}
