package viz

import (
	"math"
	"sort"

	"clusterchain/network"
)

// network.svg, drawn by viz: the Zhejiang model at a glance. Goods flow
// left to right: each cluster's firms in its box (deeper subcontracting
// tiers to the left, leads and firms that subcontract to nobody to the
// right; dot area by Options.SizeBy), the specialized markets level with
// the boxes that sell through them, the buyers. A box's sales to one
// market or buyer leave it as one band as wide as their volume; the
// firms' own links are thin lines inside the box. The page keeps its
// shape at any size: above the boxes' room or Options.MaxNodes the least
// central firms and the smallest clusters are folded into counts.

const (
	netBodyH   = 660.0 // the height of the drawing
	netGutter  = 34.0  // left of the boxes: links between boxes
	netBoxMaxW = 640.0
	netGapBM   = 120.0 // boxes → markets
	netGapMB   = 105.0 // markets → buyers
	netBoxGap  = 8.0
	netBandMax = 12.0
)

var (
	firmFont   = font{size: 6.5}
	boxFont    = font{size: 8.5, bold: true}
	boxSubFont = font{size: 7.5}
)

// nbox is a cluster box: one cluster, the firms of no cluster, or the
// folded "other clusters".
type nbox struct {
	cluster  int // cluster index, −1 none, −2 other clusters
	name     string
	header   []string
	sub      string
	fill     string
	dash     string
	firms    []int32 // drawn, in grid order
	total    int     // firms in the box
	hidden   int     // firms not drawn
	clusters int     // for "other clusters"
	value    float64 // output, for ordering
	x, y     float64
	w, h     float64
	rows     int
	oneLine  bool // name and count on one line
	nameW    float64
	subW     float64
	tip      string
}

// nend is a market or buyer (or the summed others) in the network view.
type nend struct {
	cnode
	node int32 // node index, −1 for "other"
}

// nedge is a band or line between the view's elements.
type nedge struct {
	kind     string // band (box → market/buyer), direct (box → buyer), sales, mm, supply (market → box), cross (box → box)
	from, to int    // box or end indices by kind
	v        float64
	ya, yb   float64
	lane     float64
	width    float64
}

