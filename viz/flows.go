package viz

import (
	"math"
	"sort"
)

// flows.svg: a Sankey diagram of the clusters' output, drawn by viz (no
// Graphviz). Three columns: the clusters (bar height out(C)); the
// channels (each specialized market, "direct orders" to buyers, and what
// goes to firms outside the cluster); the destinations (each buyer, and
// what the markets do not pass on to buyers). Band widths are volumes on
// one scale; bands from a cluster carry their share of its output.

const (
	sankeyBar     = 12.0
	sankeyGap     = 300.0 // between the bars of two columns
	sankeyColH    = 600.0
	sankeyMaxRows = 14 // nodes drawn per column before the rest are summed
	sankeyBandMin = 8.5
)

var (
	sankeyFont = font{size: 8.5}
	subLabel   = font{size: 8}
	bandFont   = font{size: 7}
	headFont   = font{size: 9.5, bold: true}
)

type sankeyNode struct {
	col      int
	name, id string
	tip      string
	value    float64
	fill     string
	stroke   string
	dash     string
	special  bool // pinned below the others
	lines    []string
	sub      string
	order    float64
	y, h     float64 // bar
	labelH   float64
	in, out  float64 // band offsets used so far
}

type sankeyLink struct {
	from, to int
	v        float64
	fill     string
	opacity  string
	tip      string
	share    float64 // printed on the band; < 0 for none
}

type sankey struct {
	nodes []*sankeyNode
	links []*sankeyLink
}

func (s *sankey) add(n *sankeyNode) int {
	s.nodes = append(s.nodes, n)
	return len(s.nodes) - 1
}

func (s *sankey) link(from, to int, v float64, fill, opacity, tip string, share float64) {
	if v <= 0 {
		return
	}
	s.links = append(s.links, &sankeyLink{from: from, to: to, v: v, fill: fill, opacity: opacity, tip: tip, share: share})
}

// topN returns the indices of items sorted by falling value (ties by
// index) and how many of them are drawn on their own: all when there are
// at most max, else max − 1 and the rest summed.
func topN(values []float64, maxN int) ([]int, int) {
	idx := make([]int, len(values))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return values[idx[i]] > values[idx[j]] })
	if len(idx) <= maxN {
		return idx, len(idx)
	}
	return idx, maxN - 1
}

