package network

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	gonet "gonum.org/v1/gonum/graph/network"
)

// Published values: NetworkX's 15-family Florentine graph (without Pucci).
func TestFlorentineFamilies(t *testing.T) {
	nw := undirected(t, `Acciaiuoli-Medici Medici-Barbadori Medici-Ridolfi Medici-Tornabuoni
		Medici-Albizzi Medici-Salviati Castellani-Peruzzi Castellani-Strozzi Castellani-Barbadori
		Peruzzi-Strozzi Peruzzi-Bischeri Strozzi-Ridolfi Strozzi-Bischeri Ridolfi-Tornabuoni
		Tornabuoni-Guadagni Albizzi-Ginori Albizzi-Guadagni Salviati-Pazzi Bischeri-Guadagni
		Guadagni-Lamberteschi`)
	a := analyze(t, nw)
	if n := len(a.Nodes); n != 15 {
		t.Fatalf("%d families, want 15", n)
	}
	for _, tc := range []struct {
		id               string
		betweenness, tol float64
	}{
		{"Medici", 0.522, 5e-4}, {"Guadagni", 0.255, 5e-4}, {"Albizzi", 0.212, 5e-4},
		// Exact: NetworkX 2.8.8 prints 0.521978021978022 = 95/182.
		{"Medici", 95.0 / 182, 1e-12},
	} {
		if got := figOf(t, a, tc.id).Betweenness; !near(got, tc.betweenness, tc.tol) {
			t.Errorf("betweenness(%s) = %v, want %v", tc.id, got, tc.betweenness)
		}
	}
	for id, want := range map[string]float64{"Medici": 0.560, "Ridolfi": 0.500} {
		if got := figOf(t, a, id).Closeness; !near(got, want, 1e-12) {
			t.Errorf("closeness(%s) = %v, want %v", id, got, want)
		}
	}
}

// Published values: Zachary's karate club, each tie as two directed links.
func TestKarateClub(t *testing.T) {
	nw := undirected(t, karate)
	a := analyze(t, nw)
	// Undirected raw betweenness of node 1 is 231.0714; the directed
	// graph counts both orders and normalises by (n−1)(n−2) = 1056.
	if got := figOf(t, a, "1").Betweenness; !near(got, 0.437635, 1e-6) {
		t.Errorf("betweenness(1) = %v, want 0.437635", got)
	}
	if got := figOf(t, a, "34").Betweenness; !near(got, 160.5516/528, 1e-6) {
		t.Errorf("betweenness(34) = %v, want %v", got, 160.5516/528)
	}
}

