package trophic

import (
	"context"
	"math"
	"slices"

	"clusterchain/network/internal/digraph"
)

// Target is the accuracy Levels aims for: the a-posteriori bound on
// max_i |h_i − h*_i| (h* the exact levels) at which a component's solve
// stops. It leaves a factor of ten to the 1e-9 that SPEC §5 asks for.
const Target = 1e-10

// Result holds the trophic levels of every node and how they were found.
type Result struct {
	// Levels is h, by node: 0 at the lowest node of each weakly connected
	// component (and at every isolated node).
	Levels []float64
	// Bound is the largest, over the components solved iteratively, of the
	// a-posteriori estimate 2·‖D^−½ r‖₂ / μ̂ of max_i |h_i − h*_i| (see the
	// package documentation); 0 when every component was solved exactly by
	// peeling. It is at most Target unless the solve stagnated first.
	Bound float64
	// Core is the number of nodes left after peeling (solved by conjugate
	// gradients), and Iterations the conjugate-gradient steps taken.
	Core, Iterations int
}

// Levels computes the improved trophic levels of g: the solution of
// Λh = v with Λ = diag(k_in + k_out) − A − Aᵀ and v = k_in − k_out, shifted
// in each weakly connected component so that its minimum is 0. It returns
// an error only when ctx is cancelled (checked first and every 64
// conjugate-gradient steps). The work is O(m) plus O(m) per step, at most
// 4n + 100 steps per component.
func Levels(ctx context.Context, g *digraph.Graph) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n := g.Order()
	res := &Result{Levels: make([]float64, n)}
	if n == 0 {
		return res, nil
	}
	s := newSystem(g)
	s.peel()
	h := res.Levels
	comps := s.coreComponents()
	for _, c := range comps {
		cg := s.solver(c)
		iters, bound, err := cg.solve(ctx)
		res.Iterations += iters
		res.Core += len(c)
		res.Bound = max(res.Bound, bound)
		if err != nil {
			return nil, err
		}
		for k, v := range c {
			h[v] = cg.x[k]
		}
	}
	// Back-substitution, last peeled first: a leaf sits at its neighbour's
	// level plus its accumulated imbalance over the tie's weight.
	for k := len(s.peeled) - 1; k >= 0; k-- {
		p := s.peeled[k]
		h[p.node] = h[p.nbr] + p.offset
	}
	shiftComponents(g, h)
	return res, nil
}

// system is Λh = v while leaves are peeled off: d and v are updated in
// place, count is each node's number of distinct neighbours still present.
type system struct {
	g       *digraph.Graph
	d, v    []float64
	count   []int32
	removed []bool
	peeled  []leaf
	pos     []int32 // a core node's place in its component (scratch)
}

// leaf records one peeled node: h[node] = h[nbr] + offset.
type leaf struct {
	node, nbr int32
	offset    float64
}

func newSystem(g *digraph.Graph) *system {
	n := g.Order()
	s := &system{g: g, d: make([]float64, n), v: make([]float64, n), count: make([]int32, n), removed: make([]bool, n), pos: make([]int32, n)}
	for u := int32(0); int(u) < n; u++ {
		in, out := g.In(u), g.Out(u)
		s.d[u] = float64(len(in) + len(out))
		s.v[u] = float64(len(in) - len(out))
		s.count[u] = int32(len(in) + len(out) - common(in, out))
	}
	return s
}

// common counts the elements two increasing lists share.
func common(a, b []int32) int {
	c, j := 0, 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			c++
		}
	}
	return c
}

