package network

import (
	"sort"

	"clusterchain/network/internal/neumaier"
)

// ClusterFigures are the figures of one cluster (SPEC §2 "Cluster–market
// linkage", SPEC §3 clusters.csv).
type ClusterFigures struct {
	Index int32 // into Network.Clusters
	// Firms counts the firms of the cluster.
	Firms int
	// InternalLinks counts links (after summing duplicates) with both
	// ends in the cluster.
	InternalLinks int
	// OutVolume is out(C): the summed volume from firms of C to any node
	// outside C.
	OutVolume float64
	// MarketShare, BuyerShare and FirmShare split OutVolume by the type of
	// the receiving node; each is 0 when OutVolume is 0.
	MarketShare, BuyerShare, FirmShare float64
	// MaxDepth is the largest subcontracting depth of its firms, −1 when
	// none of them subcontracts.
	MaxDepth int32
	// Rings are the rings (as the index of their smallest member) with a
	// member in the cluster, in index order.
	Rings []int32

	// CustomerHHI and TopCustomerShare are over the cluster's volume to
	// nodes outside it, by receiving node; NaN (and TopCustomer −1) when
	// OutVolume is 0. TopCustomer ties go to the smallest id.
	CustomerHHI, TopCustomerShare float64
	TopCustomer                   int32
	// BuyerReach is the share of OutVolume that ends at buyers, directly
	// or through markets (SPEC §4).
	BuyerReach float64

	// External and Internal count the edges of G with exactly one, resp.
	// both ends in the cluster; EIIndex is Krackhardt and Stern's
	// (External − Internal) / (External + Internal), NaN when both are 0
	// (SPEC §5).
	External, Internal int
	EIIndex            float64
}

// Linkage is one (cluster, market) pair of linkage.csv.
type Linkage struct {
	Cluster, Market int32 // cluster index, node index
	// Volume is vol(C, M).
	Volume float64
	// Share is vol(C, M) / out(C).
	Share float64
	// Reach is the share of the cluster's firms with a link to M.
	Reach float64
	// Dependence is vol(C, M) / in(M).
	Dependence float64
}

// linkage computes the cluster figures and the linkage pairs. depth is
// the per-node subcontracting depth (−1 for none), ring the per-node ring.
func (nw *Network) linkage(inVolume []float64, sub *subcontracting) ([]ClusterFigures, []Linkage) {
	nc := len(nw.clusters)
	cf := make([]ClusterFigures, nc)
	toMarket := make([]neumaier.Sum, nc)
	toBuyer := make([]neumaier.Sum, nc)
	toFirm := make([]neumaier.Sum, nc)
	for i := range cf {
		cf[i].Index = int32(i)
		cf[i].MaxDepth = -1
		cf[i].OutVolume = nw.clusterOut[i]
	}
	type pair struct{ c, m int32 }
	vol := make(map[pair]*neumaier.Sum)
	firms := make(map[pair]int)
	g := nw.g
	for u := range nw.nodes {
		c := nw.clusterOf[u]
		if c < 0 {
			continue
		}
		f := &cf[c]
		f.Firms++
		if d := sub.Depth[u]; d > f.MaxDepth {
			f.MaxDepth = d
		}
		if r := sub.Ring[u]; r >= 0 {
			f.Rings = append(f.Rings, r)
		}
		adj, w := g.Out(int32(u))
		for k, v := range adj {
			if nw.clusterOf[v] == c {
				continue
			}
			switch nw.nodes[v].Type {
			case Market:
				toMarket[c].Add(w[k])
				p := pair{c, v}
				if vol[p] == nil {
					vol[p] = new(neumaier.Sum)
				}
				vol[p].Add(w[k])
				firms[p]++
			case Buyer:
				toBuyer[c].Add(w[k])
			default:
				toFirm[c].Add(w[k])
			}
		}
	}
	for _, l := range nw.links {
		if c := nw.clusterOf[l.From]; c >= 0 && c == nw.clusterOf[l.To] {
			cf[c].InternalLinks++
		}
	}
	for c := range cf {
		f := &cf[c]
		f.MarketShare = shareOf(toMarket[c].Value(), f.OutVolume)
		f.BuyerShare = shareOf(toBuyer[c].Value(), f.OutVolume)
		f.FirmShare = shareOf(toFirm[c].Value(), f.OutVolume)
		f.Rings = uniqueSorted(f.Rings)
	}
	lk := make([]Linkage, 0, len(vol))
	for p, sum := range vol {
		v := sum.Value()
		lk = append(lk, Linkage{
			Cluster:    p.c,
			Market:     p.m,
			Volume:     v,
			Share:      shareOf(v, cf[p.c].OutVolume),
			Reach:      shareOf(float64(firms[p]), float64(cf[p.c].Firms)),
			Dependence: shareOf(v, inVolume[p.m]),
		})
	}
	// Cluster index order is id order; market node indices are id order.
	sort.Slice(lk, func(i, j int) bool {
		if lk[i].Cluster != lk[j].Cluster {
			return lk[i].Cluster < lk[j].Cluster
		}
		return lk[i].Market < lk[j].Market
	})
	return cf, lk
}

func uniqueSorted(s []int32) []int32 {
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
