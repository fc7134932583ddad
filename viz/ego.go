package viz

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"

	"clusterchain/network"
)

// The ego view: a node and everything within Options.Radius hops of it,
// laid out by Graphviz (dot, left to right) and framed by viz with a
// title, a legend and a caption. The centre's cluster is boxed, the
// centre's name is never cut, and at most egoCap nodes are drawn per hop
// — the ones with the most volume towards the centre — so that the page
// keeps its shape.

const egoCap = 36 // per hop and direction

// ego draws the nodes within Radius hops of the centre, either way.
func (b *builder) ego(centre int32) *Diagram {
	a := b.a
	nw := a.Network
	g := nw.G()
	// Breadth-first, hop by hop, keeping per hop the neighbours with the
	// most volume to or from the nodes already drawn.
	dist := map[int32]int{centre: 0}
	frontier := []int32{centre}
	folded := map[int]int{} // hop → neighbours not drawn
	for hop := 1; hop <= b.opt.Radius && len(frontier) > 0; hop++ {
		vol := map[int32]float64{}
		for _, v := range frontier {
			out, ow := g.Out(v)
			in, iw := g.In(v)
			for k, u := range out {
				if _, ok := dist[u]; !ok {
					vol[u] += ow[k]
				}
			}
			for k, u := range in {
				if _, ok := dist[u]; !ok {
					vol[u] += iw[k]
				}
			}
		}
		cand := sortedKeys(vol)
		sort.SliceStable(cand, func(i, j int) bool { return vol[cand[i]] > vol[cand[j]] })
		limit := egoCap * 2
		if len(cand) > limit {
			folded[hop] = len(cand) - limit
			cand = cand[:limit]
		}
		sort.Slice(cand, func(i, j int) bool { return cand[i] < cand[j] })
		frontier = frontier[:0]
		for _, u := range cand {
			dist[u] = hop
			frontier = append(frontier, u)
		}
	}
	nodes := make([]int32, 0, len(dist))
	maxSize := 0.0
	for v := range dist {
		nodes = append(nodes, v)
		maxSize = math.Max(maxSize, b.size(a.Nodes[v]))
	}
	sort.Slice(nodes, func(i, j int) bool { return nodes[i] < nodes[j] })
	nd := nw.Nodes()[centre]
	d := &Diagram{View: ViewEgo, Layout: "dot"}
	w := &dotWriter{}
	w.line(0, "digraph clusterchain {")
	w.line(1, `graph [label="", fontname=%q, bgcolor="white", pad=0.2, rankdir=LR, nodesep=0.18, ranksep=0.6%s];`, fontList,
		joinExtra(layoutLimits(len(nodes))))
	w.line(1, `node [label="", fontname=%q, fontsize=10, style=filled, fillcolor="#ffffff", penwidth=0.8];`, fontList)
	w.line(1, `edge [label="", fontname=%q, fontsize=9, color="#555555", arrowsize=0.6];`, fontList)
	kinds := edgeKinds(nw)
	maxVol := 0.0
	for _, u := range nodes {
		adj, wt := g.Out(u)
		for k, v := range adj {
			if _, ok := dist[v]; ok {
				maxVol = math.Max(maxVol, wt[k])
			}
		}
	}
	cc := int32(-1)
	if nd.Type == network.Firm {
		cc = nw.ClusterOf(centre)
	}
	// Labels, distinct: the centre's name is never cut (a node with the
	// same name shows its id instead, and so does the centre).
	ef := font{size: 9}
	labelOf := map[int32][]string{}
	{
		ls := make([]label, len(nodes))
		names := make([]string, len(nodes))
		ids := make([]string, len(nodes))
		ci := -1
		for k, v := range nodes {
			maxW, maxL := 150.0, 3
			if v == centre {
				maxW, maxL, ci = 220, 8, k
			}
			lines, _, cut := balanced(nw.Nodes()[v].Name, ef, maxW, maxL)
			ls[k] = label{lines: lines, cut: cut}
			names[k], ids[k] = nw.Nodes()[v].Name, nw.Nodes()[v].ID
		}
		full := ls[ci].lines
		distinct(ls, names, ids, ef, 150, 3)
		if ls[ci].key() != (label{lines: full}).key() {
			ls[ci].lines = append(append([]string{}, full...), cutStart(cleanText(ids[ci]), ef, 220))
		}
		for k, v := range nodes {
			labelOf[v] = ls[k].lines
		}
	}
	attrs := func(v int32) string {
		extra := ""
		if v == centre {
			extra = `, penwidth=3, color="#D55E00"`
		}
		return b.egoNodeAttrs(v, maxSize, labelOf[v], extra)
	}
	if cc >= 0 {
		fill, _ := clusterStyle(int(cc))
		w.line(1, "subgraph cluster_centre {")
		w.line(2, `label=%s; fontsize=11; style="rounded"; color=%q; penwidth=1.4;`,
			quote(b.tr("cluster %s", nw.Clusters()[cc].Name)), fill)
		for _, v := range nodes {
			if nw.Nodes()[v].Type == network.Firm && nw.ClusterOf(v) == cc {
				w.line(2, "n%d %s;", v, attrs(v))
			}
		}
		w.line(1, "}")
	}
	for _, v := range nodes {
		if cc >= 0 && nw.Nodes()[v].Type == network.Firm && nw.ClusterOf(v) == cc {
			continue
		}
		w.line(1, "n%d %s;", v, attrs(v))
	}
	for _, u := range nodes {
		adj, wt := g.Out(u)
		for k, v := range adj {
			if _, ok := dist[v]; ok {
				w.line(1, "n%d -> n%d [penwidth=%s, %s, tooltip=%s];", u, v, penWidth(wt[k], maxVol), edgeStyle(kinds[[2]int32{u, v}]),
					quote(b.tr("%s → %s: %s", cleanText(nw.Nodes()[u].Name), cleanText(nw.Nodes()[v].Name), volume(wt[k]))))
			}
		}
	}
	w.line(0, "}")
	d.DOT = []byte(w.String())

	title := b.tr("%s: %s (%s) and everything within %s", b.opt.Title, nd.Name, nd.ID, b.count(b.opt.Radius, "hop"))
	fr := &frame{view: ViewEgo, title: title}
	fr.sub = []string{b.tr("Goods flow left to right; %s drawn. The centre is outlined in orange.", b.count(len(nodes), "node"))}
	fr.legend = []legendItem{
		withText(swatch(palette[0], inkColour, "", 4), b.tr("firm (colour: cluster)")),
		withText(houseSymbol(), b.tr("specialized market")),
		withText(octagonSymbol(), b.tr("multinational buyer")),
		withText(lineSymbol("#333333", 2, "", "0.6"), b.tr("sale (width: volume)")),
		withText(lineSymbol("#333333", 1, "3,2", ""), b.tr("subcontracting")),
		withText(lineSymbol("#999999", 1, "", ""), b.tr("supply")),
	}
	if cc >= 0 {
		fill, _ := clusterStyle(int(cc))
		fr.legend = append(fr.legend, withText(swatch("none", fill, "", 4), b.tr("the centre's cluster")))
	}
	var capt []string
	for _, hop := range sortedIntKeys(folded) {
		note := b.tr("%s at %s not drawn: the %d with the most volume are", b.count(folded[hop], "node"), b.count(hop, "hop"), 2*egoCap)
		d.Notes = append(d.Notes, note)
		capt = append(capt, note+".")
	}
	capt = append(capt, b.tr("Node width: %s; every node's tooltip gives its name, id and figures.", b.opt.SizeBy))
	fr.caption = capt
	d.frame = fr
	return d
}