func (b *builder) drawFlows(d *Diagram) []byte {
	a := b.a
	nw := a.Network
	cf := newClusterFlows(a)
	total := 0.0
	for _, v := range cf.out {
		total += v
	}
	fr := &frame{view: ViewFlows, title: b.tr("%s: where the clusters' output goes", b.opt.Title)}
	if total <= 0 {
		fr.sub = []string{b.tr("No cluster has a link with a known volume to a node outside it, so there is no flow to draw.")}
		return fr.render(300, 40, func(w *svgWriter) {})
	}
	s := &sankey{}
	// Clusters.
	var clusters []int
	for c, v := range cf.out {
		if v > 0 {
			clusters = append(clusters, c)
		}
	}
	cvals := make([]float64, len(clusters))
	for i, c := range clusters {
		cvals[i] = cf.out[c]
	}
	corder, cshown := topN(cvals, sankeyMaxRows)
	clusterNode := make(map[int]int)
	for _, i := range corder[:cshown] {
		c := clusters[i]
		cl := nw.Clusters()[c]
		fill, dash := clusterColour(c)
		clusterNode[c] = s.add(&sankeyNode{col: 0, name: cl.Name, id: cl.ID, value: cf.out[c], fill: fill, stroke: "#00000055", dash: dash,
			tip: b.tr("cluster %s (%s): output %s, %s of all clusters' output; %s reaches buyers", cl.Name, cl.ID, volume(cf.out[c]),
				pct(cf.out[c]/total), pct(a.Clusters[c].BuyerReach))})
	}
	if rest := corder[cshown:]; len(rest) > 0 {
		v := 0.0
		for _, i := range rest {
			v += cf.out[clusters[i]]
		}
		other := s.add(&sankeyNode{col: 0, name: b.tr("%s other clusters", thousands(len(rest))), value: v, fill: otherFill,
			stroke: "#555555", dash: "3,2", special: true,
			tip: b.tr("the %s clusters with the smallest output, summed", thousands(len(rest)))})
		for _, i := range rest {
			clusterNode[clusters[i]] = other
		}
		d.Notes = append(d.Notes, b.tr("the %d largest clusters are drawn; %s smaller ones are summed as \"other clusters\"", cshown, thousands(len(rest))))
	}
	// Channels: markets by the cluster volume they receive.
	mIn := map[int32]float64{}
	for c := range cf.out {
		for m, v := range cf.toMarket[c] {
			mIn[m] += v
		}
	}
	markets := sortedKeys(mIn)
	mvals := make([]float64, len(markets))
	for i, m := range markets {
		mvals[i] = mIn[m]
	}
	morder, mshown := topN(mvals, sankeyMaxRows-2)
	marketNode := map[int32]int{}
	var origins []map[int32]float64 // per drawn market node (in order of channelIDs)
	var channelIDs []int
	for _, i := range morder[:mshown] {
		m := markets[i]
		nd := nw.Nodes()[m]
		id := s.add(&sankeyNode{col: 1, name: nd.Name, id: nd.ID, value: mIn[m], fill: marketFill,
			tip: b.tr("market %s (%s): receives %s from the clusters", nd.Name, nd.ID, volume(mIn[m]))})
		marketNode[m] = id
		channelIDs = append(channelIDs, id)
		origins = append(origins, map[int32]float64{m: mIn[m]})
	}
	if rest := morder[mshown:]; len(rest) > 0 {
		v := 0.0
		in := map[int32]float64{}
		for _, i := range rest {
			v += mIn[markets[i]]
			in[markets[i]] = mIn[markets[i]]
		}
		id := s.add(&sankeyNode{col: 1, name: b.tr("%s other markets", thousands(len(rest))), value: v, fill: "#8a8a8a", special: true,
			tip: b.tr("the %s markets that receive least from the clusters, summed", thousands(len(rest)))})
		for _, i := range rest {
			marketNode[markets[i]] = id
		}
		channelIDs = append(channelIDs, id)
		origins = append(origins, in)
		d.Notes = append(d.Notes, b.tr("the %d markets that receive most are drawn; %s others are summed as \"other markets\"", mshown, thousands(len(rest))))
	}
	directV, firmsV := 0.0, 0.0
	for c := range cf.out {
		directV += sumOf(cf.toBuyer[c])
		firmsV += cf.toFirms[c]
	}
	direct, firms := -1, -1
	if directV > 0 {
		direct = s.add(&sankeyNode{col: 1, name: b.tr("direct orders (no market)"), value: directV, fill: "#ffffff", stroke: inkColour,
			dash: "3,2", special: true, tip: b.tr("firms' sales straight to buyers: %s", volume(directV))})
	}
	if firmsV > 0 {
		firms = s.add(&sankeyNode{col: 1, name: b.tr("to firms outside the cluster"), value: firmsV, fill: "#bdbdbd", special: true,
			tip: b.tr("sales and subcontracting to firms of other clusters or of none: %s; they do not reach a buyer as the cluster's output", volume(firmsV))})
	}
	// Destinations: what reaches each buyer, directly or through markets.
	passed, lost := passOn(a, origins)
	bIn := map[int32]float64{}
	for c := range cf.out {
		for v, x := range cf.toBuyer[c] {
			bIn[v] += x
		}
	}
	for _, p := range passed {
		for v, x := range p {
			bIn[v] += x
		}
	}
	buyers := sortedKeys(bIn)
	bvals := make([]float64, len(buyers))
	for i, v := range buyers {
		bvals[i] = bIn[v]
	}
	border, bshown := topN(bvals, sankeyMaxRows-1)
	buyerNode := map[int32]int{}
	for _, i := range border[:bshown] {
		v := buyers[i]
		nd := nw.Nodes()[v]
		buyerNode[v] = s.add(&sankeyNode{col: 2, name: nd.Name, id: nd.ID, value: bIn[v], fill: "#1f4e8c",
			tip: b.tr("buyer %s (%s): receives %s of the clusters' output, %s of it", nd.Name, nd.ID, volume(bIn[v]), pct(bIn[v]/total))})
	}
	if rest := border[bshown:]; len(rest) > 0 {
		v := 0.0
		for _, i := range rest {
			v += bIn[buyers[i]]
		}
		id := s.add(&sankeyNode{col: 2, name: b.tr("%s other buyers", thousands(len(rest))), value: v, fill: "#7f9cc4", special: true,
			tip: b.tr("the %s buyers that receive least, summed", thousands(len(rest)))})
		for _, i := range rest {
			buyerNode[buyers[i]] = id
		}
		d.Notes = append(d.Notes, b.tr("the %d buyers that receive most are drawn; %s others are summed as \"other buyers\"", bshown, thousands(len(rest))))
	}
	lostV := 0.0
	for _, x := range lost {
		lostV += x
	}
	sink := -1
	if lostV > total*1e-12 {
		sink = s.add(&sankeyNode{col: 2, name: b.tr("not passed on to buyers"), value: lostV, fill: "#bdbdbd", special: true,
			tip: b.tr("what the markets pass to firms or keep (no sales of their own, or only to each other): %s", volume(lostV))})
	}
	// Links, aggregated onto drawn nodes; the cluster → channel bands
	// carry the share of the cluster's output.
	type key struct{ from, to int }
	agg := map[key]float64{}
	var keys []key
	addAgg := func(from, to int, v float64) {
		if v <= 0 || from < 0 || to < 0 {
			return
		}
		k := key{from, to}
		if _, ok := agg[k]; !ok {
			keys = append(keys, k)
		}
		agg[k] += v
	}
	for c := range cf.out {
		if cf.out[c] <= 0 {
			continue
		}
		from := clusterNode[c]
		for _, m := range sortedKeys(cf.toMarket[c]) {
			addAgg(from, marketNode[m], cf.toMarket[c][m])
		}
		addAgg(from, direct, sumOf(cf.toBuyer[c]))
		addAgg(from, firms, cf.toFirms[c])
	}
	for k, p := range passed {
		for _, v := range sortedKeys(p) {
			addAgg(channelIDs[k], buyerNode[v], p[v])
		}
		addAgg(channelIDs[k], sink, lost[k])
	}
	directTo := map[int32]float64{}
	for c := range cf.out {
		for v, x := range cf.toBuyer[c] {
			directTo[v] += x
		}
	}
	for _, v := range sortedKeys(directTo) {
		addAgg(direct, buyerNode[v], directTo[v])
	}
	nodeOut := make([]float64, len(s.nodes))
	for _, k := range keys {
		nodeOut[k.from] += agg[k]
	}
	for _, k := range keys {
		v := agg[k]
		from, to := s.nodes[k.from], s.nodes[k.to]
		share := -1.0
		fill, op := "#8da0b6", "0.45"
		switch {
		case from.col == 0:
			share = v / from.value
			fill, op = from.fill, "0.5"
			if from.fill == otherFill {
				fill = "#9a9a9a"
			}
		case to.fill == "#bdbdbd":
			fill, op = "#b5b5b5", "0.55"
		case k.from == direct:
			fill, op = "#9cc3ea", "0.7"
		}
		tip := b.tr("%s → %s: %s", from.name, to.name, volume(v))
		if share >= 0 {
			tip += b.tr(" (%s of the cluster's output)", pct(share))
		}
		s.link(k.from, k.to, v, fill, op, tip, share)
	}
	return b.layoutSankey(fr, s, total, directV, firmsV, lostV, cf)
}

