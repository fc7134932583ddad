package viz

import (
	"fmt"
	"sort"

	"clusterchain/network"
)

// fold decides which nodes the network view draws: all of them up to
// MaxNodes; above, the most central by SizeBy, with every other firm
// folded into a summary node for its cluster (or one for the remaining
// clusters), markets and buyers into one each.
type fold struct {
	keep     []bool
	summary  []int32  // per node: summary index, or −1 when kept
	names    []string // summary labels
	clusters []int32  // summary's cluster, or −1
	counts   []int
}

func (b *builder) fold(limit int) *fold {
	nw := b.a.Network
	n := len(nw.Nodes())
	f := &fold{keep: make([]bool, n), summary: make([]int32, n)}
	for i := range f.summary {
		f.summary[i] = -1
	}
	if n <= limit {
		for i := range f.keep {
			f.keep[i] = true
		}
		return f
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(i, j int) bool {
		return b.size(b.a.Nodes[order[i]]) > b.size(b.a.Nodes[order[j]])
	})
	kept := limit * 3 / 4
	hasKept := map[int32]bool{}
	for _, v := range order[:kept] {
		f.keep[v] = true
		hasKept[nw.ClusterOf(v)] = true
	}
	// Clusters that get their own summary node: those with a kept firm,
	// then the largest, up to a quarter of the limit.
	perCluster := make([]int, len(nw.Clusters()))
	for i := 0; i < n; i++ {
		if c := nw.ClusterOf(int32(i)); c >= 0 && !f.keep[i] {
			perCluster[c]++
		}
	}
	cl := make([]int32, 0, len(perCluster))
	for c, k := range perCluster {
		if k > 0 {
			cl = append(cl, int32(c))
		}
	}
	sort.SliceStable(cl, func(i, j int) bool {
		if hasKept[cl[i]] != hasKept[cl[j]] {
			return hasKept[cl[i]]
		}
		return perCluster[cl[i]] > perCluster[cl[j]]
	})
	own := map[int32]int32{}
	for _, c := range cl[:min(len(cl), limit/4)] {
		own[c] = int32(len(f.names))
		f.names = append(f.names, nw.Clusters()[c].Name)
		f.clusters = append(f.clusters, c)
		f.counts = append(f.counts, 0)
	}
	other := map[string]int32{}
	group := func(key, name string) int32 {
		if g, ok := other[key]; ok {
			return g
		}
		g := int32(len(f.names))
		other[key] = g
		f.names = append(f.names, name)
		f.clusters = append(f.clusters, -1)
		f.counts = append(f.counts, 0)
		return g
	}
	for i := 0; i < n; i++ {
		if f.keep[i] {
			continue
		}
		nd := nw.Nodes()[i]
		var g int32
		switch c := nw.ClusterOf(int32(i)); {
		case nd.Type == network.Market:
			g = group("market", "markets")
		case nd.Type == network.Buyer:
			g = group("buyer", "buyers")
		case c < 0:
			g = group("free", "independent firms")
		default:
			if s, ok := own[c]; ok {
				g = s
			} else {
				g = group("other", "firms in other clusters")
			}
		}
		f.summary[i] = g
		f.counts[g]++
	}
	return f
}

