package viz

import (
	"math"
	"sort"

	"clusterchain/network"
)

// clusters.svg, drawn by viz: three columns — clusters, specialized
// markets, buyers — each market level with the clusters that sell through
// it most. Edges from a cluster have the width of their share of its
// output and carry it as a label from labelShare up; a market's sales to
// buyers have the width of their volume.

const (
	labelShare   = 0.05 // edges from a cluster with a smaller share are not labelled
	clusterColH  = 980.0
	colGapLeft   = 230.0
	colGapRight  = 190.0
	nodeFontSize = 9.0
)

var (
	nodeFont  = font{size: nodeFontSize}
	countFont = font{size: 8}
	edgeFont  = font{size: 7.5}
)

// cnode is a node of a column layout.
type cnode struct {
	col      int
	kind     string // cluster, market, buyer, other
	name, id string
	tip      string
	lines    []string
	sub      string // a second, smaller line (clusters: firm count)
	fill     string
	text     string
	dash     string
	value    float64
	w, h     float64
	x, y     float64
	cluster  int // palette index for clusters
}

func (n *cnode) box() rect { return rect{n.x, n.y, n.x + n.w, n.y + n.h} }

// cedge is an edge between two column nodes.
type cedge struct {
	from, to int
	v        float64
	share    float64 // < 0: no share
	kind     string  // market, direct, sales, mm
	ya, yb   float64 // ports
	lane     float64 // direct edges: the y at which they cross the market column
	tip      string
}