// A hand-computed chain p → q → r.
func TestChainByHand(t *testing.T) {
	nw, err := New(Dataset{
		Nodes: []Node{{ID: "p"}, {ID: "q"}, {ID: "r"}},
		Links: []Link{{From: "p", To: "q", Kind: Supply, Volume: 1}, {From: "q", To: "r", Kind: Supply, Volume: 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	a := analyze(t, nw)
	// PageRank: with c the score of p, q = c + .85c, r = q·.85 + c, and
	// p + q + r = 1, c = 1/5.4225.
	c := 1 / 5.4225
	for _, tc := range []struct {
		id                       string
		btw, clo, harm, pagerank float64
		inDeg, outDeg            int
	}{
		{"p", 0, 0, 0, c, 0, 1},
		{"q", 0.5, 0.5, 0.5, 1.85 * c, 1, 1},
		{"r", 0, 2.0 / 3, 0.75, 2.5725 * c, 1, 0},
	} {
		f := figOf(t, a, tc.id)
		if !near(f.Betweenness, tc.btw, 1e-15) || !near(f.Closeness, tc.clo, 1e-15) ||
			!near(f.Harmonic, tc.harm, 1e-15) || !near(f.PageRank, tc.pagerank, 1e-12) ||
			f.InDegree != tc.inDeg || f.OutDegree != tc.outDeg {
			t.Errorf("%s: got %+v, want %+v", tc.id, f, tc)
		}
	}
}

func randomGraph(n, m int, seed uint64) *Graph {
	r := rand.New(rand.NewPCG(seed, 7))
	arcs := make([]Arc, 0, m)
	for len(arcs) < m {
		u, v := int32(r.IntN(n)), int32(r.IntN(n))
		if u != v {
			arcs = append(arcs, Arc{From: u, To: v, Weight: float64(r.IntN(5))})
		}
	}
	return NewGraph(n, arcs)
}

// Our sweep against gonum's Betweenness on the same gonum graph.
func TestBetweennessMatchesGonum(t *testing.T) {
	for _, tc := range []struct {
		n, m int
		seed uint64
	}{{2, 1, 1}, {3, 2, 2}, {30, 60, 3}, {200, 400, 4}, {300, 1500, 5}} {
		g := randomGraph(tc.n, tc.m, tc.seed)
		p, err := ShortestPaths(context.Background(), g, PathOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ref := gonet.Betweenness(g)
		scale := 1.0
		if tc.n > 2 {
			scale = 1 / float64((tc.n-1)*(tc.n-2))
		}
		worst := 0.0
		for v := 0; v < tc.n; v++ {
			worst = math.Max(worst, math.Abs(p.Betweenness[v]-ref[int64(v)]*scale))
		}
		if worst > 1e-12 {
			t.Errorf("n=%d m=%d: largest difference from gonum %g", tc.n, tc.m, worst)
		}
	}
}

// Results must not depend on the number of workers, to the last bit.
func TestShortestPathsDeterministic(t *testing.T) {
	g := randomGraph(1000, 3000, 9)
	var first *Paths
	for _, w := range []int{1, 2, 3, 8} {
		p, err := ShortestPaths(context.Background(), g, PathOptions{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = p
			continue
		}
		for v := range p.Betweenness {
			if p.Betweenness[v] != first.Betweenness[v] || p.Closeness[v] != first.Closeness[v] ||
				p.Harmonic[v] != first.Harmonic[v] {
				t.Fatalf("workers=%d: node %d differs", w, v)
			}
		}
	}
}

func TestShortestPathsCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ShortestPaths(ctx, randomGraph(500, 1000, 1), PathOptions{}); err == nil {
		t.Fatal("no error after cancel")
	}
}

// PageRank with all weights 1 against gonum's PageRankSparse.
func TestPageRankMatchesGonum(t *testing.T) {
	g0 := randomGraph(300, 900, 11)
	arcs := []Arc{}
	for u := 0; u < g0.Order(); u++ {
		adj, _ := g0.Out(int32(u))
		for _, v := range adj {
			arcs = append(arcs, Arc{From: int32(u), To: v, Weight: 1})
		}
	}
	g := NewGraph(300, arcs)
	pr := PageRank(g, 0.85, 1e-13, 10000)
	ref := gonet.PageRankSparse(g, 0.85, 1e-12)
	sum := 0.0
	for v, x := range pr {
		sum += x
		if !near(x, ref[int64(v)], 1e-9) {
			t.Fatalf("node %d: %v, gonum %v", v, x, ref[int64(v)])
		}
	}
	if !near(sum, 1, 1e-12) {
		t.Errorf("sum %v", sum)
	}
}

const karate = `1-2 1-3 1-4 1-5 1-6 1-7 1-8 1-9 1-11 1-12 1-13 1-14 1-18 1-20 1-22 1-32 2-3 2-4 2-8
2-14 2-18 2-20 2-22 2-31 3-4 3-8 3-9 3-10 3-14 3-28 3-29 3-33 4-8 4-13 4-14 5-7 5-11 6-7 6-11
6-17 7-17 9-31 9-33 9-34 10-34 14-34 15-33 15-34 16-33 16-34 19-33 19-34 20-34 21-33 21-34
23-33 23-34 24-26 24-28 24-30 24-33 24-34 25-26 25-28 25-32 26-32 27-30 27-34 28-34 29-32 29-34
30-33 30-34 31-33 31-34 32-33 32-34 33-34`

// Sampling every source is the exact sweep; a large sample estimates
// betweenness within a few per cent for the most central nodes.
func TestSampledPaths(t *testing.T) {
	g := benchNetwork(t, 3000).G()
	exact, _ := ShortestPaths(context.Background(), g, PathOptions{})
	all, _ := SampledPaths(context.Background(), g, g.Order(), 1, PathOptions{})
	for v := range exact.Betweenness {
		if all.Betweenness[v] != exact.Betweenness[v] {
			t.Fatal("k = n is not exact")
		}
	}
	est, _ := SampledPaths(context.Background(), g, 1500, 1, PathOptions{})
	top := 0
	for v := range exact.Betweenness {
		if exact.Betweenness[v] > exact.Betweenness[top] {
			top = v
		}
	}
	if rel := math.Abs(est.Betweenness[top]-exact.Betweenness[top]) / exact.Betweenness[top]; rel > 0.1 {
		t.Errorf("top node: estimate %v, exact %v (%.1f%% off)", est.Betweenness[top], exact.Betweenness[top], 100*rel)
	}
	worst := 0.0
	for v := range exact.Harmonic {
		worst = math.Max(worst, math.Abs(est.Harmonic[v]-exact.Harmonic[v]))
	}
	if worst > 0.05 {
		t.Errorf("harmonic off by up to %v", worst)
	}
}
