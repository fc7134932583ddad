package network

import (
	"math"

	"clusterchain/network/internal/csr"
)

var nan = math.NaN()

// structuralHoles returns Burt's constraint and effective size of every
// node on the unweighted graph, with NetworkX's directed conventions
// (constraint(G), effective_size(G)): a node's neighbours are its in- and
// out-neighbours; the mutual weight m(u,v) of two nodes is the number of
// edges between them (0, 1 or 2); p(u,v) = m(u,v)/Σ_w m(u,w).
//
//	constraint(v)     = Σ_{n ∈ N(v)} (p(v,n) + Σ_{w ∈ N(v)} p(v,w)·p(w,n))²
//	effective_size(v) = Σ_{u ∈ N(v)} (1 − Σ_{w ∈ N(v)} p(v,w)·m(u,w)/max_x m(u,x))
//
// Both are NaN for a node with no outgoing edge, where NetworkX leaves
// them undefined.
func structuralHoles(g *Graph, u *csr.Undirected) (constraint, effSize []float64) {
	n := g.Order()
	start, adj, _, mutual := u.CSR()
	constraint = make([]float64, n)
	effSize = make([]float64, n)
	sum := make([]float64, n) // Σ_w m(v,w)
	mx := make([]float64, n)  // max_w m(v,w)
	for v := 0; v < n; v++ {
		for _, m := range mutual[start[v]:start[v+1]] {
			sum[v] += float64(m)
			mx[v] = math.Max(mx[v], float64(m))
		}
	}
	// p(v,·) of the node in hand, scattered over node ids; mark says which
	// ids are neighbours of v.
	pv := make([]float64, n)
	mark := make([]bool, n)
	indirect := make([]float64, n)
	red := make([]float64, n)
	for v := int32(0); int(v) < n; v++ {
		if out, _ := g.Out(v); len(out) == 0 {
			constraint[v], effSize[v] = math.NaN(), math.NaN()
			continue
		}
		nb := adj[start[v]:start[v+1]]
		ms := mutual[start[v]:start[v+1]]
		for k, w := range nb {
			pv[w] = float64(ms[k]) / sum[v]
			mark[w] = true
		}
		// One walk over the ties w–x between neighbours of v gives both
		// indirect[x] = Σ_w p(v,w)·p(w,x), for constraint, and red[x] =
		// Σ_w p(v,w)·m(x,w)/max_y m(x,y), the redundancy of x, for
		// effective size.
		for _, w := range nb {
			wn := adj[start[w]:start[w+1]]
			wm := mutual[start[w]:start[w+1]]
			if len(wn) <= 8*len(nb) {
				for k, x := range wn {
					if mark[x] {
						m := float64(wm[k])
						indirect[x] += pv[w] * m / sum[w]
						red[x] += pv[w] * m / mx[x]
					}
				}
			} else {
				for _, x := range nb {
					if k := u.Find(int64(w), int64(x)); k >= 0 {
						m := float64(mutual[k])
						indirect[x] += pv[w] * m / sum[w]
						red[x] += pv[w] * m / mx[x]
					}
				}
			}
		}
		c, eff := 0.0, 0.0
		for _, x := range nb {
			s := pv[x] + indirect[x]
			c += s * s
			eff += 1 - red[x]
		}
		constraint[v], effSize[v] = c, eff
		for _, w := range nb {
			pv[w], mark[w], indirect[w], red[w] = 0, false, 0, 0
		}
	}
	return constraint, effSize
}
