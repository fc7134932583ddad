package network

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// CoreNumbers returns the k-core number of every node of u: the largest k
// such that the node belongs to a subgraph in which every node has at
// least k neighbours (NetworkX core_number, Batagelj–Zaversnik bucket
// algorithm, linear time).
func CoreNumbers(u *Undirected) []int32 {
	n := u.Order()
	deg := make([]int32, n)
	maxDeg := int32(0)
	for v := 0; v < n; v++ {
		deg[v] = int32(u.Degree(int32(v)))
		maxDeg = max(maxDeg, deg[v])
	}
	bin := make([]int32, maxDeg+2)
	for _, d := range deg {
		bin[d+1]++
	}
	for d := int32(1); d <= maxDeg+1; d++ {
		bin[d] += bin[d-1]
	}
	pos := make([]int32, n)
	vert := make([]int32, n)
	next := append([]int32(nil), bin...)
	for v, d := range deg {
		pos[v] = next[d]
		vert[pos[v]] = int32(v)
		next[d]++
	}
	for i := 0; i < n; i++ {
		v := vert[i]
		adj, _ := u.Neighbours(v)
		for _, w := range adj {
			if deg[w] > deg[v] {
				dw := deg[w]
				pw := pos[w]
				ps := bin[dw] // first position of degree dw
				x := vert[ps]
				if x != w {
					vert[pw], vert[ps] = x, w
					pos[x], pos[w] = pw, ps
				}
				bin[dw]++
				deg[w]--
			}
		}
	}
	return deg
}

// CutNodes reports for every node of u whether it is an articulation
// point: removing it disconnects its connected component (NetworkX
// articulation_points). Iterative Hopcroft–Tarjan lowpoints.
func CutNodes(u *Undirected) []bool {
	n := u.Order()
	cut := make([]bool, n)
	disc := make([]int32, n)
	low := make([]int32, n)
	for i := range disc {
		disc[i] = -1
	}
	type frame struct {
		v, parent int32
		pos       int32
		children  int32
	}
	var stack []frame
	t := int32(0)
	for r := 0; r < n; r++ {
		if disc[r] >= 0 {
			continue
		}
		disc[r], low[r] = t, t
		t++
		stack = append(stack[:0], frame{v: int32(r), parent: -1, pos: u.start[r]})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			v := f.v
			if f.pos < u.start[v+1] {
				w := u.adj[f.pos]
				f.pos++
				if disc[w] < 0 {
					f.children++
					disc[w], low[w] = t, t
					t++
					stack = append(stack, frame{v: w, parent: v, pos: u.start[w]})
				} else if w != f.parent && disc[w] < low[v] {
					low[v] = disc[w]
				}
				continue
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				cut[v] = f.children > 1 // the root
				continue
			}
			p := &stack[len(stack)-1]
			if low[v] < low[p.v] {
				low[p.v] = low[v]
			}
			if p.parent >= 0 && low[v] >= disc[p.v] {
				cut[p.v] = true
			}
		}
	}
	return cut
}

// HITS returns unweighted hub and authority scores of g, each summing to
// 1 (NetworkX hits on the unweighted graph): the authorities are the
// principal eigenvector of AᵀA for the 0/1 adjacency matrix A, the hubs
// A times the authorities. Both are 0 when g has no edges.
//
// The eigenvector comes from Lanczos iterations (20 vectors) with full
// reorthogonalisation (classical Gram–Schmidt, twice) and explicit restarts, stopped when the residual
// ‖AᵀAv − θv‖ falls below tol·θ: on supply networks the spectral gap is
// small and plain power iteration needs thousands of steps.
func HITS(g *Graph, tol float64, maxRestarts int) (hub, auth []float64) {
	n := g.Order()
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
			for _, x := range g.outAdj[g.outStart[u]:g.outStart[u+1]] {
				s += v[x]
			}
			tmp[u] = s
		}
		clear(dst)
		for u := 0; u < n; u++ {
			if t := tmp[u]; t != 0 {
				for _, x := range g.outAdj[g.outStart[u]:g.outStart[u+1]] {
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
		for _, x := range g.outAdj[g.outStart[u]:g.outStart[u+1]] {
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

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
