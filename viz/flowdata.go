package viz

import (
	"slices"

	"clusterchain/network"
)

// clusterFlows is where the clusters' output goes (SPEC §2, §4): per
// cluster its volume to each market and, directly, to each buyer, and
// what goes to firms outside it; per market how what enters it is passed
// on to buyers.
type clusterFlows struct {
	out      []float64           // out(C)
	toMarket []map[int32]float64 // per cluster: market node → vol(C, M)
	toBuyer  []map[int32]float64 // per cluster: buyer node → direct volume
	toFirms  []float64           // per cluster: volume to firms outside C
}

func newClusterFlows(a *network.Analysis) *clusterFlows {
	nw := a.Network
	nc := len(nw.Clusters())
	f := &clusterFlows{out: make([]float64, nc), toMarket: make([]map[int32]float64, nc),
		toBuyer: make([]map[int32]float64, nc), toFirms: make([]float64, nc)}
	for c := range nc {
		f.out[c] = a.Clusters[c].OutVolume
		f.toMarket[c] = map[int32]float64{}
		f.toBuyer[c] = map[int32]float64{}
		f.toFirms[c] = a.Clusters[c].OutVolume * a.Clusters[c].FirmShare
	}
	g := nw.G()
	for u := range nw.Nodes() {
		c := nw.ClusterOf(int32(u))
		if c < 0 {
			continue
		}
		adj, w := g.Out(int32(u))
		for k, v := range adj {
			switch nw.Nodes()[v].Type {
			case network.Market:
				f.toMarket[c][v] += w[k]
			case network.Buyer:
				f.toBuyer[c][v] += w[k]
			}
		}
	}
	return f
}

// passOn follows what enters the markets as the buyer_reach model of
// SPEC §4 does: a market passes on everything it receives in proportion
// to its outgoing volumes (to buyers, other markets and firms) and keeps
// it when it has none. inflow[k] maps market nodes to the volume entering
// them for origin k (a drawn market, or the group of the others); the
// result gives per origin the volume that ends at each buyer node, and
// what does not reach a buyer. Mass is pushed along market → market links
// until what is still moving is below 1e-12 of the total, or after 5,000
// rounds or 5·10⁷ steps (markets that only pass goods among themselves);
// what is left counts as not reaching a buyer.
func passOn(a *network.Analysis, inflow []map[int32]float64) (toBuyer []map[int32]float64, lost []float64) {
	nw := a.Network
	g := nw.G()
	isMarket := func(v int32) bool { return nw.Nodes()[v].Type == network.Market }
	outVol := func(m int32) float64 {
		_, w := g.Out(m)
		s := 0.0
		for _, x := range w {
			s += x
		}
		return s
	}
	toBuyer = make([]map[int32]float64, len(inflow))
	lost = make([]float64, len(inflow))
	budget := 5e7
	for k, in := range inflow {
		toBuyer[k] = map[int32]float64{}
		cur := map[int32]float64{}
		total := 0.0
		for m, v := range in {
			cur[m] += v
			total += v
		}
		for round := 0; len(cur) > 0; round++ {
			moving := 0.0
			for _, v := range cur {
				moving += v
			}
			if moving <= 1e-12*total || budget <= 0 || round >= 5000 {
				lost[k] += moving
				break
			}
			next := map[int32]float64{}
			for _, m := range sortedKeys(cur) {
				v := cur[m]
				ov := outVol(m)
				adj, w := g.Out(m)
				budget -= float64(len(adj) + 1)
				if ov <= 0 {
					lost[k] += v
					continue
				}
				for j, t := range adj {
					share := v * w[j] / ov
					switch {
					case isMarket(t):
						next[t] += share
					case nw.Nodes()[t].Type == network.Buyer:
						toBuyer[k][t] += share
					default:
						lost[k] += share
					}
				}
			}
			cur = next
		}
	}
	return toBuyer, lost
}

// sortedKeys returns the keys of m in increasing order, so that sums are
// taken in one order on every run.
func sortedKeys[V any](m map[int32]V) []int32 {
	keys := make([]int32, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// sumOf sums the values of m in key order.
func sumOf(m map[int32]float64) float64 {
	s := 0.0
	for _, k := range sortedKeys(m) {
		s += m[k]
	}
	return s
}
