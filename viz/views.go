package viz

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"clusterchain/network"
)

// viewCap is the most clusters, markets or buyers clusters.svg draws of
// each kind; the rest are summed into one "other" node per kind.
const viewCap = 40

// clusters draws clusters, markets and buyers: cluster → market edges
// labelled with the linkage share, direct orders, market flows.
func (b *builder) clusters() *Diagram {
	a := b.a
	nw := a.Network
	g := nw.G()
	d := &Diagram{View: ViewClusters, Layout: "dot"}
	// Which clusters, markets and buyers get their own node.
	topBy := func(items []int32, vol func(int32) float64) map[int32]bool {
		sort.SliceStable(items, func(i, j int) bool { return vol(items[i]) > vol(items[j]) })
		m := map[int32]bool{}
		for _, x := range items[:min(len(items), viewCap)] {
			m[x] = true
		}
		return m
	}
	var cs, ms, bs []int32
	for c := range nw.Clusters() {
		cs = append(cs, int32(c))
	}
	for i, nd := range nw.Nodes() {
		switch nd.Type {
		case network.Market:
			ms = append(ms, int32(i))
		case network.Buyer:
			bs = append(bs, int32(i))
		}
	}
	keepC := topBy(cs, func(c int32) float64 { return a.Clusters[c].OutVolume })
	keepM := topBy(append([]int32{}, ms...), func(v int32) float64 { return a.Nodes[v].InVolume })
	keepB := topBy(append([]int32{}, bs...), func(v int32) float64 { return a.Nodes[v].InVolume })
	if len(cs) > len(keepC) || len(ms) > len(keepM) || len(bs) > len(keepB) {
		d.Notes = append(d.Notes, fmt.Sprintf("clusters.svg draws the %d largest clusters, markets and buyers of each kind; the rest are summed into \"other\" nodes", viewCap))
	}
	w := &dotWriter{}
	w.header(fmt.Sprintf("%s: clusters, specialized markets and buyers\ndark blue: sales through a market, light blue: direct orders, labelled with their share of the cluster's outgoing volume\ngrey: markets' sales", b.opt.Title),
		"rankdir=LR", "nodesep=0.15", "ranksep=2.8")
	// Nodes: one rank each for clusters, markets and buyers. (A subgraph
	// whose name starts with "cluster" would be drawn as a box.)
	w.line(1, "subgraph rank_clusters { rank=same;")
	for c, cl := range nw.Clusters() {
		if !keepC[int32(c)] {
			continue
		}
		fill, st := clusterStyle(c)
		lines := []string{truncate(cl.Name, 30), plural(a.Clusters[c].Firms, "firm")}
		w.line(2, `c%d [label=%s, tooltip=%s, shape=box, style=%q, fillcolor=%q, fontcolor=%q, width=%s];`, c, labelLines(lines...),
			quote(cl.ID), st+",rounded", fill, textOn(fill), inches(labelWidth(10, lines...)))
	}
	if len(cs) > len(keepC) {
		w.line(2, `c_other [label=%s, shape=box, style="filled,dashed", fillcolor="#f4f4f4"];`, quote(fmt.Sprintf("%d other clusters", len(cs)-len(keepC))))
	}
	w.line(1, "}")
	w.line(1, "subgraph rank_markets { rank=same;")
	for _, v := range ms {
		if keepM[v] {
			nd := nw.Nodes()[v]
			lines := wrap(nd.Name, 28)
			w.line(2, `n%d [label=%s, tooltip=%s, shape=house, fillcolor="#3b3b3b", fontcolor="white", width=%s];`,
				v, labelLines(lines...), quote(nd.ID), inches(labelWidth(10, lines...)))
		}
	}
	if len(ms) > len(keepM) {
		w.line(2, `m_other [label=%s, shape=house, style="filled,dashed", fillcolor="#bbbbbb"];`, quote(fmt.Sprintf("%d other markets", len(ms)-len(keepM))))
	}
	w.line(1, "}")
	w.line(1, "subgraph rank_buyers { rank=same;")
	for _, v := range bs {
		if keepB[v] {
			nd := nw.Nodes()[v]
			lines := wrap(nd.Name, 28)
			w.line(2, `n%d [label=%s, tooltip=%s, shape=doubleoctagon, penwidth=1.6, width=%s];`,
				v, labelLines(lines...), quote(nd.ID), inches(labelWidth(10, lines...)))
		}
	}
	if len(bs) > len(keepB) {
		w.line(2, `b_other [label=%s, shape=doubleoctagon, style="filled,dashed", fillcolor="#f4f4f4"];`, quote(fmt.Sprintf("%d other buyers", len(bs)-len(keepB))))
	}
	w.line(1, "}")
	cid := func(c int32) string {
		if keepC[c] {
			return fmt.Sprintf("c%d", c)
		}
		return "c_other"
	}
	nid := func(v int32) string {
		switch nw.Nodes()[v].Type {
		case network.Market:
			if keepM[v] {
				return fmt.Sprintf("n%d", v)
			}
			return "m_other"
		default:
			if keepB[v] {
				return fmt.Sprintf("n%d", v)
			}
			return "b_other"
		}
	}
	// Aggregate edges: cluster → market/buyer by share of out(C); market
	// → market/buyer by volume.
	type edge struct {
		from, to string
		vol, out float64
		cluster  bool
	}
	edges := map[[2]string]*edge{}
	var order [][2]string
	add := func(from, to string, vol, out float64, cluster bool) {
		k := [2]string{from, to}
		e := edges[k]
		if e == nil {
			e = &edge{from: from, to: to, cluster: cluster}
			edges[k] = e
			order = append(order, k)
		}
		e.vol += vol
		e.out += out
	}
	outOf := map[string]float64{}
	for c := range nw.Clusters() {
		outOf[cid(int32(c))] += a.Clusters[c].OutVolume
	}
	for u, nd := range nw.Nodes() {
		adj, wt := g.Out(int32(u))
		for k, v := range adj {
			vt := nw.Nodes()[v].Type
			if vt == network.Firm {
				continue
			}
			if c := nw.ClusterOf(int32(u)); c >= 0 && nd.Type == network.Firm {
				add(cid(c), nid(v), wt[k], 0, true)
			} else if nd.Type == network.Market {
				add(nid(int32(u)), nid(v), wt[k], 0, false)
			}
		}
	}
	maxVol := 0.0
	for _, e := range edges {
		if !e.cluster {
			maxVol = math.Max(maxVol, e.vol)
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i][0] != order[j][0] {
			return order[i][0] < order[j][0]
		}
		return order[i][1] < order[j][1]
	})
	for _, k := range order {
		e := edges[k]
		if e.from == e.to {
			continue
		}
		if e.cluster {
			share := 0.0
			if o := outOf[e.from]; o > 0 {
				share = e.vol / o
			}
			label, colour, least := "", "#1f5fa8", 0.03
			if !strings.HasPrefix(e.to, "m") && !(strings.HasPrefix(e.to, "n") && nw.Nodes()[atoi(e.to[1:])].Type == network.Market) {
				colour, least = "#9cc3ea", 0.10 // a direct order
			}
			if share >= least {
				label = fmt.Sprintf("%.0f%%", 100*share)
			}
			w.line(1, `%s -> %s [label=%s, penwidth=%s, color=%q, fontcolor="#1f5fa8"];`, e.from, e.to,
				quote(label), inches(0.5+6*share), colour)
		} else {
			mm := ""
			if strings.HasPrefix(e.to, "n") && nw.Nodes()[atoi(e.to[1:])].Type == network.Market || e.to == "m_other" {
				mm = ", constraint=false"
			}
			w.line(1, `%s -> %s [penwidth=%s, color="#999999"%s];`, e.from, e.to, penWidth(e.vol, maxVol), mm)
		}
	}
	w.line(0, "}")
	d.DOT = []byte(w.String())
	return d
}

