package network

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
// 1: the principal left and right singular vectors of the 0/1 adjacency
// matrix (NetworkX hits on the unweighted graph). Power iteration from the
// uniform vector stops when the L1 change falls below tol or after
// maxIter steps. Both are 0 when g has no edges.
func HITS(g *Graph, tol float64, maxIter int) (hub, auth []float64) {
	n := g.Order()
	hub = make([]float64, n)
	auth = make([]float64, n)
	if g.Size() == 0 {
		return hub, auth
	}
	for i := range hub {
		hub[i] = 1 / float64(n)
	}
	prev := make([]float64, n)
	for it := 0; it < maxIter; it++ {
		copy(prev, hub)
		// auth = Aᵀ hub; hub = A auth; both normalised to sum 1.
		clear(auth)
		for u := 0; u < n; u++ {
			if h := hub[u]; h != 0 {
				for _, v := range g.outAdj[g.outStart[u]:g.outStart[u+1]] {
					auth[v] += h
				}
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
		d := 0.0
		for i := range hub {
			d += abs(hub[i] - prev[i])
		}
		if d < tol {
			break
		}
	}
	return hub, auth
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