func (b *builder) drawNetwork(d *Diagram) []byte {
	a := b.a
	nw := a.Network
	g := nw.G()
	n := len(nw.Nodes())
	cf := newClusterFlows(a)

	// Markets and buyers: as many as fit their columns.
	var ms, bs []int32
	for i, nd := range nw.Nodes() {
		switch nd.Type {
		case network.Market:
			ms = append(ms, int32(i))
		case network.Buyer:
			bs = append(bs, int32(i))
		}
	}
	byIn := func(s []int32) {
		sort.SliceStable(s, func(i, j int) bool { return a.Nodes[s[i]].InVolume > a.Nodes[s[j]].InVolume })
	}
	byIn(ms)
	byIn(bs)
	endW := [2]float64{140, 96}
	var ends []*nend
	endOf := make([]int, n)
	for i := range endOf {
		endOf[i] = -1
	}
	addEnds := func(list []int32, col int, other string, fill, text string) {
		used := 0.0
		keep := len(list)
		otherH := nodeFont.size + 12 + 5 + 14
		for i, v := range list {
			lines, _, _ := balanced(nw.Nodes()[v].Name, nodeFont, endW[col]-14, 3)
			used += blockHeight(nodeFont, len(lines)) + 12 + 5 + 14
			if used+otherH > netBodyH+14 && i < len(list)-1 {
				keep = max(1, i-1)
				break
			}
		}
		for _, v := range list[:keep] {
			nd := nw.Nodes()[v]
			e := &nend{node: v, cnode: cnode{col: col + 1, kind: []string{"market", "buyer"}[col], name: nd.Name, id: nd.ID, fill: fill, text: text,
				value: a.Nodes[v].InVolume,
				tip: b.tr("%s %s (%s): receives %s, sells %s; %s %s", b.tr(nd.Type.String()), nd.Name, nd.ID, volume(a.Nodes[v].InVolume),
					volume(a.Nodes[v].OutVolume), b.opt.SizeBy, figureValue(b.size(a.Nodes[v])))}}
			endOf[v] = len(ends)
			ends = append(ends, e)
		}
		if rest := list[keep:]; len(rest) > 0 {
			e := &nend{node: -1, cnode: cnode{col: col + 1, kind: "other", name: b.tr(other, thousands(len(rest))), fill: fill, text: text, dash: "3,2",
				tip: b.tr(other, thousands(len(rest)))}}
			for _, v := range rest {
				endOf[v] = len(ends)
			}
			ends = append(ends, e)
			d.Notes = append(d.Notes, b.tr("the %s smallest of %s are folded into %q", thousands(len(rest)),
				b.count(len(list), []string{"market", "buyer"}[col]), b.tr(other, thousands(len(rest)))))
		}
	}
	addEnds(ms, 0, "%s other markets", marketFill, "#ffffff")
	addEnds(bs, 1, "%s other buyers", "#ffffff", inkColour)

	// Boxes: the clusters with the largest output, as many as the column
	// holds; the firms of no cluster; the other clusters summed.
	var cs []int
	for c := range nw.Clusters() {
		cs = append(cs, c)
	}
	sort.SliceStable(cs, func(i, j int) bool { return cf.out[cs[i]] > cf.out[cs[j]] })
	free := 0
	for i := 0; i < n; i++ {
		if nw.Nodes()[i].Type == network.Firm && nw.ClusterOf(int32(i)) < 0 {
			free++
		}
	}
	type mode struct {
		labels       bool
		cellW, cellH float64
		rMax         float64
	}
	modes := []mode{{true, 104, 21, 6}, {true, 92, 19, 5.5}}
	for _, c := range []float64{30, 26, 22, 19, 16, 14, 12, 10, 8, 6.5} {
		modes = append(modes, mode{false, c, c, c*0.45 - 0.3})
	}
	// Firms by falling size (ties by index), once.
	var bySize []int32
	for i := 0; i < n; i++ {
		if nw.Nodes()[i].Type == network.Firm {
			bySize = append(bySize, int32(i))
		}
	}
	sort.SliceStable(bySize, func(i, j int) bool { return b.size(a.Nodes[bySize[i]]) > b.size(a.Nodes[bySize[j]]) })
	var boxes []*nbox
	boxOf := make([]int, n)
	otherBox, freeBox := -1, -1
	var md mode
	var boxW float64
	folded := 0
	maxSize := 0.0
	setSub := func(box *nbox) {
		box.sub = b.count(box.total, "firm")
		if box.cluster == -2 {
			box.sub = b.tr("%s in %s", b.count(box.total, "firm"), b.count(box.clusters, "cluster"))
		} else if box.hidden > 0 {
			box.sub = b.tr("%s, %s drawn", b.count(box.total, "firm"), thousands(len(box.firms)))
		}
		box.subW = boxSubFont.width(box.sub)
	}
	headerH := func(box *nbox, w float64) float64 {
		name := cleanText(box.name)
		if box.nameW == 0 {
			box.nameW = boxFont.width(name)
		}
		box.oneLine = box.nameW+8+box.subW <= w-12
		if box.oneLine {
			box.header = []string{name}
			return boxFont.lineHeight() + 6
		}
		box.header, _ = wrapLines(name, boxFont, w-12, 2)
		return blockHeight(boxFont, len(box.header)) + 3 + boxSubFont.lineHeight() + 6
	}
	layoutBoxes := func(m mode, w float64) float64 {
		cols := max(1, int((w-8)/m.cellW))
		total := 0.0
		for _, box := range boxes {
			box.rows = (len(box.firms) + cols - 1) / cols
			box.h = headerH(box, w) + float64(box.rows)*m.cellH + 4
			total += box.h + netBoxGap
		}
		return total - netBoxGap
	}
	// makeBoxes builds the boxes with the k largest clusters on their own
	// and reports whether some mode fits the column.
	makeBoxes := func(k int) bool {
		boxes = nil
		otherBox, freeBox = -1, -1
		clusterBox := map[int]int{}
		for _, c := range cs[:k] {
			cl := nw.Clusters()[c]
			fill, dash := clusterColour(c)
			clusterBox[c] = len(boxes)
			fig := a.Clusters[c]
			boxes = append(boxes, &nbox{cluster: c, name: cl.Name, fill: fill, dash: dash, value: cf.out[c],
				tip: b.tr("cluster %s (%s): %s; output %s — %s to markets, %s to buyers directly; %s reaches buyers", cl.Name, cl.ID,
					b.count(fig.Firms, "firm"), volume(fig.OutVolume), pct(fig.MarketShare), pct(fig.BuyerShare), pct(fig.BuyerReach))})
		}
		if rest := cs[k:]; len(rest) > 0 {
			otherBox = len(boxes)
			v := 0.0
			for _, c := range rest {
				clusterBox[c] = otherBox
				v += cf.out[c]
			}
			boxes = append(boxes, &nbox{cluster: -2, name: b.tr("%s other clusters", thousands(len(rest))), fill: "#777777", dash: "3,2",
				clusters: len(rest), value: v, tip: b.tr("the %s clusters with the smallest output, summed", thousands(len(rest)))})
		}
		if free > 0 {
			freeBox = len(boxes)
			boxes = append(boxes, &nbox{cluster: -1, name: b.tr("firms in no cluster"), fill: noClusterFill, value: -1,
				tip: b.tr("firms that belong to no cluster")})
		}
		for i := range boxOf {
			boxOf[i] = -1
		}
		for i := 0; i < n; i++ {
			if nw.Nodes()[i].Type != network.Firm {
				continue
			}
			bx := freeBox
			if c := nw.ClusterOf(int32(i)); c >= 0 {
				bx = clusterBox[int(c)]
			}
			boxOf[i] = bx
			boxes[bx].total++
		}
		// Firms drawn: all when they fit Options.MaxNodes, else the most
		// central of each box, in proportion to its size. The "other
		// clusters" box shows only counts.
		budget := max(len(boxes), b.opt.MaxNodes-len(ends))
		members := make([][]int32, len(boxes))
		for _, v := range bySize {
			if bx := boxOf[v]; bx >= 0 && bx != otherBox {
				members[bx] = append(members[bx], v)
			}
		}
		drawable := 0
		for bx := range boxes {
			drawable += len(members[bx])
		}
		folded, maxSize = 0, 0
		for bx, box := range boxes {
			list := members[bx]
			keep := len(list)
			if drawable > budget {
				keep = min(len(list), max(1, int(math.Floor(float64(len(list))*float64(budget)/float64(drawable)))))
			}
			box.firms = list[:keep]
			box.hidden = box.total - keep
			folded += box.hidden
			setSub(box)
			for _, v := range box.firms {
				maxSize = math.Max(maxSize, b.size(a.Nodes[v]))
			}
		}
		// One width for all boxes, the narrowest that lets the column
		// fit; the largest dots (or labels) that fit at all.
		for _, m := range modes {
			if layoutBoxes(m, netBoxMaxW) > netBodyH {
				continue
			}
			lo, hi := math.Max(m.cellW+8, 170), netBoxMaxW
			for it := 0; it < 30; it++ {
				mid := (lo + hi) / 2
				if layoutBoxes(m, mid) <= netBodyH {
					hi = mid
				} else {
					lo = mid
				}
			}
			md, boxW = m, hi
			return true
		}
		return false
	}
	// At most as many boxes as the column holds at one line of the
	// smallest dots each.
	keepC := min(len(cs), max(1, int(netBodyH/(boxFont.lineHeight()+6+6.5+4+netBoxGap))-1))
	for keepC > 1 && !makeBoxes(keepC) {
		keepC -= max(1, keepC/8)
	}
	if keepC <= 1 && !makeBoxes(keepC) { // one box of dots that do not fit: fewer dots
		md, boxW = modes[len(modes)-1], netBoxMaxW
		for k := 0; k < 60 && layoutBoxes(md, boxW) > netBodyH; k++ {
			for _, box := range boxes {
				if k := len(box.firms) * 3 / 4; k < len(box.firms) {
					box.hidden += len(box.firms) - k
					folded += len(box.firms) - k
					box.firms = box.firms[:k]
					setSub(box)
				}
			}
		}
	}
	rMax := md.rMax
	layoutBoxes(md, boxW)
	if otherBox >= 0 {
		d.Notes = append(d.Notes, b.tr("the %s clusters with the smallest output are folded into one box", thousands(boxes[otherBox].clusters)))
	}
	// Grid order: deepest tier first (left), then leads, then firms that
	// subcontract to nobody; by size within.
	for _, box := range boxes {
		list := box.firms
		key := func(v int32) int32 {
			if t := a.Nodes[v].Tier; t >= 0 {
				return t
			}
			return -1
		}
		sort.SliceStable(list, func(i, j int) bool { return key(list[i]) > key(list[j]) })
	}
	if folded > 0 {
		drawn := 0
		for _, box := range boxes {
			drawn += len(box.firms)
		}
		d.Notes = append(d.Notes, b.tr("the %s most central firms by %s are drawn; %s are folded into the counts of their boxes",
			thousands(drawn), b.opt.SizeBy, b.count(folded, "other firm")))
	}
	// Firm labels.
	var fl []label
	var fnames, fids []string
	var fidx []int32
	labelOf := map[int32][]string{}
	if md.labels {
		maxLW := md.cellW - 2*md.rMax - 7
		for _, box := range boxes {
			for _, v := range box.firms {
				lines, _, cut := balanced(nw.Nodes()[v].Name, firmFont, maxLW, 2)
				fl = append(fl, label{lines: lines, cut: cut})
				fnames = append(fnames, nw.Nodes()[v].Name)
				fids = append(fids, nw.Nodes()[v].ID)
				fidx = append(fidx, v)
			}
		}
		distinct(fl, fnames, fids, firmFont, maxLW, 2)
		for k, v := range fidx {
			labelOf[v] = fl[k].lines
		}
	}

	// Edges, aggregated.
	type key struct {
		kind     string
		from, to int
	}
	agg := map[key]*nedge{}
	var keys []key
	addE := func(kind string, from, to int, v float64) {
		if v <= 0 || from < 0 || to < 0 || (kind != "mm" && kind != "cross" && false) {
			return
		}
		if (kind == "cross" || kind == "mm") && from == to {
			return
		}
		k := key{kind, from, to}
		e := agg[k]
		if e == nil {
			e = &nedge{kind: kind, from: from, to: to}
			agg[k] = e
			keys = append(keys, k)
		}
		e.v += v
	}
	type fline struct {
		firm int32
		to   key
		v    float64
	}
	var flines []fline
	type inner struct {
		u, v int32
		sub  bool
	}
	var inners []inner
	drawnFirm := make([]bool, n)
	for _, box := range boxes {
		for _, v := range box.firms {
			drawnFirm[v] = true
		}
	}
	for u := int32(0); int(u) < n; u++ {
		adj, wt := g.Out(u)
		ut := nw.Nodes()[u].Type
		for k, v := range adj {
			vt := nw.Nodes()[v].Type
			w := wt[k]
			switch {
			case ut == network.Firm && vt != network.Firm:
				kind := "band"
				if vt == network.Buyer {
					kind = "direct"
				}
				addE(kind, boxOf[u], endOf[v], w)
				if drawnFirm[u] {
					flines = append(flines, fline{u, key{kind, boxOf[u], endOf[v]}, w})
				}
			case ut == network.Firm && vt == network.Firm:
				if boxOf[u] == boxOf[v] {
					if drawnFirm[u] && drawnFirm[v] {
						inners = append(inners, inner{u, v, a.Nodes[u].Tier >= 0 && a.Nodes[v].Tier >= 0})
					}
				} else {
					addE("cross", boxOf[u], boxOf[v], w)
				}
			case ut == network.Market && vt == network.Buyer:
				addE("sales", endOf[u], endOf[v], w)
			case ut == network.Market && vt == network.Market:
				addE("mm", endOf[u], endOf[v], w)
			case ut == network.Market && vt == network.Firm:
				addE("supply", endOf[u], boxOf[v], w)
			}
		}
	}
	// The heaviest edges of each kind, so that the flow reads; the
	// caption says how many are left out.
	limits := map[string]int{"band": 150, "direct": 60, "sales": 100, "cross": 60, "mm": 30, "supply": 30}
	byKind := map[string][]*nedge{}
	for _, k := range keys {
		byKind[k.kind] = append(byKind[k.kind], agg[k])
	}
	dropped, droppedOf := 0, 0
	for kind, es := range byKind {
		if len(es) <= limits[kind] {
			continue
		}
		sorted := append([]*nedge{}, es...)
		sort.SliceStable(sorted, func(p, q int) bool { return sorted[p].v > sorted[q].v })
		for _, e := range sorted[limits[kind]:] {
			delete(agg, key{e.kind, e.from, e.to})
		}
		dropped += len(es) - limits[kind]
		droppedOf += len(es)
	}
	maxV := 0.0
	var edges []*nedge
	for _, k := range keys {
		if e := agg[k]; e != nil {
			maxV = math.Max(maxV, e.v)
			edges = append(edges, e)
		}
	}
	if dropped > 0 {
		d.Notes = append(d.Notes, b.tr("the heaviest links of each kind are drawn: %s of %s aggregated links are left out", thousands(dropped), thousands(droppedOf)))
	}
	if md.cellW < 12 || len(flines) > 1500 {
		flines = nil // the bands carry the boxes' sales
	}
	if md.cellW < 10 || len(inners) > 1500 {
		inners = nil
	}
	for _, e := range edges {
		e.width = 0.6 + (netBandMax-0.6)*e.v/math.Max(maxV, 1e-300)
		if e.kind == "cross" || e.kind == "mm" || e.kind == "supply" {
			e.width = math.Min(e.width, 2.5)
		}
	}

	// Order boxes and ends by barycentres of the band volumes; boxes stay
	// stacked, ends are placed level with their neighbours.
	endCols := [2][]int{}
	for i, e := range ends {
		endCols[e.col-1] = append(endCols[e.col-1], i)
	}
	var boxOrder []int
	for i := range boxes {
		boxOrder = append(boxOrder, i)
	}
	bpos, epos := map[int]float64{}, map[int]float64{}
	setPos := func() {
		for k, i := range boxOrder {
			bpos[i] = float64(k) / float64(max(1, len(boxOrder)-1))
		}
		for _, col := range endCols {
			for k, i := range col {
				epos[i] = float64(k) / float64(max(1, len(col)-1))
			}
		}
	}
	setPos()
	endBary := func(i int) (float64, bool) {
		s, w := 0.0, 0.0
		for _, e := range edges {
			switch {
			case (e.kind == "band" || e.kind == "direct") && e.to == i:
				s += bpos[e.from] * e.v
				w += e.v
			case e.kind == "sales" && e.to == i:
				s += epos[e.from] * e.v
				w += e.v
			}
		}
		if w == 0 {
			return 0, false
		}
		return s / w, true
	}
	boxBary := func(i int) (float64, bool) {
		s, w := 0.0, 0.0
		for _, e := range edges {
			if e.kind == "band" && e.from == i {
				s += epos[e.to] * e.v
				w += e.v
			}
		}
		if w == 0 {
			return 0, false
		}
		return s / w, true
	}
	pinnedEnd := func(i int) bool { return ends[i].kind == "other" }
	pinnedBox := func(i int) bool { return boxes[i].cluster < 0 }
	for sweep := 0; sweep < 6; sweep++ {
		baryOrder(endCols[0], endBary, epos, pinnedEnd)
		setPos()
		baryOrder(endCols[1], endBary, epos, pinnedEnd)
		setPos()
		baryOrder(boxOrder, boxBary, bpos, pinnedBox)
		setPos()
	}
	baryOrder(endCols[0], endBary, epos, pinnedEnd)
	setPos()
	baryOrder(endCols[1], endBary, epos, pinnedEnd)
	setPos()
	// Box positions: stacked, spread over the height.
	x0 := netGutter
	totalH := 0.0
	for _, i := range boxOrder {
		totalH += boxes[i].h
	}
	extra := math.Max(0, (netBodyH-totalH)/float64(max(1, len(boxOrder)-1)))
	extra = math.Min(extra, 3*netBoxGap)
	if len(boxOrder) == 1 {
		extra = 0
	}
	y := 0.0
	for _, i := range boxOrder {
		bx := boxes[i]
		bx.x, bx.y, bx.w = x0, y, boxW
		y += bx.h + math.Max(netBoxGap, extra)
	}
	bodyH := math.Max(y-math.Max(netBoxGap, extra), 120)
	xM := x0 + boxW + netGapBM
	xB := xM + endW[0] + netGapMB
	for _, e := range ends {
		e.lines, _, _ = balanced(e.name, nodeFont, endW[e.col-1]-14, 3)
		e.h = blockHeight(nodeFont, len(e.lines)) + 12
		if e.col == 1 {
			e.h += 5
			e.x = xM
		} else {
			e.x = xB
		}
		e.w = endW[e.col-1]
	}
	for col := range endCols {
		var ls []label
		var names, ids []string
		for _, i := range endCols[col] {
			ls = append(ls, label{lines: ends[i].lines})
			names = append(names, ends[i].name)
			ids = append(ids, ends[i].id)
		}
		distinct(ls, names, ids, nodeFont, endW[col]-14, 3)
		for k, i := range endCols[col] {
			ends[i].lines = ls[k].lines
		}
	}
	centreBox := func(i int) float64 { return boxes[i].y + boxes[i].h/2 }
	centreEnd := func(i int) float64 { return ends[i].y + ends[i].h/2 }
	placeEnds := func(col int) {
		list := endCols[col]
		desired := make([]float64, len(list))
		hs := make([]float64, len(list))
		for k, i := range list {
			hs[k] = ends[i].h
			s, w := 0.0, 0.0
			for _, e := range edges {
				switch {
				case (e.kind == "band" || e.kind == "direct") && e.to == i:
					wt := e.v
					if e.kind == "direct" {
						wt /= 4
					}
					s += centreBox(e.from) * wt
					w += wt
				case e.kind == "sales" && e.to == i:
					s += centreEnd(e.from) * e.v
					w += e.v
				}
			}
			if w > 0 {
				desired[k] = s / w
			} else {
				desired[k] = bodyH * epos[i]
			}
		}
		tops := place1D(desired, hs, 14, 0, bodyH)
		for k, i := range list {
			ends[i].y = tops[k]
		}
	}
	placeEnds(0)
	placeEnds(1)
	for _, e := range ends {
		bodyH = math.Max(bodyH, e.y+e.h)
	}

	// Ports. A box's bands leave its right side in the order of their
	// targets, stacked; a market's arrive on its left side likewise.
	boxPortY := map[key]float64{}
	for i, bx := range boxes {
		var outs []*nedge
		for _, e := range edges {
			if (e.kind == "band" || e.kind == "direct") && e.from == i {
				outs = append(outs, e)
			}
		}
		sort.SliceStable(outs, func(p, q int) bool { return centreEnd(outs[p].to) < centreEnd(outs[q].to) })
		stack(outs, bx.y+bx.h/2, bx.h-6, true)
		for _, e := range outs {
			boxPortY[key{e.kind, e.from, e.to}] = e.ya
		}
		// Supply from markets and links between boxes arrive at the
		// sides: markets' at the right, boxes' at the left.
		var sup []*nedge
		for _, e := range edges {
			if e.kind == "supply" && e.to == i {
				sup = append(sup, e)
			}
		}
		for k, y := range ports(bx.y+4, bx.y+bx.h-4, len(sup)) {
			sup[k].yb = y
		}
	}
	for i, en := range ends {
		var ins, outs []*nedge
		for _, e := range edges {
			switch {
			case (e.kind == "band" || e.kind == "direct") && e.to == i:
				ins = append(ins, e)
			case e.kind == "sales" && e.to == i:
				ins = append(ins, e)
			case e.kind == "sales" && e.from == i:
				outs = append(outs, e)
			case e.kind == "supply" && e.from == i:
				outs = append(outs, e)
			}
		}
		otherY := func(e *nedge) float64 {
			if e.kind == "sales" {
				if e.to == i {
					return centreEnd(e.from)
				}
				return centreEnd(e.to)
			}
			return centreBox(e.from)
		}
		sort.SliceStable(ins, func(p, q int) bool { return otherY(ins[p]) < otherY(ins[q]) })
		top := en.y
		if en.col == 1 {
			top += 5
		}
		stack(ins, (top+en.y+en.h)/2, en.y+en.h-top-4, false)
		var so []*nedge
		for _, e := range outs {
			if e.kind == "sales" {
				so = append(so, e)
			}
		}
		sort.SliceStable(so, func(p, q int) bool { return centreEnd(so[p].to) < centreEnd(so[q].to) })
		stack(so, (top+en.y+en.h)/2, en.y+en.h-top-4, true)
		for _, e := range outs {
			if e.kind == "supply" {
				e.ya = en.y + en.h - 3
			}
		}
	}
	// Cross links between boxes: ports on the left sides.
	for i, bx := range boxes {
		var at []*nedge
		for _, e := range edges {
			if e.kind == "cross" && (e.from == i || e.to == i) {
				at = append(at, e)
			}
		}
		ps := ports(bx.y+bx.h*0.25, bx.y+bx.h*0.75, len(at))
		for k, e := range at {
			if e.from == i {
				e.ya = ps[k]
			} else {
				e.yb = ps[k]
			}
		}
	}
	// Direct orders cross the market column through its gaps.
	var mt, mh []float64
	for _, i := range endCols[0] {
		mt = append(mt, ends[i].y)
		mh = append(mh, ends[i].h)
	}
	gs := columnGaps(mt, mh, -10, bodyH+10)
	lanes := map[int][]*nedge{}
	for _, e := range edges {
		if e.kind != "direct" {
			continue
		}
		t := (xM + endW[0]/2 - (x0 + boxW)) / (xB - (x0 + boxW))
		k := nearestGap(gs, e.ya+t*(e.yb-e.ya), 4)
		lanes[k] = append(lanes[k], e)
	}
	topY := 0.0
	for k, es := range lanes {
		sort.SliceStable(es, func(p, q int) bool {
			if es[p].ya != es[q].ya {
				return es[p].ya < es[q].ya
			}
			return es[p].yb < es[q].yb
		})
		g := gs[k]
		tot := 0.0
		for _, e := range es {
			tot += e.width
		}
		room := g.y1 - g.y0
		sp := math.Max(0, room-tot) / float64(len(es)+1)
		y := g.y0 + sp
		if sp == 0 {
			y = (g.y0+g.y1)/2 - tot/2
		}
		for _, e := range es {
			e.lane = y + e.width/2
			y += e.width + sp
			topY = math.Min(topY, e.lane-e.width/2-1)
			bodyH = math.Max(bodyH, e.lane+e.width/2+1)
		}
	}

	// Legend and caption.
	fr := &frame{view: ViewNetwork, title: b.tr("%s: firms, specialized markets and buyers", b.opt.Title)}
	fr.sub = []string{b.tr("Goods flow left to right: each cluster's firms in its box (deeper subcontracting tiers to the left), the specialized markets they sell through, the multinational buyers. %s, %s, %s, %s.",
		b.count(nw.Count(network.Firm), "firm"), b.count(len(nw.Clusters()), "cluster"), b.count(len(ms), "market"), b.count(len(bs), "buyer"))}
	sizes := []float64{1, 0.25, 0.04}
	fr.legend = []legendItem{
		{width: 24, height: 14, text: b.tr("cluster box"), symbol: func(w *svgWriter, x, cy float64) {
			w.rect(x, cy-7, 24, 14, 3, "fill", palette[1], "fill-opacity", "0.12", "stroke", palette[1], "stroke-width", "1.4")
		}},
	}
	for _, s := range sizes {
		r := math.Max(1.2, rMax*math.Sqrt(s))
		fr.legend = append(fr.legend, withText(circleSymbol(r, palette[1], "#00000066"), b.tr("%s %s", b.opt.SizeBy, figureValue(s*maxSize))))
	}
	fr.legend = append(fr.legend,
		withText(houseSymbol(), b.tr("specialized market")),
		withText(octagonSymbol(), b.tr("multinational buyer")),
		withText(lineSymbol(palette[1], 6, "", "0.55"), b.tr("a box's sales to a market or buyer (colour: cluster; width: volume, %s at the widest)", volume(maxV))),
		withText(lineSymbol("#8c8c8c", 3, "", "0.8"), b.tr("a market's sales")),
		withText(lineSymbol("#1f5fa8", 0.6, "", "0.5"), b.tr("a firm's sale")),
		withText(lineSymbol("#000000", 0.7, "2,1.5", "0.45"), b.tr("subcontracting or supply within the box")),
		withText(lineSymbol("#7a5c99", 1.5, "", "0.8"), b.tr("links between boxes (left)")),
	)
	fr.legend = append(fr.legend, b.paletteNote(nw)...)
	caption := b.tr("Dot area: %s, relative to the largest firm drawn (%s); smallest dots are drawn at a minimum size.", b.opt.SizeBy, figureValue(maxSize))
	if !md.labels {
		caption += " " + b.tr("There is no room for firm names at this size: each dot's tooltip gives the firm's name, id and figures.")
	}
	if folded > 0 || otherBox >= 0 {
		caption += " " + b.tr("Folded to keep the page: %s.", joinNotes(d.Notes))
	}
	fr.caption = []string{caption}

	return fr.render(xB+endW[1], bodyH-topY, func(w *svgWriter) {
		w.raw(`<g transform="translate(0 `, num(-topY), `)">`)
		defer w.raw("</g>")
		// Boxes first (background), then the lines inside them, the bands,
		// the dots and labels, the ends.
		for _, bx := range boxes {
			w.group("cluster", bx.tip)
			w.rect(bx.x, bx.y, bx.w, bx.h, 4, "fill", bx.fill, "fill-opacity", "0.10", "stroke", bx.fill, "stroke-width", "1.4", "stroke-dasharray", bx.dash)
			ty := bx.y + 4
			for i, l := range bx.header {
				w.text(bx.x+6, ty+0.78*boxFont.size+float64(i)*boxFont.lineHeight(), boxFont, "start", inkColour, "box", l)
			}
			if bx.oneLine {
				w.text(bx.x+6+boxFont.width(bx.header[0])+8, ty+0.78*boxFont.size, boxSubFont, "start", mutedText, "box", bx.sub)
			} else {
				ty += blockHeight(boxFont, len(bx.header)) + 3
				w.text(bx.x+6, ty+0.78*boxSubFont.size, boxSubFont, "start", mutedText, "box", bx.sub)
			}
			w.end()
		}
		// Firm positions.
		fx := map[int32]pt2{}
		for _, bx := range boxes {
			hh := headerH(bx, bx.w)
			for k, v := range bx.firms {
				col, row := k/max(1, bx.rows), k%max(1, bx.rows)
				cx := bx.x + 4 + float64(col)*md.cellW + md.rMax + 1
				cy := bx.y + hh + float64(row)*md.cellH + md.cellH/2
				fx[v] = pt2{cx, cy}
			}
		}
		radius := func(v int32) float64 {
			if maxSize <= 0 {
				return 1.2
			}
			return math.Max(1.2, md.rMax*math.Sqrt(math.Max(0, b.size(a.Nodes[v]))/maxSize))
		}
		w.group("inner", "")
		for _, l := range inners {
			p, q := fx[l.u], fx[l.v]
			var pb pathBuilder
			pb.M(p.x, p.y).L(q.x, q.y)
			w.path(pb.String(), "fill", "none", "stroke", "#000000", "stroke-opacity", "0.4", "stroke-width", "0.5", "stroke-dasharray", "2,1.5")
		}
		w.end()
		w.group("firm-sales", "")
		for _, l := range flines {
			p := fx[l.firm]
			bx := boxes[l.to.from]
			py, ok := boxPortY[l.to]
			if !ok {
				continue
			}
			xe := bx.x + bx.w
			var pb pathBuilder
			mx := (p.x + xe) / 2
			pb.M(p.x, p.y).C(mx, p.y, mx, py, xe, py)
			w.path(pb.String(), "fill", "none", "stroke", "#1f5fa8", "stroke-opacity", "0.35", "stroke-width", "0.5")
		}
		w.end()
		for _, e := range edges {
			var pb pathBuilder
			stroke, op, dash := "#1f5fa8", "0.5", ""
			switch e.kind {
			case "band":
				bx, en := boxes[e.from], ends[e.to]
				pb.M(bx.x+bx.w, e.ya)
				mx := (bx.x + bx.w + en.x) / 2
				pb.C(mx, e.ya, mx, e.yb, en.x, e.yb)
				stroke = "#1f5fa8"
				if bx.cluster >= 0 {
					stroke = bx.fill
				}
			case "direct":
				bx, en := boxes[e.from], ends[e.to]
				xa, xb := bx.x+bx.w, en.x
				ml, mr := xM-10, xM+endW[0]+10
				pb.M(xa, e.ya).C((xa+ml)/2, e.ya, (xa+ml)/2, e.lane, ml, e.lane).L(mr, e.lane).C((mr+xb)/2, e.lane, (mr+xb)/2, e.yb, xb, e.yb)
				stroke, op = "#6fa7dc", "0.55"
				if bx.cluster >= 0 {
					stroke = bx.fill
				}
			case "sales":
				p, q := ends[e.from], ends[e.to]
				mx := (p.x + p.w + q.x) / 2
				pb.M(p.x+p.w, e.ya).C(mx, e.ya, mx, e.yb, q.x, e.yb)
				stroke, op = "#8c8c8c", "0.7"
			case "mm":
				p, q := ends[e.from], ends[e.to]
				x := p.x + p.w
				ya, yb := p.y+p.h/2, q.y+q.h/2
				bulge := 20 + math.Abs(yb-ya)/8
				pb.M(x, ya).C(x+bulge, ya, x+bulge, yb, x, yb)
				stroke, op, dash = "#8c8c8c", "0.9", "3,2"
			case "supply":
				p, bx := ends[e.from], boxes[e.to]
				xe := bx.x + bx.w
				pb.M(p.x, e.ya).C((p.x+xe)/2, e.ya, (p.x+xe)/2, e.yb, xe+1, e.yb)
				stroke, op, dash = "#8c8c8c", "0.9", "1,2"
			case "cross":
				p, q := boxes[e.from], boxes[e.to]
				bulge := 8 + math.Min(netGutter-12, math.Abs(e.yb-e.ya)/12)
				pb.M(p.x, e.ya).C(p.x-bulge, e.ya, q.x-bulge, e.yb, q.x-3, e.yb)
				stroke, op = "#7a5c99", "0.45"
			}
			w.group("edge", b.edgeTip(e, boxes, ends))
			w.path(pb.String(), "fill", "none", "stroke", stroke, "stroke-opacity", op, "stroke-width", num(e.width), "stroke-dasharray", dash)
			if e.kind == "cross" || e.kind == "supply" {
				// An arrowhead where the link arrives.
				q := boxes[e.to]
				x, y := q.x-3, e.yb
				if e.kind == "supply" {
					x = q.x + q.w + 1
					w.polygon([]float64{x, y, x + 4, y - 2.2, x + 4, y + 2.2}, "fill", stroke)
				} else {
					w.polygon([]float64{x, y, x - 4, y - 2.2, x - 4, y + 2.2}, "fill", stroke)
				}
			}
			w.end()
		}
		for _, bx := range boxes {
			for _, v := range bx.firms {
				p := fx[v]
				nd := nw.Nodes()[v]
				fill := bx.fill
				if c := nw.ClusterOf(v); c >= 0 {
					fill, _ = clusterColour(int(c))
				}
				w.group("node", b.firmTip(v))
				w.circle(p.x, p.y, radius(v), "fill", fill, "stroke", "#00000080", "stroke-width", "0.5")
				if ls := labelOf[v]; len(ls) > 0 {
					lx := p.x + md.rMax + 2.5
					for i, l := range ls {
						w.text(lx, baseline(p.y, firmFont, len(ls), i), firmFont, "start", inkColour, "side", l, halo...)
					}
				}
				_ = nd
				w.end()
			}
		}
		for _, en := range ends {
			b.drawColumnNode(w, &en.cnode)
		}
	})
}

