package topo

import "clusterchain/network/internal/csr"

// SCC numbers the strongly connected components of the nodes of g that
// have at least one edge, with an iterative Tarjan: comp[v] is the
// component of v (−1 for a node without edges), components numbered in
// completion order (reverse topological order of the condensation).
// order[c] is the root of component c.
func SCC(g *csr.Graph) (comp []int32, order []int32) {
	n := g.Order()
	outStart, outAdj, _ := g.OutCSR()
	inStart, _, _ := g.InCSR()
	comp = make([]int32, n)
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	for i := range comp {
		comp[i], index[i] = -1, -1
	}
	var stack []int32
	type frame struct{ v, pos int32 }
	var call []frame
	next := int32(0)
	for r := 0; r < n; r++ {
		if index[r] >= 0 || (outStart[r] == outStart[r+1] && inStart[r] == inStart[r+1]) {
			continue
		}
		call = append(call[:0], frame{int32(r), outStart[r]})
		index[r], low[r] = next, next
		next++
		stack = append(stack, int32(r))
		onStack[r] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.pos < outStart[v+1] {
				w := outAdj[f.pos]
				f.pos++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, outStart[w]})
				} else if onStack[w] && index[w] < low[v] {
					low[v] = index[w]
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				if p := call[len(call)-1].v; low[v] < low[p] {
					low[p] = low[v]
				}
			}
			if low[v] == index[v] {
				c := int32(len(order))
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = c
					if w == v {
						break
					}
				}
				order = append(order, v)
			}
		}
	}
	return comp, order
}