// network draws every node (or the folded view), clusters as boxes.
func (b *builder) network() *Diagram {
	nw := b.a.Network
	g := nw.G()
	n := len(nw.Nodes())
	f := b.fold(b.opt.MaxNodes)
	drawn := 0
	for _, k := range f.keep {
		if k {
			drawn++
		}
	}
	drawn += len(f.names)
	title := b.titleCounts()
	d := &Diagram{View: ViewNetwork, Layout: "dot"}
	if len(f.names) > 0 {
		folded := n - (drawn - len(f.names))
		note := fmt.Sprintf("the %s most central nodes by %s are drawn; %s are folded into %s",
			thousands(drawn-len(f.names)), b.opt.SizeBy, plural(folded, "other node"), plural(len(f.names), "summary node"))
		d.Notes = append(d.Notes, note)
		title += "\n(" + note + ")"
	}
	w := &dotWriter{}
	if len(f.names) > 0 {
		// Folded: dot would stack hundreds of cluster boxes into one
		// column (a 20,000-firm network came out 3,154 × 117,510 px);
		// osage packs the boxes into a square, in a fraction of a second.
		d.Layout = "osage"
		w.header(title, `packmode="graph"`, "splines=line")
	} else {
		w.header(title, append([]string{"rankdir=LR", "nodesep=0.12", "ranksep=0.5", "compound=false"}, layoutLimits(drawn)...)...)
	}
	maxSize := 0.0
	for i := 0; i < n; i++ {
		if f.keep[i] {
			maxSize = max(maxSize, b.size(b.a.Nodes[i]))
		}
	}
	// Firms by cluster, each cluster a box.
	byCluster := make([][]int32, len(nw.Clusters()))
	var loose []int32
	for i := 0; i < n; i++ {
		if !f.keep[i] {
			continue
		}
		if c := nw.ClusterOf(int32(i)); c >= 0 {
			byCluster[c] = append(byCluster[c], int32(i))
		} else {
			loose = append(loose, int32(i))
		}
	}
	summaryOf := map[int32][]int32{}
	for s, c := range f.clusters {
		if c >= 0 {
			summaryOf[c] = append(summaryOf[c], int32(s))
		}
	}
	for c, members := range byCluster {
		sums := summaryOf[int32(c)]
		if len(members) == 0 && len(sums) == 0 {
			continue
		}
		cl := nw.Clusters()[c]
		fill, _ := clusterStyle(c)
		w.line(1, "subgraph cluster_c%d {", c)
		w.line(2, `label=%s; fontsize=12; style="rounded"; color=%q; penwidth=1.4;`,
			quote(fmt.Sprintf("%s (%s)", truncate(cl.Name, 40), plural(b.a.Clusters[c].Firms, "firm"))), fill)
		for _, v := range members {
			w.line(2, "n%d %s;", v, b.nodeAttrs(v, maxSize, ""))
		}
		for _, s := range sums {
			b.summaryNode(w, 2, f, s)
		}
		w.line(1, "}")
	}
	for _, v := range loose {
		w.line(1, "n%d %s;", v, b.nodeAttrs(v, maxSize, ""))
	}
	for s, c := range f.clusters {
		if c < 0 {
			b.summaryNode(w, 1, f, int32(s))
		}
	}
	// Edges, aggregated onto summary nodes.
	kinds := edgeKinds(nw)
	type agg struct {
		vol   float64
		kinds uint8
	}
	edges := map[[2]string]*agg{}
	var keys [][2]string
	maxVol := 0.0
	id := func(v int32) string {
		if f.keep[v] {
			return fmt.Sprintf("n%d", v)
		}
		return fmt.Sprintf("s%d", f.summary[v])
	}
	for u := int32(0); int(u) < n; u++ {
		adj, wt := g.Out(u)
		for k, v := range adj {
			key := [2]string{id(u), id(v)}
			if key[0] == key[1] {
				continue
			}
			e := edges[key]
			if e == nil {
				e = &agg{}
				edges[key] = e
				keys = append(keys, key)
			}
			e.vol += wt[k]
			e.kinds |= kinds[[2]int32{u, v}]
			maxVol = max(maxVol, e.vol)
		}
	}
	if limit := 2 * b.opt.MaxNodes; len(keys) > limit {
		sort.SliceStable(keys, func(i, j int) bool { return edges[keys[i]].vol > edges[keys[j]].vol })
		d.Notes = append(d.Notes, fmt.Sprintf("the %s heaviest of %s edges are drawn", thousands(limit), thousands(len(keys))))
		keys = keys[:limit]
		sort.Slice(keys, func(i, j int) bool {
			if keys[i][0] != keys[j][0] {
				return keys[i][0] < keys[j][0]
			}
			return keys[i][1] < keys[j][1]
		})
	}
	for _, k := range keys {
		e := edges[k]
		w.line(1, "%s -> %s [penwidth=%s, %s];", k[0], k[1], penWidth(e.vol, maxVol), edgeStyle(e.kinds))
	}
	legend(w)
	w.line(0, "}")
	d.DOT = []byte(w.String())
	return d
}

func (b *builder) summaryNode(w *dotWriter, indent int, f *fold, s int32) {
	var label string
	if c := f.clusters[s]; c >= 0 {
		label = fmt.Sprintf("+ %s of %s", plural(f.counts[s], "more firm"), truncate(f.names[s], 24))
	} else {
		label = fmt.Sprintf("+ %s %s", thousands(f.counts[s]), f.names[s])
	}
	w.line(indent, `s%d [label=%s, shape=box, style="filled,dashed", fillcolor="#f4f4f4", width=%s];`,
		s, quote(label), inches(labelWidth(9, label)))
}
