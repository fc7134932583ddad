package spectral

import (
	"math"

	"clusterchain/network/internal/csr"
	"clusterchain/network/internal/neumaier"
)

// PageRank returns the volume-weighted PageRank of every node of g with
// damping alpha, the convention of NetworkX's pagerank(G, alpha,
// weight=…): each node passes alpha of its score along its out-edges in
// proportion to their weights; a node whose out-weights sum to 0 is
// dangling and its score is spread uniformly; 1−alpha is spread
// uniformly. The power iteration starts from the uniform vector and stops
// when the L1 change of one step falls below tol, or after maxIter steps.
// Scores sum to 1.
func PageRank(g *csr.Graph, alpha, tol float64, maxIter int) []float64 {
	n := g.Order()
	outStart, _, outWt := g.OutCSR()
	inStart, inAdj, inW := g.InCSR()
	if n == 0 {
		return nil
	}
	outW := make([]float64, n)
	for u := 0; u < n; u++ {
		outW[u] = neumaier.Of(outWt[outStart[u]:outStart[u+1]])
	}
	// Each step gathers along in-edges: node v receives alpha·w/outW(u)
	// of the score of each in-neighbour u, a coefficient fixed per edge.
	// Reading scores scattered in memory is cheaper than adding to them.
	coef := make([]float64, len(inAdj))
	for v := 0; v < n; v++ {
		for k := inStart[v]; k < inStart[v+1]; k++ {
			if ow := outW[inAdj[k]]; ow > 0 {
				coef[k] = alpha * inW[k] / ow
			}
		}
	}
	var dangling []int32
	for u, w := range outW {
		if w == 0 {
			dangling = append(dangling, int32(u))
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
		for _, u := range dangling {
			dangle += x[u]
		}
		base := alpha*dangle*inv + (1-alpha)*inv
		err := 0.0
		for v := 0; v < n; v++ {
			s := 0.0
			for k := inStart[v]; k < inStart[v+1]; k++ {
				s += coef[k] * x[inAdj[k]]
			}
			s += base
			next[v] = s
			err += math.Abs(s - x[v])
		}
		x, next = next, x
		if err < tol {
			break
		}
	}
	return x
}
