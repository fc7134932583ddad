package topo

import "clusterchain/network/internal/csr"

// CoreNumbers returns the k-core number of every node of u: the largest k
// such that the node belongs to a subgraph in which every node has at
// least k neighbours (NetworkX core_number, Batagelj–Zaversnik bucket
// algorithm, linear time).
func CoreNumbers(u *csr.Undirected) []int32 {
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
func CutNodes(u *csr.Undirected) []bool {
	n := u.Order()
	start, adj, _, _ := u.CSR()
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
		stack = append(stack[:0], frame{v: int32(r), parent: -1, pos: start[r]})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			v := f.v
			if f.pos < start[v+1] {
				w := adj[f.pos]
				f.pos++
				if disc[w] < 0 {
					f.children++
					disc[w], low[w] = t, t
					t++
					stack = append(stack, frame{v: w, parent: v, pos: start[w]})
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