func (b *builder) drawClusters(d *Diagram) []byte {
	a := b.a
	nw := a.Network
	cf := newClusterFlows(a)
	var nodes []*cnode
	add := func(n *cnode) int { nodes = append(nodes, n); return len(nodes) - 1 }

	// Which nodes are drawn: as many as fit a column, by volume.
	var cs []int
	for c := range nw.Clusters() {
		cs = append(cs, c)
	}
	sort.SliceStable(cs, func(i, j int) bool { return cf.out[cs[i]] > cf.out[cs[j]] })
	mIn := map[int32]float64{}
	bIn := map[int32]float64{}
	g := nw.G()
	var ms, bs []int32
	for i, nd := range nw.Nodes() {
		switch nd.Type {
		case network.Market:
			ms = append(ms, int32(i))
			mIn[int32(i)] = a.Nodes[i].InVolume
		case network.Buyer:
			bs = append(bs, int32(i))
			bIn[int32(i)] = a.Nodes[i].InVolume
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return mIn[ms[i]] > mIn[ms[j]] })
	sort.SliceStable(bs, func(i, j int) bool { return bIn[bs[i]] > bIn[bs[j]] })
	// fit counts how many of the heights fit the column, leaving room for
	// an "other" node when not all do.
	fit := func(n int, height func(i int) float64, gap float64) int {
		used := 0.0
		for i := 0; i < n; i++ {
			used += height(i) + gap
			if used > clusterColH {
				return max(1, i-1)
			}
		}
		return n
	}
	nodeH := func(name string, col int, sub bool) float64 {
		lines, _, _ := balanced(name, nodeFont, []float64{150, 150, 130}[col], 3)
		h := blockHeight(nodeFont, len(lines)) + 12
		if sub {
			h += countFont.lineHeight()
		}
		if col == 1 {
			h += 5
		}
		return h
	}
	keepC := fit(len(cs), func(i int) float64 { return nodeH(nw.Clusters()[cs[i]].Name, 0, true) }, 10)
	keepM := fit(len(ms), func(i int) float64 { return nodeH(nw.Nodes()[ms[i]].Name, 1, false) }, 18)
	keepB := fit(len(bs), func(i int) float64 { return nodeH(nw.Nodes()[bs[i]].Name, 2, false) }, 10)
	clusterNode := map[int]int{}
	for _, c := range cs[:keepC] {
		cl := nw.Clusters()[c]
		fig := a.Clusters[c]
		fill, dash := clusterColour(c)
		clusterNode[c] = add(&cnode{col: 0, kind: "cluster", name: cl.Name, id: cl.ID, fill: fill, text: textOn(fill), dash: dash,
			value: cf.out[c], cluster: c, sub: b.count(fig.Firms, "firm"),
			tip: b.tr("cluster %s (%s): %s; output %s — %s to markets, %s to buyers directly, %s to other firms; %s reaches buyers",
				cl.Name, cl.ID, b.count(fig.Firms, "firm"), volume(fig.OutVolume), pct(fig.MarketShare), pct(fig.BuyerShare),
				pct(fig.FirmShare), pct(fig.BuyerReach))})
	}
	if rest := cs[keepC:]; len(rest) > 0 {
		firms := 0
		v := 0.0
		for _, c := range rest {
			firms += a.Clusters[c].Firms
			v += cf.out[c]
		}
		id := add(&cnode{col: 0, kind: "other", name: b.tr("%s other clusters", thousands(len(rest))), fill: otherFill, text: inkColour,
			dash: "3,2", value: v, sub: b.count(firms, "firm"), tip: b.tr("the %s clusters with the smallest output, summed", thousands(len(rest)))})
		for _, c := range rest {
			clusterNode[c] = id
		}
	}
	marketNode := map[int32]int{}
	for _, m := range ms[:keepM] {
		nd := nw.Nodes()[m]
		marketNode[m] = add(&cnode{col: 1, kind: "market", name: nd.Name, id: nd.ID, fill: marketFill, text: "#ffffff", value: mIn[m],
			tip: b.tr("market %s (%s): receives %s, sells %s", nd.Name, nd.ID, volume(a.Nodes[m].InVolume), volume(a.Nodes[m].OutVolume))})
	}
	if rest := ms[keepM:]; len(rest) > 0 {
		id := add(&cnode{col: 1, kind: "other", name: b.tr("%s other markets", thousands(len(rest))), fill: "#8a8a8a", text: "#ffffff",
			dash: "3,2", tip: b.tr("the %s markets that receive least, summed", thousands(len(rest)))})
		for _, m := range rest {
			marketNode[m] = id
		}
	}
	buyerNode := map[int32]int{}
	for _, v := range bs[:keepB] {
		nd := nw.Nodes()[v]
		buyerNode[v] = add(&cnode{col: 2, kind: "buyer", name: nd.Name, id: nd.ID, fill: "#ffffff", text: inkColour, value: bIn[v],
			tip: b.tr("buyer %s (%s): receives %s", nd.Name, nd.ID, volume(a.Nodes[v].InVolume))})
	}
	if rest := bs[keepB:]; len(rest) > 0 {
		id := add(&cnode{col: 2, kind: "other", name: b.tr("%s other buyers", thousands(len(rest))), fill: "#ffffff", text: inkColour,
			dash: "3,2", tip: b.tr("the %s buyers that receive least, summed", thousands(len(rest)))})
		for _, v := range rest {
			buyerNode[v] = id
		}
	}
	if len(cs) > keepC || len(ms) > keepM || len(bs) > keepB {
		d.Notes = append(d.Notes, b.tr("the %d largest clusters, %d markets and %d buyers are drawn; the rest are summed into \"other\" nodes", keepC, keepM, keepB))
	}

	// Edges, aggregated onto the drawn nodes.
	type ek struct{ from, to int }
	agg := map[ek]*cedge{}
	var order []ek
	addE := func(from, to int, v float64, kind string) {
		if v <= 0 || from == to {
			return
		}
		k := ek{from, to}
		e := agg[k]
		if e == nil {
			e = &cedge{from: from, to: to, kind: kind, share: -1}
			agg[k] = e
			order = append(order, k)
		}
		e.v += v
	}
	for c := range nw.Clusters() {
		from := clusterNode[c]
		for _, m := range sortedKeys(cf.toMarket[c]) {
			addE(from, marketNode[m], cf.toMarket[c][m], "market")
		}
		for _, v := range sortedKeys(cf.toBuyer[c]) {
			addE(from, buyerNode[v], cf.toBuyer[c][v], "direct")
		}
	}
	for _, m := range ms {
		adj, wt := g.Out(m)
		for k, v := range adj {
			switch nw.Nodes()[v].Type {
			case network.Buyer:
				addE(marketNode[m], buyerNode[v], wt[k], "sales")
			case network.Market:
				addE(marketNode[m], marketNode[v], wt[k], "mm")
			}
		}
	}
	// At most maxClusterEdges edges from clusters and maxSalesEdges from
	// markets, the largest shares and volumes: the rest would be a grey
	// fog. The caption says where the cut is.
	const maxClusterEdges, maxSalesEdges = 160, 120
	var fromC, fromM []*cedge
	for _, k := range order {
		e := agg[k]
		if e.kind == "market" || e.kind == "direct" {
			if from := nodes[e.from]; from.value > 0 {
				e.share = e.v / from.value
			}
			fromC = append(fromC, e)
		} else {
			fromM = append(fromM, e)
		}
	}
	minShare, minSales := 0.0, 0.0
	droppedC, droppedM := 0, 0
	if len(fromC) > maxClusterEdges {
		sorted := append([]*cedge{}, fromC...)
		sort.SliceStable(sorted, func(p, q int) bool { return sorted[p].share > sorted[q].share })
		minShare = sorted[maxClusterEdges-1].share
		for _, e := range sorted[maxClusterEdges:] {
			if e.share < minShare {
				droppedC++
				delete(agg, ek{e.from, e.to})
			}
		}
	}
	if len(fromM) > maxSalesEdges {
		sorted := append([]*cedge{}, fromM...)
		sort.SliceStable(sorted, func(p, q int) bool { return sorted[p].v > sorted[q].v })
		minSales = sorted[maxSalesEdges-1].v
		for _, e := range sorted[maxSalesEdges:] {
			if e.v < minSales {
				droppedM++
				delete(agg, ek{e.from, e.to})
			}
		}
	}
	var edges []*cedge
	maxSales := 0.0
	for _, k := range order {
		if agg[k] == nil {
			continue
		}
		e := agg[k]
		from := nodes[e.from]
		if e.kind == "market" || e.kind == "direct" {
			e.tip = b.tr("%s → %s: %s, %s of the cluster's output", from.name, nodes[e.to].name, volume(e.v), pct(e.share))
		} else {
			maxSales = math.Max(maxSales, e.v)
			e.tip = b.tr("%s → %s: %s", from.name, nodes[e.to].name, volume(e.v))
		}
		edges = append(edges, e)
	}

	// Labels and sizes.
	maxW := []float64{150, 150, 130}
	colW := [3]float64{}
	for col := 0; col < 3; col++ {
		var idx []int
		var ls []label
		var names, ids []string
		for i, n := range nodes {
			if n.col == col {
				lines, _, cut := balanced(n.name, nodeFont, maxW[col], 3)
				idx = append(idx, i)
				ls = append(ls, label{lines: lines, cut: cut})
				names = append(names, n.name)
				ids = append(ids, n.id)
			}
		}
		distinct(ls, names, ids, nodeFont, maxW[col], 3)
		for j, i := range idx {
			n := nodes[i]
			n.lines = ls[j].lines
			w := widest(nodeFont, n.lines)
			if n.sub != "" {
				w = math.Max(w, countFont.width(n.sub))
			}
			colW[col] = math.Max(colW[col], w)
			n.h = blockHeight(nodeFont, len(n.lines)) + 12
			if n.sub != "" {
				n.h += countFont.lineHeight()
			}
			if n.kind == "market" || (n.kind == "other" && col == 1) {
				n.h += 5 // the roof
			}
		}
	}
	pad := []float64{16, 18, 22}
	for col := range colW {
		colW[col] += pad[col]
	}
	xs := [3]float64{0, colW[0] + colGapLeft, colW[0] + colGapLeft + colW[1] + colGapRight}
	for _, n := range nodes {
		n.w, n.x = colW[n.col], xs[n.col]
	}

	// Order: barycentres, then positions.
	cols := [3][]int{}
	for i, n := range nodes {
		cols[n.col] = append(cols[n.col], i)
	}
	pos := map[int]float64{}
	setPos := func() {
		for _, col := range cols {
			for k, i := range col {
				pos[i] = float64(k) / float64(max(1, len(col)-1))
			}
		}
	}
	setPos()
	bary := func(i int, weight func(e *cedge) float64) (float64, bool) {
		s, w := 0.0, 0.0
		for _, e := range edges {
			var other int
			switch i {
			case e.from:
				other = e.to
			case e.to:
				other = e.from
			default:
				continue
			}
			x := weight(e)
			s += pos[other] * x
			w += x
		}
		if w == 0 {
			return 0, false
		}
		return s / w, true
	}
	byShare := func(e *cedge) float64 {
		switch e.kind {
		case "market":
			return math.Max(e.share, 0.001)
		case "direct":
			return math.Max(e.share, 0.001) / 6
		case "sales":
			return 0.5 * e.v / math.Max(maxSales, 1e-300)
		}
		return 0
	}
	pinned := func(i int) bool { return nodes[i].kind == "other" }
	for sweep := 0; sweep < 6; sweep++ {
		for _, col := range []int{1, 2, 1, 0} {
			baryOrder(cols[col], func(i int) (float64, bool) { return bary(i, byShare) }, pos, pinned)
			setPos()
		}
	}
	// Positions: the tallest column evenly, the others beside their
	// neighbours.
	const gapC = 10.0
	gaps := [3]float64{gapC, 18, gapC}
	colH := [3]float64{}
	for c, col := range cols {
		for _, i := range col {
			colH[c] += nodes[i].h + gaps[c]
		}
		colH[c] -= gaps[c]
	}
	H := math.Max(colH[0], math.Max(colH[1], colH[2]))
	H = math.Max(H, 200)
	spread := func(c int) {
		col := cols[c]
		extra := (H - colH[c]) / float64(max(1, len(col)))
		y := extra / 2
		for _, i := range col {
			nodes[i].y = y
			y += nodes[i].h + gaps[c] + extra
		}
	}
	centre := func(i int) float64 { return nodes[i].y + nodes[i].h/2 }
	place := func(c int, weight func(e *cedge) float64) {
		col := cols[c]
		desired := make([]float64, len(col))
		hs := make([]float64, len(col))
		for k, i := range col {
			hs[k] = nodes[i].h
			s, w := 0.0, 0.0
			for _, e := range edges {
				var other int
				switch i {
				case e.from:
					other = e.to
				case e.to:
					other = e.from
				default:
					continue
				}
				if nodes[other].col == c {
					continue
				}
				x := weight(e)
				s += centre(other) * x
				w += x
			}
			if w > 0 {
				desired[k] = s / w
			} else {
				desired[k] = H * pos[i]
			}
		}
		tops := place1D(desired, hs, gaps[c], 0, H)
		for k, i := range col {
			nodes[i].y = tops[k]
		}
	}
	tallest := 0
	for c := range colH {
		if colH[c] > colH[tallest] {
			tallest = c
		}
	}
	spread(tallest)
	switch tallest {
	case 0:
		place(1, byShare)
		place(2, byShare)
	case 1:
		place(0, byShare)
		place(2, byShare)
	default:
		place(1, byShare)
		place(0, byShare)
	}
	bodyH := 0.0
	for _, n := range nodes {
		bodyH = math.Max(bodyH, n.y+n.h)
	}

	// Ports: at each side, edges in the order of their other end.
	for i, n := range nodes {
		var outs, ins []*cedge
		for _, e := range edges {
			if e.kind == "mm" {
				continue
			}
			if e.from == i {
				outs = append(outs, e)
			}
			if e.to == i {
				ins = append(ins, e)
			}
		}
		sort.SliceStable(outs, func(p, q int) bool { return centre(outs[p].to) < centre(outs[q].to) })
		sort.SliceStable(ins, func(p, q int) bool { return centre(ins[p].from) < centre(ins[q].from) })
		top, bottom := n.y, n.y+n.h
		if n.kind == "market" {
			top += 5
		}
		for k, y := range ports(top, bottom, len(outs)) {
			outs[k].ya = y
		}
		for k, y := range ports(top, bottom, len(ins)) {
			ins[k].yb = y
		}
	}
	// Direct orders cross the market column through its gaps.
	var mt, mh []float64
	for _, i := range cols[1] {
		mt = append(mt, nodes[i].y)
		mh = append(mh, nodes[i].h)
	}
	gs := columnGaps(mt, mh, -14, bodyH+14)
	lanes := map[int][]*cedge{}
	for _, e := range edges {
		if e.kind != "direct" {
			continue
		}
		from, to := nodes[e.from], nodes[e.to]
		t := (xs[1] + colW[1]/2 - (from.x + from.w)) / (to.x - (from.x + from.w))
		y := e.ya + t*(e.yb-e.ya)
		k := nearestGap(gs, y, 6)
		lanes[k] = append(lanes[k], e)
	}
	for k, es := range lanes {
		sort.SliceStable(es, func(p, q int) bool {
			if es[p].ya != es[q].ya {
				return es[p].ya < es[q].ya
			}
			return es[p].yb < es[q].yb
		})
		g := gs[k]
		for j, e := range es {
			e.lane = g.y0 + (g.y1-g.y0)*float64(j+1)/float64(len(es)+1)
		}
	}
	bodyH = math.Max(bodyH, 0)
	top := 0.0
	for _, e := range edges {
		if e.kind == "direct" {
			top = math.Min(top, e.lane-4)
			bodyH = math.Max(bodyH, e.lane+4)
		}
	}

	// Edge geometry and labels.
	edgeWidth := func(e *cedge) float64 {
		switch e.kind {
		case "market", "direct":
			return 0.6 + 7*math.Max(0, e.share)
		case "sales":
			return 0.6 + 5*e.v/math.Max(maxSales, 1e-300)
		}
		return 0.8
	}
	pl := &placer{}
	for _, n := range nodes {
		pl.obstacles = append(pl.obstacles, n.box())
	}
	type elabel struct {
		at   pt2
		text string
		fill string
	}
	var labels []elabel
	omitted := 0
	shareStroke := func(e *cedge) string {
		if e.kind == "direct" {
			return "#6fa7dc"
		}
		return "#1f5fa8"
	}
	// Labels of the wider edges first: they are the ones to read.
	byWidth := append([]*cedge{}, edges...)
	sort.SliceStable(byWidth, func(p, q int) bool { return byWidth[p].share > byWidth[q].share })
	for _, e := range byWidth {
		if e.share < labelShare {
			continue
		}
		from, to := nodes[e.from], nodes[e.to]
		txt := pct(e.share)
		w, h := edgeFont.width(txt)+4, edgeFont.size+2
		x0, y0 := from.x+from.w, e.ya
		x1, y1 := to.x, e.yb
		if e.kind == "direct" {
			x1, y1 = xs[1]-12, e.lane
		}
		var cands []pt2
		for _, t := range labelTs {
			cands = append(cands, curvePoint(x0, y0, x1, y1, t))
		}
		if at, ok := pl.place(cands, w, h); ok {
			labels = append(labels, elabel{at, txt, shareStroke(e)})
		} else {
			omitted++
		}
	}

	// Legend and caption.
	fr := &frame{view: ViewClusters, title: b.tr("%s: clusters, specialized markets and buyers", b.opt.Title)}
	fr.sub = []string{b.tr("Each market is drawn level with the clusters that sell through it most. %s, %s, %s.",
		b.count(len(nw.Clusters()), "cluster"), b.count(len(ms), "market"), b.count(len(bs), "buyer"))}
	fr.legend = []legendItem{
		withText(swatch(palette[0], "#00000055", "", 4), b.tr("industrial cluster (colour as in every diagram)")),
		withText(houseSymbol(), b.tr("specialized market")),
		withText(octagonSymbol(), b.tr("multinational buyer")),
		withText(lineSymbol("#1f5fa8", 3, "", ""), b.tr("sales through a market (width: share of the cluster's output)")),
		withText(lineSymbol("#9cc3ea", 3, "", ""), b.tr("direct orders to a buyer (width: share)")),
		withText(lineSymbol("#8c8c8c", 2.5, "", ""), b.tr("a market's sales to a buyer (width: volume)")),
	}
	hasMM := false
	for _, e := range edges {
		hasMM = hasMM || e.kind == "mm"
	}
	if hasMM {
		fr.legend = append(fr.legend, withText(lineSymbol("#8c8c8c", 1, "3,2", ""), b.tr("market to market")))
	}
	fr.legend = append(fr.legend, b.paletteNote(nw)...)
	if len(cs) > keepC {
		fr.legend = append(fr.legend, withText(swatch(otherFill, "#555555", "3,2", 4), b.tr("other clusters, summed")))
	}
	capt := b.tr("Percentages: an edge's share of the cluster's output (out(C): its firms' links to nodes outside it); shares under %s are not labelled.", pct(labelShare))
	if omitted > 0 {
		capt += " " + b.tr("%d labels found no free place and are left out; every edge's figures are in its tooltip.", omitted)
	}
	if droppedC > 0 {
		capt += " " + b.tr("Edges under %s of a cluster's output are not drawn (%d of %d).", pct(minShare), droppedC, len(fromC))
	}
	if droppedM > 0 {
		capt += " " + b.tr("Markets' sales under %s are not drawn (%d of %d).", volume(minSales), droppedM, len(fromM))
	}
	fr.caption = []string{capt, b.tr("A cluster's sales to firms outside it are not drawn (clusters.csv, firm_share).")}
	bodyW := xs[2] + colW[2]
	return fr.render(bodyW, bodyH-top, func(w *svgWriter) {
		w.raw(`<g transform="translate(0 `, num(-top), `)">`)
		defer w.raw("</g>")
		// Edges under nodes: the light ones first.
		sorted := append([]*cedge{}, edges...)
		rank := map[string]int{"mm": 0, "sales": 1, "direct": 2, "market": 3}
		sort.SliceStable(sorted, func(p, q int) bool { return rank[sorted[p].kind] < rank[sorted[q].kind] })
		for _, e := range sorted {
			from, to := nodes[e.from], nodes[e.to]
			var p pathBuilder
			stroke := "#1f5fa8"
			op := "0.85"
			switch e.kind {
			case "direct":
				stroke, op = "#9cc3ea", "0.9"
				xa, xb := from.x+from.w, to.x
				ml, mr := xs[1]-12, xs[1]+colW[1]+12
				p.M(xa, e.ya).C((xa+ml)/2, e.ya, (xa+ml)/2, e.lane, ml, e.lane).L(mr, e.lane).C((mr+xb)/2, e.lane, (mr+xb)/2, e.yb, xb, e.yb)
			case "mm":
				stroke, op = "#8c8c8c", "0.9"
				x := from.x + from.w
				ya, yb := from.y+from.h/2, to.y+to.h/2
				bulge := 24 + math.Abs(yb-ya)/8
				p.M(x, ya).C(x+bulge, ya, x+bulge, yb, x, yb)
			case "sales":
				stroke, op = "#8c8c8c", "0.75"
				p.M(from.x+from.w, e.ya)
				mx := (from.x + from.w + to.x) / 2
				p.C(mx, e.ya, mx, e.yb, to.x, e.yb)
			default:
				p.M(from.x+from.w, e.ya)
				mx := (from.x + from.w + to.x) / 2
				p.C(mx, e.ya, mx, e.yb, to.x, e.yb)
			}
			w.group("edge", e.tip)
			dash := ""
			if e.kind == "mm" {
				dash = "3,2"
			}
			w.path(p.String(), "fill", "none", "stroke", stroke, "stroke-width", num(edgeWidth(e)), "stroke-opacity", op, "stroke-dasharray", dash)
			w.end()
		}
		for _, n := range nodes {
			b.drawColumnNode(w, n)
		}
		w.group("shares", "")
		for _, l := range labels {
			tw := edgeFont.width(l.text)
			w.rect(l.at.x-tw/2-2, l.at.y-edgeFont.size/2-1, tw+4, edgeFont.size+2, 2, "fill", "#ffffff", "fill-opacity", "0.9")
			w.text(l.at.x, l.at.y+0.28*edgeFont.size+0.5, edgeFont, "middle", l.fill, "share", l.text)
		}
		w.end()
	})
}

