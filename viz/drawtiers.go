package viz

import (
	"math"
	"sort"

	"clusterchain/network"
)

// tiers.svg, drawn by viz: small multiples, one panel per cluster, in a
// page-shaped grid. In a panel every row is a tier — the leads on top,
// their direct subcontractors below, and so on — and a line joins a
// subcontractor to each firm it works for. Pooling rings are boxed. A
// tier longer than the panel is wide wraps onto more lines. With
// Options.Cluster one cluster is drawn alone, at full size.

const (
	tiersBodyW = 1150.0
	tiersBodyH = 640.0
	panelGap   = 12.0
)

var (
	tierFont   = font{size: 6.5}
	panelFont  = font{size: 8.5, bold: true}
	panelSub   = font{size: 7}
	tierAxFont = font{size: 6.5}
)

type tmode struct {
	labels       bool
	cellW, cellH float64
	maxCols      int
	font         float64 // label size, 0 for the default
}

func (m tmode) labelFont() font {
	if m.font > 0 {
		return font{size: m.font}
	}
	return tierFont
}

type tpanel struct {
	cluster int32 // −1: firms in no cluster
	name    string
	sub     string
	fill    string
	dash    string
	firms   []int32
	total   int       // firms in chains, drawn or not
	rows    [][]int32 // per tier, ordered
	tiers   []int32   // the tier of each row
	// laid out:
	x, y, w, h float64
	headerH    float64
	oneLine    bool
	nameW      float64 // measured once
	subW       float64
	lines      []placedRow
	pos        map[int32]pt2
	tip        string
}

// placedRow is one line of nodes in a panel.
type placedRow struct {
	tier  int32
	first bool // the first line of its tier
	y     float64
	nodes []int32
}

