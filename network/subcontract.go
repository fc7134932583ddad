package network

// Subcontracting holds the figures of SPEC §2 "Subcontracting depth" for
// every node: −1 (and ring −1) where the node has no subcontract link.
type Subcontracting struct {
	// Tier is the fewest subcontracting steps from the node's unit to a
	// lead unit (a lead is 0).
	Tier []int32
	// Depth is the length of the longest chain of units ending at the
	// node's unit (0 for a firm with no subcontractors).
	Depth []int32
	// Ring is the index of the smallest member of the node's pooling ring,
	// or −1 when the node is in no ring.
	Ring []int32
	// Rings lists each pooling ring's members in index order, rings sorted
	// by their smallest member.
	Rings [][]int32
}

// Tiers computes tiers, depths and pooling rings on the
// subcontracting graph s (subcontractor → contractor). Strongly connected
// components of more than one node are rings; they are collapsed into one
// unit, making the graph acyclic. A lead unit is one with no outgoing
// link: every unit of s is a sink of the condensation or leads to one.
func Tiers(s *Graph) *Subcontracting {
	n := s.Order()
	comp, order := sccs(s)
	res := &Subcontracting{
		Tier:  make([]int32, n),
		Depth: make([]int32, n),
		Ring:  make([]int32, n),
	}
	for i := range res.Tier {
		res.Tier[i], res.Depth[i], res.Ring[i] = -1, -1, -1
	}
	nc := len(order)
	if nc == 0 {
		return res
	}
	members := make([][]int32, nc)
	for v := 0; v < n; v++ {
		if comp[v] >= 0 {
			members[comp[v]] = append(members[comp[v]], int32(v))
		}
	}
	tier := make([]int32, nc)
	depth := make([]int32, nc)
	// Components are numbered in the order Tarjan's algorithm completes
	// them: every component reachable from c has a smaller number. So
	// ascending order sees contractors first (tier), descending order sees
	// subcontractors first (depth).
	for c := 0; c < nc; c++ {
		best := int32(-1)
		for _, u := range members[c] {
			for _, v := range s.outAdj[s.outStart[u]:s.outStart[u+1]] {
				if cv := comp[v]; cv != int32(c) && (best < 0 || tier[cv]+1 < best) {
					best = tier[cv] + 1
				}
			}
		}
		if best < 0 {
			best = 0
		}
		tier[c] = best
	}
	for c := nc - 1; c >= 0; c-- {
		for _, u := range members[c] {
			for _, v := range s.outAdj[s.outStart[u]:s.outStart[u+1]] {
				if cv := comp[v]; cv != int32(c) && depth[c]+1 > depth[cv] {
					depth[cv] = depth[c] + 1
				}
			}
		}
	}
	for c := 0; c < nc; c++ {
		m := members[c]
		ring := int32(-1)
		if len(m) > 1 {
			ring = m[0]
			res.Rings = append(res.Rings, m)
		}
		for _, v := range m {
			res.Tier[v], res.Depth[v], res.Ring[v] = tier[c], depth[c], ring
		}
	}
	sortRings(res.Rings)
	return res
}

func sortRings(r [][]int32) {
	// Insertion sort by first member: rings are few.
	for i := 1; i < len(r); i++ {
		for j := i; j > 0 && r[j][0] < r[j-1][0]; j-- {
			r[j], r[j-1] = r[j-1], r[j]
		}
	}
}

// sccs numbers the strongly connected components of the nodes of g that
// have at least one edge, with an iterative Tarjan: comp[v] is the
// component of v (−1 for a node without edges), components numbered in
// completion order (reverse topological order of the condensation).
// order[c] is the root of component c.
func sccs(g *Graph) (comp []int32, order []int32) {
	n := g.Order()
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
		if index[r] >= 0 || (g.outStart[r] == g.outStart[r+1] && g.inStart[r] == g.inStart[r+1]) {
			continue
		}
		call = append(call[:0], frame{int32(r), g.outStart[r]})
		index[r], low[r] = next, next
		next++
		stack = append(stack, int32(r))
		onStack[r] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.pos < g.outStart[v+1] {
				w := g.outAdj[f.pos]
				f.pos++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, g.outStart[w]})
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
