package testgraph

import (
	"math/rand/v2"

	"clusterchain/network/internal/csr"
)

// Random returns a graph of n nodes and m arcs between random distinct
// nodes, weights 0 to 4 (parallel arcs merged, so fewer edges).
func Random(n, m int, seed uint64) *csr.Graph {
	r := rand.New(rand.NewPCG(seed, 7))
	arcs := make([]csr.Arc, 0, m)
	for len(arcs) < m {
		u, v := int32(r.IntN(n)), int32(r.IntN(n))
		if u != v {
			arcs = append(arcs, csr.Arc{From: u, To: v, Weight: float64(r.IntN(5))})
		}
	}
	return csr.New(n, arcs)
}

// Cluster returns G and S of a cluster-shaped network of about n firms —
// the network of the network package's benchmarks (benchNetwork), node
// for node and edge for edge: clusters of 100 firms with subcontracting
// inside, sales through one of n/400+3 markets, some direct orders to
// n/1000+5 buyers, 2.5 links per firm. Nodes are numbered firms, markets,
// buyers.
func Cluster(n int) (g, s *csr.Graph) {
	r := rand.New(rand.NewPCG(uint64(n), 1))
	nm, nb := n/400+3, n/1000+5
	seen := map[[2]int]bool{}
	var arcs, sub []csr.Arc
	add := func(f, t int, subcontract bool) {
		if f == t || seen[[2]int{f, t}] {
			return
		}
		seen[[2]int{f, t}] = true
		a := csr.Arc{From: int32(f), To: int32(t), Weight: float64(1 + r.IntN(1000))}
		arcs = append(arcs, a)
		if subcontract {
			sub = append(sub, a)
		}
	}
	for i := 0; i < n; i++ {
		if i%100 != 0 { // subcontract to an earlier firm of the cluster
			add(i, i-1-r.IntN(i%100), true)
		}
		add(i, n+(i/100)%nm, false)
		if r.IntN(2) == 0 { // cross-cluster supply
			add(i, r.IntN(n), false)
		}
		if r.IntN(20) == 0 {
			add(i, n+nm+r.IntN(nb), false)
		}
	}
	for m := 0; m < nm; m++ {
		for k := 0; k < 3; k++ {
			add(n+m, n+nm+r.IntN(nb), false)
		}
	}
	return csr.New(n+nm+nb, arcs), csr.New(n+nm+nb, sub)
}