func (b *builder) drawTiers(d *Diagram, only int32) []byte {
	a := b.a
	nw := a.Network
	s := nw.S()
	// Panels: the clusters whose firms subcontract, largest first.
	byCluster := map[int32][]int32{}
	total := 0
	deepest := int32(0)
	for i, f := range a.Nodes {
		if f.Tier < 0 {
			continue
		}
		c := nw.ClusterOf(int32(i))
		if only >= 0 && c != only {
			continue
		}
		byCluster[c] = append(byCluster[c], int32(i))
		total++
		deepest = max(deepest, f.Tier)
	}
	title := b.tr("%s: subcontracting chains", b.opt.Title)
	if only >= 0 {
		title = b.tr("%s: subcontracting chains of %s", b.opt.Title, nw.Clusters()[only].Name)
	}
	fr := &frame{view: ViewTiers, title: title}
	if total == 0 {
		fr.sub = []string{b.tr("No firm subcontracts for another in this dataset.")}
		if only >= 0 {
			fr.sub = []string{b.tr("No firm of this cluster subcontracts for another.")}
		}
		return fr.render(300, 30, func(w *svgWriter) {})
	}
	ringOf := map[int32]int{}
	for k, ring := range a.Rings {
		for _, v := range ring {
			ringOf[v] = k
		}
	}
	var panels []*tpanel
	var keys []int32
	for c := range byCluster {
		keys = append(keys, c)
	}
	sort.Slice(keys, func(i, j int) bool {
		p, q := len(byCluster[keys[i]]), len(byCluster[keys[j]])
		if (keys[i] < 0) != (keys[j] < 0) {
			return keys[j] < 0
		}
		if p != q {
			return p > q
		}
		return keys[i] < keys[j]
	})
	perPanel := 120
	if only >= 0 {
		perPanel = 800
	}
	cut := 0
	for _, c := range keys {
		all := byCluster[c]
		kept := b.chains(all, s, perPanel)
		cut += len(all) - len(kept)
		p := &tpanel{cluster: c, firms: kept, total: len(all), fill: noClusterFill, name: b.tr("firms in no cluster")}
		if c >= 0 {
			p.name = nw.Clusters()[c].Name
			p.fill, p.dash = clusterColour(int(c))
		}
		rings := map[int]bool{}
		deep := int32(0)
		for _, v := range p.firms {
			if k, ok := ringOf[v]; ok {
				rings[k] = true
			}
			deep = max(deep, a.Nodes[v].Depth)
		}
		p.sub = b.tr("%s, %s deep", b.count(p.total, "firm"), b.count(int(deep), "tier"))
		if p.total > len(p.firms) {
			p.sub = b.tr("%s (%s drawn), %s deep", b.count(p.total, "firm"), thousands(len(p.firms)), b.count(int(deep), "tier"))
		}
		if len(rings) > 0 {
			p.sub += b.tr(", %s", b.count(len(rings), "pooling ring"))
		}
		p.tip = b.tr("%s: %s in subcontracting chains, the longest chain %s, %s", p.name, b.count(p.total, "firm"),
			b.count(int(deep), "tier"), b.count(len(rings), "pooling ring"))
		b.orderPanel(p, s, ringOf)
		panels = append(panels, p)
	}

	// Modes, from the most readable: labelled boxes, then dots; each tried
	// on a landscape and narrower pages, keeping the most page-like fit.
	var modes []tmode
	if only >= 0 {
		for _, c := range []int{10, 8, 6, 5} {
			modes = append(modes, tmode{true, 108, 42, c, 8.5})
		}
		for _, c := range []int{14, 12, 10, 8, 6} {
			modes = append(modes, tmode{true, 80, 33, c, 7})
		}
	}
	for _, cw := range [][2]float64{{70, 31}, {62, 29}, {56, 27}} {
		for _, c := range []int{8, 6, 5, 4, 3} {
			modes = append(modes, tmode{true, cw[0], cw[1], c, 0})
		}
	}
	for _, c := range []float64{14, 11, 9, 7, 5.5} {
		for _, cols := range []int{24, 16, 12, 8, 6} {
			modes = append(modes, tmode{false, c, c, cols, 0})
		}
	}
	type page struct{ w, h float64 }
	pages := []page{{tiersBodyW, tiersBodyH}, {1000, tiersBodyH}, {850, tiersBodyH}, {800, 1000}, {680, 1000}, {560, 1000}}
	var chosen tmode
	var chosenW float64
	try := func(k int) bool {
		for _, m := range modes {
			for _, p := range panels[:k] {
				b.sizePanel(p, m)
			}
			best, bestD := -1.0, math.Inf(1)
			for _, pg := range pages {
				w, h, ok := shelf(panels[:k], pg.w, pg.h)
				if !ok {
					continue
				}
				// Closest to an A-series page, either way up.
				r := (w + 2*margin) / (h + 150)
				d := math.Min(math.Abs(math.Log(r/math.Sqrt2)), math.Abs(math.Log(r*math.Sqrt2)))
				if d < bestD-1e-9 {
					best, bestD = pg.w, d
				}
			}
			if best > 0 {
				chosen, chosenW = m, best
				return true
			}
		}
		return false
	}
	// The most panels that fit (fewer panels always fit if more do).
	shown := len(panels)
	if !try(shown) {
		lo, hi := 1, shown // try(lo) is assumed, try(hi) fails
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if try(mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		shown = lo
		chosenW = 0
		try(shown)
	}
	if chosenW == 0 { // one panel too large for any mode: drawn as small as it goes
		chosen, chosenW = modes[len(modes)-1], tiersBodyW
	}
	for _, p := range panels[:shown] {
		b.sizePanel(p, chosen)
		placePanel(p, chosen)
	}
	usedW, usedH, _ := shelf(panels[:shown], chosenW, math.Inf(1))
	if cut > 0 {
		d.Notes = append(d.Notes, b.tr("a panel draws at most %s firms, whole chains from the deepest leads down: %s firms are left out", thousands(perPanel), thousands(cut)))
	}
	if shown < len(panels) {
		d.Notes = append(d.Notes, b.tr("the %d clusters with the most subcontracting firms are drawn, %d others are not; render --view tiers --cluster ID draws any one", shown, len(panels)-shown))
	}
	// Labels, distinct within the figure.
	labelOf := map[int32][]string{}
	if chosen.labels {
		var ls []label
		var names, ids []string
		var idx []int32
		for _, p := range panels[:shown] {
			for _, v := range p.firms {
				lines, _, cut := balanced(nw.Nodes()[v].Name, chosen.labelFont(), chosen.cellW-8, 3)
				ls = append(ls, label{lines: lines, cut: cut})
				names = append(names, nw.Nodes()[v].Name)
				ids = append(ids, nw.Nodes()[v].ID)
				idx = append(idx, v)
			}
		}
		distinct(ls, names, ids, chosen.labelFont(), chosen.cellW-8, 3)
		for k, v := range idx {
			labelOf[v] = ls[k].lines
		}
	}
	how := b.tr("One panel per cluster: leads (tier 0) on top, each row one subcontracting step further down; a line joins a subcontractor to the firm it works for.")
	if only >= 0 {
		how = b.tr("Leads (tier 0) on top, each row one subcontracting step further down; a line joins a subcontractor to the firm it works for.")
	}
	fr.sub = []string{b.tr("%s in subcontracting chains, the longest %s; %s.", b.count(total, "firm"), b.count(int(deepestDepth(a, only)), "tier"),
		b.count(countRings(a, nw, only), "pooling ring")) + " " + how}
	fr.legend = []legendItem{
		withText(swatch(palette[0], "#00000055", "", 2), b.tr("firm (colour: cluster)")),
		withText(lineSymbol("#555555", 0.8, "", "0.8"), b.tr("subcontracting: the lower firm works for the upper")),
		withText(swatch("none", "#D55E00", "3,2", 3), b.tr("pooling ring: firms that subcontract to each other")),
	}
	fr.legend = append(fr.legend, b.paletteNote(nw)...)
	var capt []string
	if !chosen.labels {
		capt = append(capt, b.tr("There is no room for firm names at this size: each square's tooltip gives the firm's name, id, tier and depth; render --view tiers --cluster ID draws one cluster with names."))
	}
	if shown < len(panels) {
		capt = append(capt, b.tr("Drawn: the %d of %d clusters with the most subcontracting firms.", shown, len(panels)))
	}
	fr.caption = capt
	return fr.render(usedW, usedH, func(w *svgWriter) {
		for _, p := range panels[:shown] {
			b.drawPanel(w, p, chosen, labelOf, s, ringOf)
		}
	})
}

func deepestDepth(a *network.Analysis, only int32) int32 {
	d := int32(0)
	for i, f := range a.Nodes {
		if f.Tier >= 0 && (only < 0 || a.Network.ClusterOf(int32(i)) == only) {
			d = max(d, f.Depth)
		}
	}
	return d
}

func countRings(a *network.Analysis, nw *network.Network, only int32) int {
	n := 0
	for _, ring := range a.Rings {
		for _, v := range ring {
			if only < 0 || nw.ClusterOf(v) == only {
				n++
				break
			}
		}
	}
	return n
}

// orderPanel puts the panel's firms in rows by tier, ordered to keep
// lines short: each tier by the mean position of the firms it works for,
// ring members together.
func (b *builder) orderPanel(p *tpanel, s *network.Graph, ringOf map[int32]int) {
	a := b.a
	byTier := map[int32][]int32{}
	var tiers []int32
	for _, v := range p.firms {
		t := a.Nodes[v].Tier
		if _, ok := byTier[t]; !ok {
			tiers = append(tiers, t)
		}
		byTier[t] = append(byTier[t], v)
	}
	sort.Slice(tiers, func(i, j int) bool { return tiers[i] < tiers[j] })
	pos := map[int32]float64{}
	in := map[int32]bool{}
	for _, v := range p.firms {
		in[v] = true
	}
	for _, t := range tiers {
		row := byTier[t]
		key := map[int32]float64{}
		for k, v := range row {
			contractors, _ := s.Out(v)
			sum, n := 0.0, 0.0
			for _, c := range contractors {
				if p, ok := pos[c]; ok {
					sum += p
					n++
				}
			}
			if n > 0 {
				key[v] = sum / n
			} else {
				key[v] = 1e9 + float64(k) // the leads: by size below
			}
		}
		if t == tiers[0] {
			sort.SliceStable(row, func(i, j int) bool {
				return a.Nodes[row[i]].Depth > a.Nodes[row[j]].Depth
			})
			for k, v := range row {
				key[v] = float64(k)
			}
		}
		// Rings move as one: the mean of their members.
		ringKey := map[int]float64{}
		ringN := map[int]float64{}
		for _, v := range row {
			if r, ok := ringOf[v]; ok {
				ringKey[r] += key[v]
				ringN[r]++
			}
		}
		for _, v := range row {
			if r, ok := ringOf[v]; ok {
				key[v] = ringKey[r]/ringN[r] + 1e-6*float64(r)
			}
		}
		sort.SliceStable(row, func(i, j int) bool { return key[row[i]] < key[row[j]] })
		for k, v := range row {
			pos[v] = float64(k) / float64(max(1, len(row)))
		}
		p.rows = append(p.rows, row)
		p.tiers = append(p.tiers, t)
	}
}

// sizePanel lays the panel's rows out in a mode.
func (b *builder) sizePanel(p *tpanel, m tmode) {
	axisW := tierAxFont.width("00") + 6
	cols := 0
	p.lines = p.lines[:0]
	if p.nameW == 0 {
		p.nameW, p.subW = panelFont.width(cleanText(p.name)), panelSub.width(p.sub)
	}
	nameW := p.nameW
	p.headerH = panelFont.lineHeight() + panelSub.lineHeight() + 6
	y := p.headerH
	// Between tiers a gap of at least 0.15 rows, and enough that the
	// next tier's axis label clears this one's (drawPanel leaves out a
	// label that would touch the one above: a one-row tier under small
	// cells would otherwise lose its number).
	labelStep := tierAxFont.size + 1
	for k, row := range p.rows {
		start := y
		for i := 0; i < len(row); i += m.maxCols {
			end := min(len(row), i+m.maxCols)
			p.lines = append(p.lines, placedRow{tier: p.tiers[k], first: i == 0, y: y, nodes: row[i:end]})
			cols = max(cols, end-i)
			y += m.cellH
		}
		y = math.Max(y+m.cellH*0.15, start+labelStep)
	}
	p.w = math.Max(8+axisW+float64(cols)*m.cellW, math.Min(nameW, 220)+12)
	p.w = math.Max(p.w, p.subW+12)
	// Name and figures on one line when they fit.
	if p.oneLine = nameW+8+p.subW+12 <= p.w; p.oneLine {
		y -= panelSub.lineHeight()
		p.headerH -= panelSub.lineHeight()
		for i := range p.lines {
			p.lines[i].y -= panelSub.lineHeight()
		}
	}
	p.h = y + 2
}

// placePanel sets the positions of the nodes of a sized panel.
func placePanel(p *tpanel, m tmode) {
	axisW := tierAxFont.width("00") + 6
	p.pos = make(map[int32]pt2, len(p.firms))
	for _, l := range p.lines {
		for i, v := range l.nodes {
			p.pos[v] = pt2{4 + axisW + (float64(i)+0.5)*m.cellW, l.y + m.cellH/2}
		}
	}
}

// shelf packs panels in rows no wider than maxW; it returns the size
// used and whether it fits maxH.
func shelf(ps []*tpanel, maxW, maxH float64) (float64, float64, bool) {
	x, y, rowH, usedW := 0.0, 0.0, 0.0, 0.0
	for _, p := range ps {
		if x > 0 && x+p.w > maxW {
			y += rowH + panelGap
			x, rowH = 0, 0
		}
		if p.w > maxW {
			return 0, 0, false
		}
		p.x, p.y = x, y
		x += p.w + panelGap
		rowH = math.Max(rowH, p.h)
		usedW = math.Max(usedW, x-panelGap)
	}
	h := y + rowH
	return usedW, h, h <= maxH
}

// drawPanel draws one cluster's panel.
func (b *builder) drawPanel(w *svgWriter, p *tpanel, m tmode, labelOf map[int32][]string, s *network.Graph, ringOf map[int32]int) {
	a := b.a
	nw := a.Network
	at := func(v int32) pt2 { q := p.pos[v]; return pt2{p.x + q.x, p.y + q.y} }
	w.group("cluster", p.tip)
	w.rect(p.x, p.y, p.w, p.h, 4, "fill", p.fill, "fill-opacity", "0.08", "stroke", p.fill, "stroke-width", "1.3", "stroke-dasharray", p.dash)
	name := cutEnd(cleanText(p.name), panelFont, p.w-12)
	w.text(p.x+6, p.y+4+0.78*panelFont.size, panelFont, "start", inkColour, "box", name)
	if p.oneLine {
		w.text(p.x+6+panelFont.width(name)+8, p.y+4+0.78*panelFont.size, panelSub, "start", mutedText, "box", p.sub)
	} else {
		w.text(p.x+6, p.y+4+panelFont.lineHeight()+0.78*panelSub.size, panelSub, "start", mutedText, "box", p.sub)
	}
	lastY := math.Inf(-1)
	for _, l := range p.lines {
		y := p.y + l.y + m.cellH/2 + 0.3*tierAxFont.size
		if l.first && y >= lastY+tierAxFont.size+0.5 {
			w.text(p.x+4, y, tierAxFont, "start", mutedText, "axis", itoa(int(l.tier)))
			lastY = y
		}
	}
	w.end()
	// Rings: a box around the members of each ring on each line.
	w.group("rings", "")
	for _, l := range p.lines {
		i := 0
		for i < len(l.nodes) {
			r, ok := ringOf[l.nodes[i]]
			if !ok {
				i++
				continue
			}
			j := i
			for j+1 < len(l.nodes) {
				if r2, ok := ringOf[l.nodes[j+1]]; !ok || r2 != r {
					break
				}
				j++
			}
			x0, x1 := at(l.nodes[i]).x-m.cellW/2+1, at(l.nodes[j]).x+m.cellW/2-1
			y0 := p.y + l.y + 1
			ring := a.Rings[r]
			w.group("ring", b.tr("pooling ring %s: %s", nw.Nodes()[ring[0]].ID, b.count(len(ring), "firm")))
			w.rect(x0, y0, x1-x0, m.cellH-2, 3, "fill", "none", "stroke", "#D55E00", "stroke-width", "1.1", "stroke-dasharray", "3,2")
			w.end()
			i = j + 1
		}
	}
	w.end()
	// Subcontracting lines, under the nodes.
	half := m.cellH/2 - 2.5
	if m.labels {
		half = m.cellH/2 - 3
	}
	w.group("edges", "")
	drawLines := m.labels || len(p.firms) <= 400
	for _, line := range p.lines {
		if !drawLines {
			break
		}
		for _, u := range line.nodes {
			contractors, _ := s.Out(u)
			for _, v := range contractors {
				q, ok := p.pos[v]
				if !ok {
					continue
				}
				_ = q
				pu, pv := at(u), at(v)
				if ringOf[u] == ringOf[v] && a.Nodes[u].Ring >= 0 && a.Nodes[u].Ring == a.Nodes[v].Ring {
					continue // inside a ring: the ring box says it
				}
				var pb pathBuilder
				switch {
				case pv.y < pu.y-1:
					y0, y1 := pu.y-half, pv.y+half
					my := (y0 + y1) / 2
					pb.M(pu.x, y0).C(pu.x, my, pv.x, my, pv.x, y1)
				case pv.y > pu.y+1:
					y0, y1 := pu.y+half, pv.y-half
					my := (y0 + y1) / 2
					pb.M(pu.x, y0).C(pu.x, my, pv.x, my, pv.x, y1)
				default:
					y0 := pu.y + half
					pb.M(pu.x, y0).C(pu.x, y0+m.cellH*0.3, pv.x, y0+m.cellH*0.3, pv.x, y0)
				}
				w.raw(`<g class="edge">`)
				w.path(pb.String(), "fill", "none", "stroke", "#555555", "stroke-opacity", "0.7", "stroke-width", num(math.Max(0.7, m.cellH/45)))
				w.raw("</g>")
			}
		}
	}
	w.end()
	for _, line := range p.lines {
		for _, v := range line.nodes {
			c := at(v)
			fill := p.fill
			if cl := nw.ClusterOf(v); cl >= 0 {
				fill, _ = clusterColour(int(cl))
			}
			w.group("node", b.firmTip(v))
			if m.labels {
				bw, bh := m.cellW-4, m.cellH-5
				w.rect(c.x-bw/2, c.y-bh/2, bw, bh, 3, "fill", fill, "stroke", "#00000055", "stroke-width", "0.6")
				ls := labelOf[v]
				lf := m.labelFont()
				for i, l := range ls {
					w.text(c.x, baseline(c.y, lf, len(ls), i), lf, "middle", textOn(fill), "label", l)
				}
			} else {
				r := m.cellW/2 - 1.2
				w.rect(c.x-r, c.y-r, 2*r, 2*r, 1, "fill", fill, "stroke", "#00000055", "stroke-width", "0.5")
			}
			w.end()
		}
	}
}

// chains keeps at most limit of the firms: the chains of the deepest
// leads first, breadth-first down from each lead, so that what is drawn
// is whole chains.
func (b *builder) chains(firms []int32, s *network.Graph, limit int) []int32 {
	if len(firms) <= limit {
		return firms
	}
	a := b.a
	in := map[int32]bool{}
	for _, v := range firms {
		in[v] = true
	}
	var leads []int32
	for _, v := range firms {
		if a.Nodes[v].Tier == 0 {
			leads = append(leads, v)
		}
	}
	sort.SliceStable(leads, func(i, j int) bool { return a.Nodes[leads[i]].Depth > a.Nodes[leads[j]].Depth })
	keep := map[int32]bool{}
	var out []int32
	for _, l := range leads {
		if len(out) >= limit {
			break
		}
		if keep[l] {
			continue
		}
		queue := []int32{l}
		keep[l] = true
		out = append(out, l)
		for len(queue) > 0 && len(out) < limit {
			v := queue[0]
			queue = queue[1:]
			subs, _ := s.In(v)
			for _, u := range subs {
				if in[u] && !keep[u] && len(out) < limit {
					keep[u] = true
					out = append(out, u)
					queue = append(queue, u)
				}
			}
		}
	}
	// Keep the input order.
	res := out[:0:0]
	for _, v := range firms {
		if keep[v] {
			res = append(res, v)
		}
	}
	return res
}