func withText(it legendItem, text string) legendItem {
	it.text = text
	return it
}

// drawColumnNode draws a cluster, market or buyer with its label inside.
func (b *builder) drawColumnNode(w *svgWriter, n *cnode) {
	w.group("node", n.tip)
	stroke, sw := "#00000055", "0.8"
	switch {
	case n.col == 1:
		w.polygon(housePoints(n.x, n.y, n.w, n.h), "fill", n.fill, "stroke-dasharray", n.dash, "stroke", "#ffffff", "stroke-width", "0.8")
	case n.col == 2:
		c := math.Min(7, n.h/4)
		w.polygon(octagonPoints(n.x, n.y, n.w, n.h, c), "fill", n.fill, "stroke", inkColour, "stroke-width", "1.2", "stroke-dasharray", n.dash)
		w.polygon(octagonPoints(n.x+2.5, n.y+2.5, n.w-5, n.h-5, c-1), "fill", "none", "stroke", inkColour, "stroke-width", "0.7", "stroke-dasharray", n.dash)
	default:
		if n.kind == "other" {
			stroke = "#555555"
		}
		w.rect(n.x, n.y, n.w, n.h, 5, "fill", n.fill, "stroke", stroke, "stroke-width", sw, "stroke-dasharray", n.dash)
	}
	top := n.y
	if n.col == 1 {
		top += 5
	}
	bh := blockHeight(nodeFont, len(n.lines))
	if n.sub != "" {
		bh += countFont.lineHeight()
	}
	cy := top + (n.y+n.h-top)/2
	y0 := cy - bh/2
	cx := n.x + n.w/2
	for i, l := range n.lines {
		w.text(cx, y0+0.78*nodeFont.size+float64(i)*nodeFont.lineHeight(), nodeFont, "middle", n.text, "label", l)
	}
	if n.sub != "" {
		w.text(cx, y0+blockHeight(nodeFont, len(n.lines))+countFont.lineHeight()-0.22*countFont.size, countFont, "middle", n.text, "label", n.sub)
	}
	w.end()
}
