package network

import "clusterchain/network/internal/topo"

// subcontracting holds the figures of SPEC §2 "subcontracting depth" for
// every node: −1 (and ring −1) where the node has no subcontract link.
type subcontracting struct {
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

// tiers computes tiers, depths and pooling rings on the
// subcontracting graph s (subcontractor → contractor). Strongly connected
// components of more than one node are rings; they are collapsed into one
// unit, making the graph acyclic. A lead unit is one with no outgoing
// link: every unit of s is a sink of the condensation or leads to one.
func tiers(s *Graph) *subcontracting {
	n := s.Order()
	comp, order := topo.SCC(s)
	res := &subcontracting{
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
			for _, v := range outOf(s, u) {
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
			for _, v := range outOf(s, u) {
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

// outOf returns the out-neighbours of u in s.
func outOf(s *Graph, u int32) []int32 {
	adj, _ := s.Out(u)
	return adj
}
