package spectral

import (
	"math"

	"clusterchain/network/internal/csr"

	"gonum.org/v1/gonum/mat"
)

// HITS returns unweighted hub and authority scores of g, each summing to
// 1 (NetworkX hits on the unweighted graph): the authorities are the
// principal eigenvector of AᵀA for the 0/1 adjacency matrix A, the hubs
// A times the authorities. Both are 0 when g has no edges.
//
// The eigenvector comes from Lanczos iterations (20 vectors) with full
// reorthogonalisation (classical Gram–Schmidt, twice) and explicit restarts, stopped when the residual
// ‖AᵀAv − θv‖ falls below tol·θ: on supply networks the spectral gap is
// small and plain power iteration needs thousands of steps.
func HITS(g *csr.Graph, tol float64, maxRestarts int) (hub, auth []float64) {
	n := g.Order()
	outStart, outAdj, _ := g.OutCSR()
	hub = make([]float64, n)
	auth = make([]float64, n)
	if g.Size() == 0 {
		return hub, auth
	}
	k := min(n, 20)
	V := make([][]float64, k+1)
	for i := range V {
		V[i] = make([]float64, n)
	}
	tmp := make([]float64, n)       // A·v
	mul := func(dst, v []float64) { // dst = AᵀA v
		for u := 0; u < n; u++ {
			s := 0.0
			for _, x := range outAdj[outStart[u]:outStart[u+1]] {
				s += v[x]
			}
			tmp[u] = s
		}
		clear(dst)
		for u := 0; u < n; u++ {
			if t := tmp[u]; t != 0 {
				for _, x := range outAdj[outStart[u]:outStart[u+1]] {
					dst[x] += t
				}
			}
		}
	}
	v := auth
	for i := range v {
		v[i] = 1 / math.Sqrt(float64(n))
	}
	alpha := make([]float64, k)
	beta := make([]float64, k)
	h := make([]float64, k+1)
	for restart := 0; restart < maxRestarts; restart++ {
		copy(V[0], v)
		m := k
		for j := 0; j < k; j++ {
			w := V[j+1]
			mul(w, V[j])
			alpha[j] = dot(w, V[j])
			orthogonalise(w, V[:j+1], h)
			orthogonalise(w, V[:j+1], h) // twice is enough
			beta[j] = math.Sqrt(dot(w, w))
			if beta[j] <= 1e-14*math.Abs(alpha[j]) || beta[j] == 0 {
				m = j + 1 // the Krylov space is exhausted: exact
				beta[j] = 0
				break
			}
			scale(w, 1/beta[j])
		}
		theta, s := topEigen(alpha[:m], beta[:m])
		clear(v)
		for i := 0; i < m; i++ {
			axpy(v, s[i], V[i])
		}
		scale(v, 1/math.Sqrt(dot(v, v)))
		if math.Abs(beta[m-1]*s[m-1]) <= tol*theta {
			break
		}
	}
	// auth = v up to sign. The principal eigenvector is non-negative:
	// negative entries are rounding noise. Two power steps from the
	// clamped vector keep structural zeros (no in-links, or in-links only
	// from nodes that are no hub) exactly zero.
	copy(auth, v)
	if sum(auth) < 0 {
		scale(auth, -1)
	}
	for i, x := range auth {
		auth[i] = max(x, 0)
	}
	for range 2 {
		mul(V[0], auth)
		copy(auth, V[0])
		normalise(auth)
	}
	for u := 0; u < n; u++ {
		s := 0.0
		for _, x := range outAdj[outStart[u]:outStart[u+1]] {
			s += auth[x]
		}
		hub[u] = s
	}
	normalise(hub)
	return hub, auth
}

// orthogonalise makes w orthogonal to the orthonormal vectors V by
// classical Gram–Schmidt: all projections are computed in one pass over
// memory, then subtracted in another, block by block so that the pieces
// of w stay in cache. h is scratch of at least len(V).
func orthogonalise(w []float64, V [][]float64, h []float64) {
	const block = 2048
	h = h[:len(V)]
	clear(h)
	for lo := 0; lo < len(w); lo += block {
		hi := min(lo+block, len(w))
		wb := w[lo:hi]
		for i, v := range V {
			h[i] += dot(wb, v[lo:hi])
		}
	}
	for lo := 0; lo < len(w); lo += block {
		hi := min(lo+block, len(w))
		wb := w[lo:hi]
		for i, v := range V {
			axpy(wb, -h[i], v[lo:hi])
		}
	}
}

// topEigen returns the largest eigenvalue of the symmetric tridiagonal
// matrix with diagonal a and off-diagonal b[:len(a)-1], and its unit
// eigenvector.
func topEigen(a, b []float64) (float64, []float64) {
	m := len(a)
	t := mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		t.SetSym(i, i, a[i])
		if i+1 < m {
			t.SetSym(i, i+1, b[i])
		}
	}
	var e mat.EigenSym
	if !e.Factorize(t, true) {
		s := make([]float64, m)
		s[0] = 1
		return a[0], s
	}
	vals := e.Values(nil) // ascending
	var vecs mat.Dense
	e.VectorsTo(&vecs)
	s := make([]float64, m)
	mat.Col(s, m-1, &vecs)
	return vals[m-1], s
}

func dot(x, y []float64) float64 {
	s := 0.0
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

func axpy(dst []float64, a float64, x []float64) {
	for i, v := range x {
		dst[i] += a * v
	}
}

func scale(x []float64, a float64) {
	for i := range x {
		x[i] *= a
	}
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

func normalise(x []float64) {
	s := 0.0
	for _, v := range x {
		s += v
	}
	if s == 0 {
		return
	}
	for i := range x {
		x[i] /= s
	}
}