// layoutSankey places the nodes and writes the figure.
func (b *builder) layoutSankey(fr *frame, s *sankey, total, directV, firmsV, lostV float64, cf *clusterFlows) []byte {
	// Labels: names in at most two lines, a volume line below.
	labelW := [3]float64{}
	maxW := [3]float64{180, 170, 180}
	for col := 0; col < 3; col++ {
		var idx []int
		var ls []label
		var names, ids []string
		for i, n := range s.nodes {
			if n.col != col {
				continue
			}
			lines, _, cut := balanced(n.name, sankeyFont, maxW[col], 2+min(col, 1))
			idx = append(idx, i)
			ls = append(ls, label{lines: lines, cut: cut})
			names = append(names, n.name)
			ids = append(ids, n.id)
		}
		distinct(ls, names, ids, sankeyFont, maxW[col], 2+min(col, 1))
		for j, i := range idx {
			n := s.nodes[i]
			n.lines = ls[j].lines
			n.sub = b.tr("%s (%s)", volume(n.value), pct(n.value/total))
			labelW[col] = math.Max(labelW[col], math.Max(widest(sankeyFont, n.lines), subLabel.width(n.sub)))
			n.labelH = blockHeight(sankeyFont, len(n.lines)) + 2 + subLabel.size
		}
	}
	// Order: barycentres, a few sweeps; specials stay below.
	cols := [3][]int{}
	for i, n := range s.nodes {
		cols[n.col] = append(cols[n.col], i)
	}
	pos := make([]float64, len(s.nodes))
	setPos := func() {
		for c := range cols {
			for k, i := range cols[c] {
				pos[i] = float64(k) / float64(max(1, len(cols[c])-1))
			}
		}
	}
	setPos()
	sortCol := func(c int, by func(i int) (float64, bool)) {
		for _, i := range cols[c] {
			if v, ok := by(i); ok {
				s.nodes[i].order = v
			} else {
				s.nodes[i].order = pos[i]
			}
		}
		sort.SliceStable(cols[c], func(x, y int) bool {
			p, q := s.nodes[cols[c][x]], s.nodes[cols[c][y]]
			if p.special != q.special {
				return q.special
			}
			if p.special {
				return false
			}
			return p.order < q.order
		})
		setPos()
	}
	bary := func(i int, fromSide bool) (float64, bool) {
		sum, wt := 0.0, 0.0
		for _, l := range s.links {
			if fromSide && l.to == i {
				sum += pos[l.from] * l.v
				wt += l.v
			}
			if !fromSide && l.from == i {
				sum += pos[l.to] * l.v
				wt += l.v
			}
		}
		if wt == 0 {
			return 0, false
		}
		return sum / wt, true
	}
	for sweep := 0; sweep < 4; sweep++ {
		sortCol(1, func(i int) (float64, bool) { return bary(i, true) })
		sortCol(2, func(i int) (float64, bool) { return bary(i, true) })
		sortCol(1, func(i int) (float64, bool) { return bary(i, false) })
		sortCol(0, func(i int) (float64, bool) { return bary(i, false) })
	}
	sortCol(1, func(i int) (float64, bool) { return bary(i, true) })
	sortCol(2, func(i int) (float64, bool) { return bary(i, true) })
	// Scale: the largest k such that every column fits.
	const gap = 5.0
	top := headFont.size + 10
	fits := func(k float64) bool {
		for c := range cols {
			h := 0.0
			for _, i := range cols[c] {
				n := s.nodes[i]
				h += math.Max(k*n.value, n.labelH) + gap
			}
			if h-gap > sankeyColH {
				return false
			}
		}
		return true
	}
	lo, hi := 0.0, sankeyColH/total
	for it := 0; it < 50; it++ {
		mid := (lo + hi) / 2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	k := lo
	colBottom := 0.0
	for c := range cols {
		y := top
		for _, i := range cols[c] {
			n := s.nodes[i]
			n.h = math.Max(k*n.value, 1)
			slot := math.Max(n.h, n.labelH)
			n.y = y + (slot-n.h)/2
			y += slot + gap
		}
		colBottom = math.Max(colBottom, y-gap)
	}
	// Columns' x: labels left of the first column, right of the others.
	x := [3]float64{}
	x[0] = labelW[0] + 6
	x[1] = x[0] + sankeyBar + sankeyGap
	x[2] = x[1] + sankeyBar + math.Max(sankeyGap, labelW[1]+120)
	bodyW := x[2] + sankeyBar + 6 + labelW[2]
	bodyH := colBottom + 4
	// Bands: at each bar, ordered by the other end's position.
	for _, n := range s.nodes {
		n.in, n.out = 0, 0
	}
	sort.SliceStable(s.links, func(i, j int) bool {
		p, q := s.links[i], s.links[j]
		if p.from != q.from {
			return p.from < q.from
		}
		return s.nodes[p.to].y < s.nodes[q.to].y
	})
	type bandPos struct{ a0, a1, b0, b1 float64 }
	bp := make([]bandPos, len(s.links))
	for i, l := range s.links {
		from := s.nodes[l.from]
		t := k * l.v
		bp[i].a0 = from.y + from.out
		from.out += t
		bp[i].a1 = from.y + from.out
	}
	order := make([]int, len(s.links))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		p, q := s.links[order[i]], s.links[order[j]]
		if p.to != q.to {
			return p.to < q.to
		}
		return s.nodes[p.from].y < s.nodes[q.from].y
	})
	for _, i := range order {
		l := s.links[i]
		to := s.nodes[l.to]
		t := k * l.v
		bp[i].b0 = to.y + to.in
		to.in += t
		bp[i].b1 = to.y + to.in
	}
	fr.sub = []string{b.tr("Band widths are volumes: %s of output from %s, %s of it (%s) reaching buyers — %s directly, %s through markets.",
		volume(total), b.count(len(cf.out), "cluster"), volume(total-firmsV-lostV), pct((total-firmsV-lostV)/total),
		pct(directV/total), pct((total-firmsV-lostV-directV)/total))}
	fr.legend = []legendItem{
		{width: 28, height: 10, text: b.tr("output of a cluster (band colour: cluster)"), symbol: func(w *svgWriter, x, cy float64) {
			w.rect(x, cy-5, 28, 10, 0, "fill", palette[0], "fill-opacity", "0.5")
		}},
		houseless(marketFill, b.tr("specialized market")),
		{width: 12, height: 12, text: b.tr("direct orders (no market)"), symbol: func(w *svgWriter, x, cy float64) {
			w.rect(x, cy-6, 12, 12, 0, "fill", "#ffffff", "stroke", inkColour, "stroke-dasharray", "3,2")
		}},
		houseless("#1f4e8c", b.tr("multinational buyer")),
		houseless("#bdbdbd", b.tr("does not reach a buyer")),
	}
	fr.caption = []string{
		b.tr("Clusters' output is out(C), the volume of links from a cluster's firms to nodes outside it; a cluster's bands carry their share of its output where the band is at least %s pt wide (%s volume units).", num(sankeyBandMin), volume(sankeyBandMin/k)),
		b.tr("Markets pass on what they receive from the clusters in proportion to their sales to buyers, other markets and firms, as in buyer_reach (reach.csv): goods sold on through a second market are drawn from the market they entered. What the markets pass to firms, or keep, is drawn grey. Numbers after the names: volume and share of all clusters' output."),
	}
	return fr.render(bodyW, bodyH, func(w *svgWriter) {
		heads := []string{b.tr("Clusters"), b.tr("Channels"), b.tr("Destinations")}
		anchors := []string{"end", "start", "start"}
		hx := []float64{x[0] + sankeyBar, x[1], x[2]}
		w.group("headings", "")
		for c, h := range heads {
			w.text(hx[c], headFont.size, headFont, anchors[c], inkColour, "heading", h)
		}
		w.end()
		for i, l := range s.links {
			p := bp[i]
			from, to := s.nodes[l.from], s.nodes[l.to]
			w.group("edge", l.tip)
			w.path(band(x[from.col]+sankeyBar, p.a0, p.a1, x[to.col], p.b0, p.b1), "fill", l.fill, "fill-opacity", l.opacity)
			w.end()
		}
		for _, n := range s.nodes {
			w.group("node", n.tip)
			w.rect(x[n.col], n.y, sankeyBar, n.h, 0, "fill", n.fill, "stroke", n.stroke, "stroke-width", "0.8", "stroke-dasharray", n.dash)
			cy := n.y + n.h/2
			top := cy - n.labelH/2
			lx, anchor := x[n.col]+sankeyBar+5, "start"
			if n.col == 0 {
				lx, anchor = x[0]-5, "end"
			}
			for j, l := range n.lines {
				w.text(lx, top+0.78*sankeyFont.size+float64(j)*sankeyFont.lineHeight(), sankeyFont, anchor, inkColour, "side", l, halo...)
			}
			w.text(lx, top+blockHeight(sankeyFont, len(n.lines))+2+0.78*subLabel.size, subLabel, anchor, mutedText, "side", n.sub, halo...)
			w.end()
		}
		w.group("shares", "")
		for i, l := range s.links {
			if l.share < 0 || bp[i].a1-bp[i].a0 < sankeyBandMin {
				continue
			}
			cy := (bp[i].a0 + bp[i].a1) / 2
			w.text(x[0]+sankeyBar+3, cy+0.28*bandFont.size, bandFont, "start", inkColour, "share", pct(l.share))
		}
		w.end()
	})
}

// houseless is a legend entry with a plain bar.
func houseless(fill, text string) legendItem {
	return legendItem{width: 12, height: 12, text: text, symbol: func(w *svgWriter, x, cy float64) {
		w.rect(x, cy-6, 12, 12, 0, "fill", fill)
	}}
}