func sortedIntKeys(m map[int]int) []int {
	var ks []int
	for k := range m {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	return ks
}

// egoNodeAttrs writes a drawn node's attributes for Graphviz: shape and
// colour by type and cluster, width by the chosen figure and at least
// the label's measured width, the label's lines, tooltip.
func (b *builder) egoNodeAttrs(i int32, maxSize float64, lines []string, extra string) string {
	nd := b.a.Network.Nodes()[i]
	f := font{size: 9}
	w := 0.35
	if maxSize > 0 {
		w = 0.35 + 1.25*math.Sqrt(math.Max(0, b.size(b.a.Nodes[i]))/maxSize)
	}
	need := (widest(f, lines) + 16) / 72
	var style string
	switch nd.Type {
	case network.Market:
		need *= 1.15
		style = `shape=house, fillcolor="#3b3b3b", fontcolor="white"`
	case network.Buyer:
		need *= 1.2
		style = `shape=doubleoctagon, fillcolor="#ffffff", penwidth=1.6`
	default:
		if c := b.a.Network.ClusterOf(i); c >= 0 {
			fill, st := clusterStyle(int(c))
			style = fmt.Sprintf(`shape=box, style=%q, fillcolor=%q, fontcolor=%q`, st+",rounded", fill, textOn(fill))
		} else {
			style = `shape=box, style="filled,rounded", fillcolor="#c8c8c8"`
		}
	}
	w = math.Max(w, need)
	h := (blockHeight(f, len(lines)) + 12) / 72
	if nd.Type != network.Firm {
		h *= 1.3
	}
	return fmt.Sprintf(`[label=%s, tooltip=%s, width=%s, height=%s, fontsize=%g, %s%s]`,
		labelLines(lines...), quote(b.firmTip(i)), inches(w), inches(math.Max(h, 0.3)), f.size, style, extra)
}

var gvSize = regexp.MustCompile(`<svg[^>]*\swidth="([0-9.]+)pt"[^>]*\sheight="([0-9.]+)pt"`)
var gvOpen = regexp.MustCompile(`(?s)^.*?<svg[^>]*>`)

// aroundGraphviz puts Graphviz's drawing inside the frame, scaled down
// (never up, never stretched) to fit an A3 page.
func (fr *frame) aroundGraphviz(svg []byte) ([]byte, error) {
	m := gvSize.FindSubmatch(svg)
	if m == nil {
		return nil, fmt.Errorf("the SVG from Graphviz has no size")
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	open := gvOpen.Find(svg)
	end := bytes.LastIndex(svg, []byte("</svg>"))
	if open == nil || end < len(open) {
		return nil, fmt.Errorf("the SVG from Graphviz cannot be read")
	}
	inner := svg[len(open):end]
	scale := math.Min(1, math.Min((pageLong-2*margin)/w, (pageShort-200)/h))
	if h > w { // portrait
		scale = math.Min(1, math.Min((pageShort-2*margin)/w, (pageLong-200)/h))
	}
	return fr.render(w*scale, h*scale, func(sw *svgWriter) {
		sw.raw(`<g class="graphviz" transform="scale(`, strconv.FormatFloat(scale, 'f', 4, 64), `)">`, "\n")
		sw.b.Write(inner)
		sw.raw("</g>\n")
	}), nil
}
