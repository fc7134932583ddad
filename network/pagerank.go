package network

import "math"

// PageRank returns the volume-weighted PageRank of every node of g with
// damping alpha, the convention of NetworkX's pagerank(G, alpha,
// weight=…): each node passes alpha of its score along its out-edges in
// proportion to their weights; a node whose out-weights sum to 0 is
// dangling and its score is spread uniformly; 1−alpha is spread
// uniformly. The power iteration starts from the uniform vector and stops
// when the L1 change of one step falls below tol, or after maxIter steps.
// Scores sum to 1.
func PageRank(g *Graph, alpha, tol float64, maxIter int) []float64 {
	n := g.Order()
	if n == 0 {
		return nil
	}
	outW := make([]float64, n)
	for u := 0; u < n; u++ {
		for _, w := range g.outW[g.outStart[u]:g.outStart[u+1]] {
			outW[u] += w
		}
	}
	inv := 1 / float64(n)
	x := make([]float64, n)
	next := make([]float64, n)
	for i := range x {
		x[i] = inv
	}
	for it := 0; it < maxIter; it++ {
		dangle := 0.0
		for u := 0; u < n; u++ {
			if outW[u] == 0 {
				dangle += x[u]
			}
		}
		base := alpha*dangle*inv + (1-alpha)*inv
		for v := range next {
			next[v] = 0
		}
		for u := 0; u < n; u++ {
			if outW[u] == 0 {
				continue
			}
			f := alpha * x[u] / outW[u]
			s, e := g.outStart[u], g.outStart[u+1]
			for k := s; k < e; k++ {
				next[g.outAdj[k]] += f * g.outW[k]
			}
		}
		err := 0.0
		for v := range next {
			next[v] += base
			err += math.Abs(next[v] - x[v])
		}
		x, next = next, x
		if err < tol {
			break
		}
	}
	return x
}