// stack sets the ports of edges attached to one side of a box: stacked
// by width around cy when they fit in room, spread otherwise. from picks
// ya (the edges leave) or yb (they arrive).
func stack(es []*nedge, cy, room float64, from bool) {
	tot := 0.0
	for _, e := range es {
		tot += e.width
	}
	gap := 1.0
	if len(es) > 1 {
		tot += gap * float64(len(es)-1)
	}
	scale := 1.0
	if tot > room && tot > 0 {
		scale = room / tot
	}
	y := cy - tot*scale/2
	for _, e := range es {
		c := y + e.width*scale/2
		if from {
			e.ya = c
		} else {
			e.yb = c
		}
		y += (e.width + gap) * scale
	}
}

func joinNotes(notes []string) string {
	out := ""
	for i, n := range notes {
		if i > 0 {
			out += "; "
		}
		out += n
	}
	return out
}

// firmTip is a firm's tooltip: name, id, cluster and key figures.
func (b *builder) firmTip(v int32) string {
	nw := b.a.Network
	nd := nw.Nodes()[v]
	f := b.a.Nodes[v]
	cl := b.tr("no cluster")
	switch {
	case nd.Type != network.Firm:
		cl = b.tr(nd.Type.String())
	case nw.ClusterOf(v) >= 0:
		cl = nw.Clusters()[nw.ClusterOf(v)].Name
	}
	tip := b.tr("%s (%s), %s: sells %s, buys %s; %s %s", nd.Name, nd.ID, cl, volume(f.OutVolume), volume(f.InVolume), b.opt.SizeBy, figureValue(b.size(f)))
	if f.Tier >= 0 {
		tip += b.tr("; subcontracting tier %d, depth %d", f.Tier, f.Depth)
	}
	return tip
}

func (b *builder) edgeTip(e *nedge, boxes []*nbox, ends []*nend) string {
	var from, to string
	switch e.kind {
	case "band", "direct":
		from, to = boxes[e.from].name, ends[e.to].name
	case "sales", "mm":
		from, to = ends[e.from].name, ends[e.to].name
	case "supply":
		from, to = ends[e.from].name, boxes[e.to].name
	case "cross":
		from, to = boxes[e.from].name, boxes[e.to].name
	}
	return b.tr("%s → %s: %s", from, to, volume(e.v))
}
