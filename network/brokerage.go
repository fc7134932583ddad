package network

import "clusterchain/network/internal/neumaier"

// Brokerage counts the Gould–Fernandez brokerage roles of one node: open
// two-paths a→v→b (a ≠ b, no edge a→b) through v, by the groups of a, v
// and b (R sna::brokerage, raw counts).
type Brokerage struct {
	Coordinator    int64 // g(a) = g(v) = g(b)
	Gatekeeper     int64 // g(a) ≠ g(v) = g(b)
	Representative int64 // g(a) = g(v) ≠ g(b)
	Itinerant      int64 // g(a) = g(b) ≠ g(v)
	Liaison        int64 // all three differ
}

// Groups returns the brokerage group of every node: a firm's cluster
// index, one group for firms in no cluster, one for all markets and one
// for all buyers.
func (nw *Network) Groups() []int32 {
	nc := int32(len(nw.clusters))
	grp := make([]int32, len(nw.nodes))
	for i, nd := range nw.nodes {
		switch {
		case nd.Type == Market:
			grp[i] = nc + 1
		case nd.Type == Buyer:
			grp[i] = nc + 2
		case nw.clusterOf[i] >= 0:
			grp[i] = nw.clusterOf[i]
		default:
			grp[i] = nc // "-": firms of no cluster
		}
	}
	return grp
}

// brokerages counts the roles of every node of g for the groups grp.
func brokerages(g *Graph, grp []int32) []Brokerage {
	n := g.Order()
	res := make([]Brokerage, n)
	for v := int32(0); int(v) < n; v++ {
		in, _ := g.In(v)
		out, _ := g.Out(v)
		if len(in) == 0 || len(out) == 0 {
			continue
		}
		r := &res[v]
		gv := grp[v]
		for _, a := range in {
			ga := grp[a]
			aout, _ := g.Out(a)
			// a's out-list and v's out-list are sorted: walk them together
			// to skip every b that a already reaches.
			k := 0
			for _, b := range out {
				if b == a {
					continue
				}
				for k < len(aout) && aout[k] < b {
					k++
				}
				if k < len(aout) && aout[k] == b {
					continue
				}
				gb := grp[b]
				switch {
				case ga == gv && gv == gb:
					r.Coordinator++
				case ga == gb:
					r.Itinerant++
				case ga == gv:
					r.Representative++
				case gv == gb:
					r.Gatekeeper++
				default:
					r.Liaison++
				}
			}
		}
	}
	return res
}

// concentration returns, over each node's outgoing volume, the
// Herfindahl–Hirschman index Σ s² of its customers' shares s and its top
// customer's share; both NaN when the outgoing volume is 0.
func concentration(g *Graph) (hhi, top []float64) {
	n := g.Order()
	hhi = make([]float64, n)
	top = make([]float64, n)
	for u := int32(0); int(u) < n; u++ {
		_, w := g.Out(u)
		total := neumaier.Of(w)
		if total == 0 {
			hhi[u], top[u] = nan, nan
			continue
		}
		var h neumaier.Sum
		for _, x := range w {
			s := shareOf(x, total)
			h.Add(s * s)
			top[u] = max(top[u], s)
		}
		hhi[u] = min(h.Value(), 1)
	}
	return hhi, top
}
