package report

import (
	"fmt"
	"sort"

	"clusterchain/network"
)

// profile is what a cluster office reads about its cluster: its firms,
// tiers and rings, where its output goes, its exposure and its most
// central firms.
type profile struct {
	Anchor, Name, ID string
	About            []string
	Markets, Buyers  *miniTable
	Exposure         []string
	Firms            *miniTable
}

// miniTable is a short table of a profile; More says what is left out.
type miniTable struct {
	Caption string
	Head    []string
	Rows    [][]string
	More    string
}

// profileRows is the most rows a profile table shows.
const profileRows = 8

func (p *page) profiles(r *Run) []profile {
	a, l := r.Analysis, p.l
	nw := a.Network
	nc := len(nw.Clusters())
	if nc == 0 {
		return nil
	}
	links := make([][]network.Linkage, nc)
	for _, lk := range a.Linkage {
		links[lk.Cluster] = append(links[lk.Cluster], lk)
	}
	reach := make([][]network.BuyerFlow, nc)
	for _, rf := range a.Reach {
		reach[rf.Cluster] = append(reach[rf.Cluster], rf)
	}
	firms := make([][]int32, nc)
	for i := range nw.Nodes() {
		if c := nw.ClusterOf(int32(i)); c >= 0 {
			firms[c] = append(firms[c], int32(i))
		}
	}
	// The loss that would hit each cluster hardest of all clusters.
	worst := make([]*network.Resilience, nc)
	for i := range a.Resilience {
		x := &a.Resilience[i]
		if c := x.WorstCluster; c >= 0 && (worst[c] == nil || x.WorstShare > worst[c].WorstShare) {
			worst[c] = x
		}
	}
	out := make([]profile, nc)
	for c, cl := range nw.Clusters() {
		f := a.Clusters[c]
		pr := profile{Anchor: clusterAnchor(c), Name: disp(cl.Name), ID: disp(cl.ID)}

		// Firms, tiers, rings.
		tiers := map[int32]int{}
		inChains, maxTier := 0, int32(-1)
		for _, i := range firms[c] {
			if t := a.Nodes[i].Tier; t >= 0 {
				tiers[t]++
				inChains++
				maxTier = max(maxTier, t)
			}
		}
		about := l.T("%s, %s among them.", l.Count(f.Firms, "firm"), l.Count(f.InternalLinks, "link"))
		if inChains > 0 {
			var parts []string
			for t := int32(0); t <= maxTier; t++ {
				parts = append(parts, l.T("tier %d: %s", t, thousands(tiers[t])))
			}
			about = l.Join(about, l.T("%s in subcontracting chains, the deepest %s (%s).", l.Count(inChains, "firm"),
				l.Count(int(f.MaxDepth), "tier"), joinWith(parts, l.T(", "))))
		} else {
			about = l.Join(about, l.T("None of its firms subcontracts."))
		}
		if len(f.Rings) > 0 {
			var rs []string
			for _, ring := range f.Rings {
				rs = append(rs, l.T("%s (%s)", p.nodeID(ring), l.Count(ringSize(a, ring), "firm")))
			}
			about = l.Join(about, l.T("Pooling rings: %s.", joinWith(rs, l.T(", "))))
		}
		pr.About = append(pr.About, about)
		if f.OutVolume > 0 {
			pr.About = append(pr.About, l.T("Output %s: %s through specialized markets, %s directly to buyers, %s to other firms.",
				p.vol(f.OutVolume), pct(f.MarketShare), pct(f.BuyerShare), pct(f.FirmShare)))
		} else {
			pr.About = append(pr.About, l.T("No output with a known volume leaves the cluster."))
		}

		// Markets.
		ms := links[c]
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Volume > ms[j].Volume })
		if len(ms) > 0 {
			t := &miniTable{Caption: l.T("Specialized markets it sells through"),
				Head: []string{l.T("market"), l.T("volume") + p.unitHeading, l.T("share"), l.T("reach"), l.T("dependence")}}
			for k, lk := range ms {
				if k == profileRows {
					t.More = l.T("and %s more (linkage.csv)", l.Count(len(ms)-k, "market"))
					break
				}
				t.Rows = append(t.Rows, []string{p.nodeName(lk.Market), number(lk.Volume), pct(lk.Share), pct(lk.Reach), pct(lk.Dependence)})
			}
			pr.Markets = t
		}
		// Buyers, directly and through markets.
		bs := reach[c]
		sort.SliceStable(bs, func(i, j int) bool { return bs[i].Share > bs[j].Share })
		if len(bs) > 0 {
			t := &miniTable{Caption: l.T("Buyers its output reaches (directly and, as the model passes goods on, through markets)"),
				Head: []string{l.T("buyer"), l.T("direct") + p.unitHeading, l.T("through markets") + p.unitHeading, l.T("share")}}
			for k, rf := range bs {
				if k == profileRows {
					t.More = l.T("and %s more (reach.csv)", l.Count(len(bs)-k, "buyer"))
					break
				}
				t.Rows = append(t.Rows, []string{p.nodeName(rf.Buyer), number(rf.Direct), number(rf.ViaMarkets), pct(rf.Share)})
			}
			pr.Buyers = t
		}

		// Exposure.
		if f.OutVolume > 0 {
			pr.Exposure = append(pr.Exposure, l.T("%s of its output reaches buyers, directly or through markets.", pct(f.BuyerReach)))
			if f.TopCustomer >= 0 {
				pr.Exposure = append(pr.Exposure, l.T("Its largest customer, %s (%s), takes %s of its output; customer HHI %.2f (1 would be a single customer).",
					p.nodeName(f.TopCustomer), l.Type(nw.Nodes()[f.TopCustomer].Type.String()), pct(f.TopCustomerShare), f.CustomerHHI))
			}
			if len(bs) > 0 {
				pr.Exposure = append(pr.Exposure, l.T("Its largest buyer, counting what the markets pass on, is %s, with %s of its output.",
					p.nodeName(bs[0].Buyer), pct(bs[0].Share)))
			}
		}
		if x := worst[c]; x != nil {
			pr.Exposure = append(pr.Exposure, l.T("Of all clusters it would be hit hardest by the loss of %s (%s): %s of its output would no longer reach buyers, if the markets re-routed in proportion to their remaining outgoing volumes.",
				p.nodeName(x.Node), l.Type(nw.Nodes()[x.Node].Type.String()), pct(x.WorstShare)))
		}

		// Most central firms.
		fs := append([]int32(nil), firms[c]...)
		sort.SliceStable(fs, func(i, j int) bool { return a.Nodes[fs[i]].PageRank > a.Nodes[fs[j]].PageRank })
		if len(fs) > 0 {
			t := &miniTable{Caption: l.T("Most central firms (by PageRank: where volume ends up)"),
				Head: []string{l.T("firm"), l.T("out-volume") + p.unitHeading, l.T("pagerank"), l.T("betweenness"), l.T("tier"), l.T("depth")}}
			for k, i := range fs {
				if k == 5 {
					break
				}
				nf := a.Nodes[i]
				t.Rows = append(t.Rows, []string{p.nodeName(i), number(nf.OutVolume), fmt.Sprintf("%.3g", nf.PageRank),
					fmt.Sprintf("%.3g", nf.Betweenness), optInt(nf.Tier), optInt(nf.Depth)})
			}
			pr.Firms = t
		}
		out[c] = pr
	}
	return out
}

// ringSize is the number of firms in the ring named by its smallest
// member.
func ringSize(a *network.Analysis, ring int32) int {
	for _, r := range a.Rings {
		if len(r) > 0 && r[0] == ring {
			return len(r)
		}
	}
	n := 0
	for _, f := range a.Nodes {
		if f.Ring == ring {
			n++
		}
	}
	return n
}

func optInt(v int32) string {
	if v < 0 {
		return "–"
	}
	return fmt.Sprint(v)
}