// peel removes, as long as there is one, a node with exactly one neighbour
// j (tie weight w = 1, or 2 for a reciprocal pair). Its row of Λh = v
// reads w·h_i − w·h_j = v_i, so h_i = h_j + v_i/w exactly, and
// substituting it into j's row leaves the Laplacian system of the graph
// without i, with d_j −= w and v_j += v_i. What remains is the 2-core of
// the undirected projection, plus one root per tree component (a node
// whose count fell to 0), whose level is fixed to 0 before the shift.
func (s *system) peel() {
	g := s.g
	var queue []int32
	for u := range s.count {
		if s.count[u] == 1 {
			queue = append(queue, int32(u))
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		if s.removed[i] || s.count[i] != 1 {
			continue
		}
		j, w := int32(-1), 0.0
		for _, x := range g.Out(i) {
			if !s.removed[x] {
				j, w = x, 1
				break
			}
		}
		for _, x := range g.In(i) {
			if !s.removed[x] {
				if j == x {
					w = 2
				} else if j < 0 {
					j, w = x, 1
				}
				break
			}
		}
		s.removed[i] = true
		s.peeled = append(s.peeled, leaf{node: i, nbr: j, offset: s.v[i] / w})
		s.d[j] -= w
		s.v[j] += s.v[i]
		s.count[j]--
		if s.count[j] == 1 {
			queue = append(queue, j)
		}
	}
}

// coreComponents returns the connected components of the nodes left with
// at least two neighbours, each sorted, in order of their smallest node.
func (s *system) coreComponents() [][]int32 {
	g := s.g
	seen := make([]bool, g.Order())
	var comps [][]int32
	for u := range s.count {
		if s.removed[u] || s.count[u] < 2 || seen[u] {
			continue
		}
		c := []int32{int32(u)}
		seen[u] = true
		for k := 0; k < len(c); k++ {
			x := c[k]
			for _, nb := range [2][]int32{g.Out(x), g.In(x)} {
				for _, y := range nb {
					if !s.removed[y] && !seen[y] {
						seen[y] = true
						c = append(c, y)
					}
				}
			}
		}
		slices.Sort(c)
		comps = append(comps, c)
	}
	return comps
}

// cgSolver is one core component's Laplacian in local CSR form. A
// reciprocal pair (weight 2) is listed twice, so that Λp needs no weights.
type cgSolver struct {
	start, col []int32
	diag, b, x []float64
}

// solver builds the local system of component c (sorted nodes).
func (s *system) solver(c []int32) *cgSolver {
	g := s.g
	nnz := 0
	for k, u := range c {
		s.pos[u] = int32(k)
		nnz += g.InDegree(u) + g.OutDegree(u)
	}
	nc := len(c)
	cg := &cgSolver{start: make([]int32, nc+1), col: make([]int32, 0, nnz),
		diag: make([]float64, nc), b: make([]float64, nc), x: make([]float64, nc)}
	for k, u := range c {
		for _, nb := range [2][]int32{g.Out(u), g.In(u)} {
			for _, y := range nb {
				if !s.removed[y] {
					cg.col = append(cg.col, s.pos[y])
				}
			}
		}
		row := cg.col[cg.start[k]:]
		slices.Sort(row)
		cg.start[k+1] = int32(len(cg.col))
		cg.diag[k] = float64(len(row))
		cg.b[k] = s.v[u]
	}
	return cg
}

// apply sets q = Λp and returns pᵀq.
func (cg *cgSolver) apply(p, q []float64) float64 {
	pq := 0.0
	for i := range q {
		acc := cg.diag[i] * p[i]
		for _, j := range cg.col[cg.start[i]:cg.start[i+1]] {
			acc -= p[j]
		}
		q[i] = acc
		pq += p[i] * acc
	}
	return pq
}

// solve runs conjugate gradients preconditioned by the diagonal, from
// x = 0, until the error estimate 2·√(rᵀD⁻¹r)/μ̂ is at most Target on the
// true residual r = b − Λx, or the residual stops falling. It returns the
// steps taken and the final estimate.
func (cg *cgSolver) solve(ctx context.Context) (int, float64, error) {
	n := len(cg.b)
	r, z, p, q := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	copy(r, cg.b)
	for i := range z {
		z[i] = r[i] / cg.diag[i]
	}
	copy(p, z)
	rz := dot(r, z)
	if rz == 0 {
		return 0, 0, nil // b = 0: every level equal (a balanced component)
	}
	var lz lanczos
	mu := math.Inf(1) // smallest Ritz value so far
	best := math.Sqrt(rz)
	sinceBest := 0
	maxIter := 4*n + 100
	const window = 200
	bound := math.Inf(1)
	iters := 0
	for iters < maxIter {
		if iters&63 == 0 {
			if err := ctx.Err(); err != nil {
				return iters, bound, err
			}
		}
		pq := cg.apply(p, q)
		if !(pq > 0) {
			break // p in the null space: nothing left to reduce
		}
		alpha := rz / pq
		rzNew := 0.0
		for i := range cg.x {
			cg.x[i] += alpha * p[i]
			ri := r[i] - alpha*q[i]
			r[i] = ri
			zi := ri / cg.diag[i]
			z[i] = zi
			rzNew += ri * zi
		}
		beta := rzNew / rz
		lz.add(alpha, beta)
		rz = rzNew
		iters++
		res := math.Sqrt(max(rz, 0))
		if res < 0.9*best {
			best, sinceBest = res, 0
		} else if sinceBest++; sinceBest > window {
			break
		}
		if iters == 1 || iters%32 == 0 || 2*res <= Target*mu {
			mu = min(mu, lz.smallest())
		}
		if 2*res <= Target*mu {
			// Confirm on the true residual; if rounding has let the
			// recursive one drift, restart from the true one.
			rzTrue := cg.trueResidual(r, q)
			bound = 2 * math.Sqrt(rzTrue) / mu
			if bound <= Target {
				return iters, bound, nil
			}
			for i := range z {
				z[i] = r[i] / cg.diag[i]
			}
			copy(p, z)
			rz = dot(r, z)
			lz = lanczos{}
			continue
		}
		for i := range p {
			p[i] = z[i] + beta*p[i]
		}
	}
	mu = min(mu, lz.smallest())
	return iters, 2 * math.Sqrt(cg.trueResidual(r, q)) / mu, nil
}

// trueResidual sets r = b − Λx (using q as scratch) and returns rᵀD⁻¹r.
func (cg *cgSolver) trueResidual(r, q []float64) float64 {
	cg.apply(cg.x, q)
	s := 0.0
	for i := range r {
		r[i] = cg.b[i] - q[i]
		s += r[i] * r[i] / cg.diag[i]
	}
	return s
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// lanczos accumulates the tridiagonal matrix T that conjugate gradients
// builds implicitly (Saad, Iterative Methods for Sparse Linear Systems,
// §6.7.3): T_jj = 1/α_j + β_{j−1}/α_{j−1}, T_{j,j+1} = √β_j/α_j. Its
// eigenvalues (Ritz values) approximate those of D^−½ΛD^−½ on the Krylov
// space; the smallest converges from above to the smallest eigenvalue
// that the right-hand side excites.
type lanczos struct {
	diag, off []float64
	lastA     float64
	lastB     float64
}

func (l *lanczos) add(alpha, beta float64) {
	d := 1 / alpha
	if len(l.diag) > 0 {
		d += l.lastB / l.lastA
		l.off = append(l.off, math.Sqrt(l.lastB)/l.lastA)
	}
	l.diag = append(l.diag, d)
	l.lastA, l.lastB = alpha, beta
}

// smallest returns the smallest eigenvalue of T by Sturm-sequence
// bisection; +Inf for an empty T.
func (l *lanczos) smallest() float64 {
	k := len(l.diag)
	if k == 0 {
		return math.Inf(1)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i < k; i++ {
		rad := 0.0
		if i > 0 {
			rad += math.Abs(l.off[i-1])
		}
		if i < k-1 {
			rad += math.Abs(l.off[i])
		}
		lo = min(lo, l.diag[i]-rad)
		hi = max(hi, l.diag[i]+rad)
	}
	lo = max(lo, 0)
	// below(x) counts the eigenvalues of T less than x.
	below := func(x float64) int {
		c := 0
		q := 1.0
		for i := 0; i < k; i++ {
			b2 := 0.0
			if i > 0 {
				b2 = l.off[i-1] * l.off[i-1]
			}
			q = l.diag[i] - x - b2/q
			if q == 0 {
				q = 1e-300
			}
			if q < 0 {
				c++
			}
		}
		return c
	}
	for it := 0; it < 200 && hi-lo > 1e-3*hi; it++ {
		mid := (lo + hi) / 2
		if below(mid) >= 1 {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo // within 0.1% below the smallest Ritz value: errs on the safe side
}

// shiftComponents subtracts from each weakly connected component of g its
// smallest level.
func shiftComponents(g *digraph.Graph, h []float64) {
	n := g.Order()
	seen := make([]bool, n)
	var c []int32
	for u := 0; u < n; u++ {
		if seen[u] {
			continue
		}
		c = append(c[:0], int32(u))
		seen[u] = true
		low := h[u]
		for k := 0; k < len(c); k++ {
			x := c[k]
			low = min(low, h[x])
			for _, nb := range [2][]int32{g.Out(x), g.In(x)} {
				for _, y := range nb {
					if !seen[y] {
						seen[y] = true
						c = append(c, y)
					}
				}
			}
		}
		for _, x := range c {
			h[x] -= low
		}
	}
}

// Incoherence returns the trophic incoherence F₀ = Σ over arcs u→v of
// (h_v − h_u − 1)² / m, summed with Neumaier's compensation; ok is false
// (and F₀ NaN) for a graph without arcs or levels of the wrong length.
func Incoherence(g *digraph.Graph, h []float64) (f0 float64, ok bool) {
	m := g.Size()
	if m == 0 || len(h) != g.Order() {
		return math.NaN(), false
	}
	var sum, comp float64
	for u := int32(0); int(u) < g.Order(); u++ {
		for _, v := range g.Out(u) {
			d := h[v] - h[u] - 1
			x := d * d
			t := sum + x
			if math.Abs(sum) >= math.Abs(x) {
				comp += (sum - t) + x
			} else {
				comp += (x - t) + sum
			}
			sum = t
		}
	}
	return (sum + comp) / float64(m), true
}
