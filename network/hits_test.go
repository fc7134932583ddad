package network

import "testing"

// powerHITS is the textbook iteration, run to a tight tolerance: the
// reference for the Lanczos version.
func powerHITS(g *Graph, steps int) (hub, auth []float64) {
	n := g.Order()
	hub, auth = make([]float64, n), make([]float64, n)
	for i := range hub {
		hub[i] = 1
	}
	for it := 0; it < steps; it++ {
		clear(auth)
		for u := 0; u < n; u++ {
			for _, v := range g.outAdj[g.outStart[u]:g.outStart[u+1]] {
				auth[v] += hub[u]
			}
		}
		normalise(auth)
		for u := 0; u < n; u++ {
			s := 0.0
			for _, v := range g.outAdj[g.outStart[u]:g.outStart[u+1]] {
				s += auth[v]
			}
			hub[u] = s
		}
		normalise(hub)
	}
	return hub, auth
}

func TestHITSMatchesPowerIteration(t *testing.T) {
	for _, g := range []*Graph{benchNetwork(t, 2000).G(), randomGraph(300, 900, 5), randomGraph(5, 6, 2)} {
		h, a := HITS(g, hitsTol, hitsSteps)
		rh, ra := powerHITS(g, 30000)
		d := 0.0
		for i := range h {
			d = max(d, abs(h[i]-rh[i]), abs(a[i]-ra[i]))
		}
		if d > 1e-10 {
			t.Errorf("n=%d: largest difference from power iteration %g", g.Order(), d)
		}
		if !near(sum(h), 1, 1e-12) || !near(sum(a), 1, 1e-12) {
			t.Errorf("sums %v %v", sum(h), sum(a))
		}
	}
}
