package spectral

import (
	"math"
	"testing"

	"clusterchain/network/internal/csr"
	"clusterchain/network/internal/testgraph"

	"gonum.org/v1/gonum/floats/scalar"
	gonet "gonum.org/v1/gonum/graph/network"
)

// PageRank with all weights 1 against gonum's PageRankSparse.
func TestPageRankMatchesGonum(t *testing.T) {
	g0 := testgraph.Random(300, 900, 11)
	arcs := []csr.Arc{}
	for u := 0; u < g0.Order(); u++ {
		adj, _ := g0.Out(int32(u))
		for _, v := range adj {
			arcs = append(arcs, csr.Arc{From: int32(u), To: v, Weight: 1})
		}
	}
	g := csr.New(300, arcs)
	pr := PageRank(g, 0.85, 1e-13, 10000)
	ref := gonet.PageRankSparse(g, 0.85, 1e-12)
	sum := 0.0
	for v, x := range pr {
		sum += x
		if !scalar.EqualWithinAbsOrRel(x, ref[int64(v)], 1e-9, 1e-9) {
			t.Fatalf("node %d: %v, gonum %v", v, x, ref[int64(v)])
		}
	}
	if !scalar.EqualWithinAbsOrRel(sum, 1, 1e-12, 1e-12) {
		t.Errorf("sum %v", sum)
	}
}

// powerHITS is the textbook iteration, run to a tight tolerance: the
// reference for the Lanczos version.
func powerHITS(g *csr.Graph, steps int) (hub, auth []float64) {
	n := g.Order()
	hub, auth = make([]float64, n), make([]float64, n)
	for i := range hub {
		hub[i] = 1
	}
	for it := 0; it < steps; it++ {
		clear(auth)
		for u := 0; u < n; u++ {
			adj, _ := g.Out(int32(u))
			for _, v := range adj {
				auth[v] += hub[u]
			}
		}
		normalise(auth)
		for u := 0; u < n; u++ {
			s := 0.0
			adj, _ := g.Out(int32(u))
			for _, v := range adj {
				s += auth[v]
			}
			hub[u] = s
		}
		normalise(hub)
	}
	return hub, auth
}

func TestHITSMatchesPowerIteration(t *testing.T) {
	big, _ := testgraph.Cluster(2000)
	for _, g := range []*csr.Graph{big, testgraph.Random(300, 900, 5), testgraph.Random(5, 6, 2)} {
		h, a := HITS(g, 1e-13, 200)
		rh, ra := powerHITS(g, 30000)
		for i := range h {
			if !scalar.EqualWithinAbsOrRel(h[i], rh[i], 1e-10, 1e-9) || !scalar.EqualWithinAbsOrRel(a[i], ra[i], 1e-10, 1e-9) {
				t.Errorf("n=%d node %d: hub %v authority %v, power iteration %v %v", g.Order(), i, h[i], a[i], rh[i], ra[i])
				break
			}
		}
		if !scalar.EqualWithinAbsOrRel(sum(h), 1, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(sum(a), 1, 1e-12, 1e-12) {
			t.Errorf("sums %v %v", sum(h), sum(a))
		}
	}
}

// HITS against gonum's network.HITS, which normalises each vector to
// unit length: rescaled to sum 1, the two agree.
func TestHITSMatchesGonum(t *testing.T) {
	for _, g := range []*csr.Graph{testgraph.Random(200, 700, 3), testgraph.Random(60, 150, 8)} {
		h, a := HITS(g, 1e-13, 200)
		ref := gonet.HITS(g, 1e-14)
		rh, ra := make([]float64, g.Order()), make([]float64, g.Order())
		for id, x := range ref {
			rh[id], ra[id] = math.Abs(x.Hub), math.Abs(x.Authority)
		}
		normalise(rh)
		normalise(ra)
		for i := range h {
			if !scalar.EqualWithinAbsOrRel(h[i], rh[i], 1e-9, 1e-7) || !scalar.EqualWithinAbsOrRel(a[i], ra[i], 1e-9, 1e-7) {
				t.Errorf("n=%d node %d: hub %v authority %v, gonum %v %v", g.Order(), i, h[i], a[i], rh[i], ra[i])
				break
			}
		}
	}
}

// A graph without edges: every score 0.
func TestHITSWithoutEdges(t *testing.T) {
	h, a := HITS(csr.New(3, nil), 1e-13, 200)
	for i := range h {
		if h[i] != 0 || a[i] != 0 {
			t.Errorf("node %d: %v %v", i, h[i], a[i])
		}
	}
	if pr := PageRank(csr.New(4, nil), 0.85, 1e-13, 100); !scalar.EqualWithinAbsOrRel(pr[2], 0.25, 1e-15, 1e-15) {
		t.Errorf("PageRank without edges %v", pr)
	}
}

func BenchmarkPageRank(b *testing.B) {
	g, _ := testgraph.Cluster(20000)
	for i := 0; i < b.N; i++ {
		PageRank(g, 0.85, 1e-13, 10000)
	}
}

func BenchmarkHITS(b *testing.B) {
	g, _ := testgraph.Cluster(20000)
	for i := 0; i < b.N; i++ {
		HITS(g, 1e-13, 200)
	}
}