func atoi(s string) int32 {
	n := int32(0)
	for _, c := range s {
		n = n*10 + int32(c-'0')
	}
	return n
}

// tiers draws the subcontracting chains top-down, leads first, one rank
// per tier; pooling rings are boxed.
func (b *builder) tiers(cluster int32) *Diagram {
	a := b.a
	nw := a.Network
	s := nw.S()
	d := &Diagram{View: ViewTiers, Layout: "dot"}
	var firms []int32
	deepest := int32(0)
	for i, f := range a.Nodes {
		if f.Tier >= 0 && (cluster < 0 || nw.ClusterOf(int32(i)) == cluster) {
			firms = append(firms, int32(i))
			deepest = max(deepest, f.Depth)
		}
	}
	w := &dotWriter{}
	if len(firms) == 0 {
		w.header(fmt.Sprintf("%s: no subcontracting links", b.opt.Title))
		w.line(1, `none [label="No firm subcontracts for another in this dataset.", shape=plaintext];`)
		w.line(0, "}")
		d.DOT = []byte(w.String())
		return d
	}
	// Above the limit keep whole chains: leads by depth, then their
	// subcontractors breadth-first, until the limit.
	keep := make(map[int32]bool, len(firms))
	if len(firms) <= b.opt.MaxNodes {
		for _, v := range firms {
			keep[v] = true
		}
	} else {
		leads := []int32{}
		for _, v := range firms {
			if a.Nodes[v].Tier == 0 {
				leads = append(leads, v)
			}
		}
		sort.SliceStable(leads, func(i, j int) bool { return a.Nodes[leads[i]].Depth > a.Nodes[leads[j]].Depth })
		queue := []int32{}
		for _, l := range leads {
			if len(keep) >= b.opt.MaxNodes {
				break
			}
			queue = append(queue[:0], l)
			keep[l] = true
			for len(queue) > 0 && len(keep) < b.opt.MaxNodes {
				v := queue[0]
				queue = queue[1:]
				subs, _ := s.In(v)
				for _, u := range subs {
					if !keep[u] && len(keep) < b.opt.MaxNodes {
						keep[u] = true
						queue = append(queue, u)
					}
				}
			}
		}
		d.Notes = append(d.Notes, fmt.Sprintf("tiers.svg draws the chains of the deepest leads, %s of %s subcontracting firms",
			thousands(len(keep)), thousands(len(firms))))
	}
	title := fmt.Sprintf("%s: subcontracting chains, %s, deepest %s, %s", b.opt.Title,
		plural(len(firms), "firm"), plural(int(deepest), "tier"), plural(len(a.Rings), "pooling ring"))
	if len(keep) < len(firms) {
		title += fmt.Sprintf("\n(the chains of the deepest leads: %s drawn)", plural(len(keep), "firm"))
	}
	w.header(title, append([]string{"rankdir=TB", "nodesep=0.15", "ranksep=0.35", "newrank=true"}, layoutLimits(len(keep))...)...)
	node := func(indent int, v int32) {
		nd := nw.Nodes()[v]
		f := a.Nodes[v]
		lines := []string{truncate(nd.Name, 24), fmt.Sprintf("tier %d · depth %d", f.Tier, f.Depth)}
		fill, st := "#eeeeee", "filled"
		if c := nw.ClusterOf(v); c >= 0 {
			fill, st = clusterStyle(int(c))
		}
		w.line(indent, `n%d [label=%s, tooltip=%s, shape=box, style=%q, fillcolor=%q, fontcolor=%q, width=%s];`, v, labelLines(lines...),
			quote(nd.ID+" "+nd.Name), st+",rounded", fill, textOn(fill), inches(labelWidth(9, lines...)))
	}
	// One box per cluster, stacked: within a box leads are on top and
	// every tier has its own rank; the boxes are chained by invisible
	// edges so that the diagram grows down the page, not across it.
	ringOf := map[int32]int{}
	for k, ring := range a.Rings {
		for _, v := range ring {
			ringOf[v] = k
		}
	}
	inRing := map[int32]bool{}
	blocks := map[int32][]int32{}
	var blockIDs []int32
	for _, v := range firms {
		if !keep[v] {
			continue
		}
		c := nw.ClusterOf(v)
		if _, ok := blocks[c]; !ok {
			blockIDs = append(blockIDs, c)
		}
		blocks[c] = append(blocks[c], v)
	}
	sort.Slice(blockIDs, func(i, j int) bool {
		if (blockIDs[i] < 0) != (blockIDs[j] < 0) {
			return blockIDs[j] < 0 // firms of no cluster last
		}
		return blockIDs[i] < blockIDs[j]
	})
	var prevBottom int32 = -1
	for bi, c := range blockIDs {
		members := blocks[c]
		label := "firms in no cluster"
		colour := "#999999"
		if c >= 0 {
			label = nw.Clusters()[c].Name
			colour, _ = clusterStyle(int(c))
		}
		w.line(1, "subgraph cluster_block_%d {", bi)
		w.line(2, `label=%s; fontsize=13; style="rounded"; color=%q; penwidth=1.4;`, quote(label), colour)
		rings := map[int][]int32{}
		var ringIDs []int
		byTier := map[int32][]int32{}
		var tiersSeen []int32
		bottom := members[0]
		for _, v := range members {
			t := a.Nodes[v].Tier
			if _, ok := byTier[t]; !ok {
				tiersSeen = append(tiersSeen, t)
			}
			byTier[t] = append(byTier[t], v)
			if t > a.Nodes[bottom].Tier {
				bottom = v
			}
			if k, ok := ringOf[v]; ok {
				if _, seen := rings[k]; !seen {
					ringIDs = append(ringIDs, k)
				}
				rings[k] = append(rings[k], v)
				inRing[v] = true
			} else {
				node(2, v)
			}
		}
		for _, k := range ringIDs {
			ring := a.Rings[k]
			w.line(2, "subgraph cluster_ring_%d {", ring[0])
			w.line(3, `label=%s; style="rounded,dashed"; color="#D55E00"; penwidth=1.5; fontsize=10;`,
				quote("pooling ring "+nw.Nodes()[ring[0]].ID))
			for _, v := range rings[k] {
				node(3, v)
			}
			w.line(2, "}")
		}
		sort.Slice(tiersSeen, func(i, j int) bool { return tiersSeen[i] < tiersSeen[j] })
		for _, t := range tiersSeen {
			var ids string
			for _, v := range byTier[t] {
				ids += fmt.Sprintf(" n%d;", v)
			}
			w.line(2, "{ rank=same;%s }", ids)
		}
		w.line(1, "}")
		if prevBottom >= 0 {
			w.line(1, "n%d -> n%d [style=invis];", prevBottom, byTier[tiersSeen[0]][0])
		}
		prevBottom = bottom
	}
	// Contractor above subcontractor; the arrow shows the work going up.
	for _, v := range firms {
		if !keep[v] {
			continue
		}
		subs, _ := s.In(v)
		for _, u := range subs {
			if keep[u] {
				c := ""
				if inRing[u] && inRing[v] && a.Nodes[u].Ring == a.Nodes[v].Ring {
					c = `, constraint=false, color="#D55E00"`
				}
				w.line(1, "n%d -> n%d [dir=back, style=dashed%s];", v, u, c)
			}
		}
	}
	w.line(0, "}")
	d.DOT = []byte(w.String())
	return d
}
