package report

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"

	"clusterchain/network"
)

// "Position in the chain" (SPEC §5): where the firms of each cluster, the
// markets and the buyers sit between the rawest suppliers and the final
// buyers (trophic levels), and the figures of the whole network, each
// with what it means for an analyst.

// positionSection is the section's content.
type positionSection struct {
	Note      string
	Chart     template.HTML
	ChartNote string
	Figures   []netFigure
}

// netFigure is one figure of the whole network: its name, its key in
// report.json's "network", its value and one line of interpretation.
type netFigure struct{ Name, Key, Value, Meaning string }

// maxLevelRows is the most clusters the trophic chart draws.
const maxLevelRows = 40

// typeColour is the colour of a node type in the page's charts.
var typeColour = map[network.NodeType]string{network.Firm: "#1f5fa8", network.Market: "#E69F00", network.Buyer: "#009E73"}

func (p *page) positionSection(r *Run) *positionSection {
	a, l := r.Analysis, p.l
	if len(a.Nodes) == 0 {
		return nil
	}
	s := &positionSection{
		Note: l.T("The trophic level places every node between the rawest suppliers and the final buyers: a node that only delivers sits at 0, and each tie goes about one level up, so a firm at level 2 is about two steps of processing or trade above the rawest suppliers. It is defined on any network, pooling rings and market cycles included (MacKay, Johnson and Sansom's improved trophic levels, see Methods), and each connected part of the network starts at 0."),
	}
	s.Chart, s.ChartNote = p.levelChart(r)
	s.Figures = p.netFigures(r)
	return s
}

// levelRow is one row of the trophic chart.
type levelRow struct {
	label, tip string
	colour     string
	st         LevelStats
}

// levelsByType is the trophic summary of each node type, labelled in the
// page's language.
func (p *page) levelsByType(a *network.Analysis) []levelRow {
	by := map[network.NodeType][]int{}
	for i, nd := range a.Network.Nodes() {
		by[nd.Type] = append(by[nd.Type], i)
	}
	var out []levelRow
	for _, t := range []network.NodeType{network.Firm, network.Market, network.Buyer} {
		if len(by[t]) > 0 {
			st := levelStats(a, "", t.String()+"s", by[t])
			lab := p.l.T("all %s", p.l.Count(len(by[t]), t.String()))
			out = append(out, levelRow{label: lab, tip: lab, colour: typeColour[t], st: st})
		}
	}
	return out
}

// levelChart draws, for each node type and each cluster's firms, the
// range of trophic levels (min to max) with the mean marked, on one axis,
// the numbers in a column on the right.
func (p *page) levelChart(r *Run) (template.HTML, string) {
	a, l := r.Analysis, p.l
	types := p.levelsByType(a)
	clusters := TrophicByCluster(a)
	note := l.T("Each bar runs from the lowest to the highest trophic level of a group, the dot is its mean; the numbers are the mean and, in brackets, the range. A cluster whose firms sit low supplies parts or processing to others; one that sits high sells finished goods close to the buyers; a long bar means the cluster spans several stages of the chain. Clusters from the most upstream down.")
	if len(clusters) > maxLevelRows {
		nw := a.Network
		firms := map[string]int{}
		for c, cl := range nw.Clusters() {
			firms[cl.ID] = a.Clusters[c].Firms
		}
		sort.SliceStable(clusters, func(i, j int) bool { return firms[clusters[i].ID] > firms[clusters[j].ID] })
		clusters = clusters[:maxLevelRows]
		note = l.Join(note, l.T("The %d clusters with the most firms are drawn; nodes.csv has every node's trophic_level.", maxLevelRows))
	}
	sort.SliceStable(clusters, func(i, j int) bool { return clusters[i].Mean < clusters[j].Mean })
	var rows []levelRow
	rows = append(rows, types...)
	for _, c := range clusters {
		rows = append(rows, levelRow{label: cutLabel(c.Label, 34), tip: c.Label, colour: typeColour[network.Firm], st: c})
	}
	if len(rows) == 0 {
		return "", ""
	}
	const (
		font  = 11.0
		rowH  = 17.0
		plotW = 420.0
		top   = 34.0
		gapH  = 22.0 // between the types and the clusters
	)
	hi := 0.0
	for _, row := range rows {
		if !math.IsNaN(row.st.Max) {
			hi = max(hi, row.st.Max)
		}
	}
	axisMax := math.Max(1, math.Ceil(hi))
	step := math.Max(1, math.Ceil(axisMax/8))
	axisMax = step * math.Ceil(axisMax/step)
	labelW, valueW := 0.0, 0.0
	values := make([]string, len(rows))
	for k, row := range rows {
		labelW = max(labelW, textWidth(row.label, font))
		values[k] = fmt.Sprintf("%.2f (%.2f–%.2f)", row.st.Mean, row.st.Min, row.st.Max)
		valueW = max(valueW, textWidth(values[k], font))
	}
	labelW = math.Ceil(labelW) + 12
	x0 := labelW
	X := func(h float64) float64 { return x0 + h/axisMax*plotW }
	valueX := x0 + plotW + 14
	width := math.Ceil(valueX + valueW + 8)
	y := func(k int) float64 {
		yy := top + float64(k)*rowH
		if k >= len(types) && len(clusters) > 0 && len(types) > 0 {
			yy += gapH
		}
		return yy
	}
	bottom := y(len(rows)-1) + rowH
	height := bottom + 34
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" class="chart levels" role="img" font-size="%g">`, f1(width), f1(height), font)
	fmt.Fprintf(&b, `<title>%s</title>`, esc(l.T("Trophic levels by node type and by cluster")))
	fmt.Fprintf(&b, `<text x="%s" y="14" font-weight="bold">%s</text>`, f1(x0), esc(l.T("trophic level (0 = rawest supplier)")))
	fmt.Fprintf(&b, `<text x="%s" y="14" font-weight="bold">%s</text>`, f1(valueX), esc(l.T("mean (range)")))
	for t := 0.0; t <= axisMax+1e-9; t += step {
		x := X(t)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e3e3e3"/>`, f1(x), f1(top-8), f1(x), f1(bottom))
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="9" fill="#666" text-anchor="middle">%s</text>`, f1(x), f1(bottom+12), esc(fmt.Sprintf("%g", t)))
	}
	if len(types) > 0 && len(clusters) > 0 {
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="10" fill="#555" font-style="italic">%s</text>`, f1(4), f1(y(len(types))-7), esc(l.T("the firms of each cluster")))
	}
	for k, row := range rows {
		yy := y(k)
		ym := yy + rowH/2 - 2
		st := row.st
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end">%s<title>%s</title></text>`, f1(labelW-8), f1(ym+4), esc(row.label), esc(row.tip))
		values := esc(values[k])
		tip := esc(l.T("%s: mean %.3f, min %.3f, max %.3f over %s", row.tip, st.Mean, st.Min, st.Max, l.Count(st.Nodes, "node")))
		fmt.Fprintf(&b, `<path d="M%s %sH%s" stroke="%s" stroke-width="3" stroke-opacity="0.45" stroke-linecap="round"><title>%s</title></path>`,
			f1(X(st.Min)), f1(ym), f1(X(st.Max)), row.colour, tip)
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3.6" fill="%s"><title>%s</title></circle>`, f1(X(st.Mean)), f1(ym), row.colour, tip)
		fmt.Fprintf(&b, `<text x="%s" y="%s" fill="#333">%s</text>`, f1(valueX), f1(ym+4), values)
	}
	fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="#444">%s</text>`, f1(x0+plotW/2), f1(height-6), esc(l.T("trophic level")))
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), note
}

// netFigures are the figures of report.json's "network", each with one
// line of interpretation.
func (p *page) netFigures(r *Run) []netFigure {
	a, l := r.Analysis, p.l
	st := a.Structure
	undefined := l.T("not defined for this network (it has no ties)")
	f2 := func(x float64) string {
		if math.IsNaN(x) {
			return "–"
		}
		return fmt.Sprintf("%.2f", x)
	}
	var out []netFigure

	f0 := netFigure{Name: l.T("trophic incoherence F₀"), Key: "trophic_incoherence", Value: f2(st.TrophicIncoherence), Meaning: undefined}
	if w := incoherenceWhat(l, st.TrophicIncoherence); w != "" {
		f0.Meaning = l.T("0 for a perfect chain, about 1 for pure cycles: %s.", w)
	}
	out = append(out, f0)

	fh := netFigure{Name: l.T("flow hierarchy"), Key: "flow_hierarchy", Value: pct(st.FlowHierarchy), Meaning: undefined}
	switch {
	case math.IsNaN(st.FlowHierarchy):
	case st.FlowHierarchy == 1:
		fh.Meaning = l.T("No tie lies on a cycle: goods only ever flow one way, from suppliers towards buyers.")
	default:
		fh.Meaning = l.T("The share of ties on no cycle: goods flow one way along them. The other %s lie on cycles — pooling rings, firms that trade both ways, markets that supply each other.", pct(1-st.FlowHierarchy))
	}
	out = append(out, fh)

	rc := netFigure{Name: l.T("reciprocity"), Key: "reciprocity", Value: pct(st.Reciprocity), Meaning: undefined}
	if !math.IsNaN(st.Reciprocity) {
		rc.Meaning = l.T("The share of ties that are returned (a delivers to b and b to a): firms that subcontract to each other or trade both ways. A supply chain is near 0; pooling rings raise it.")
	}
	out = append(out, rc)

	as := netFigure{Name: l.T("degree assortativity (out → in)"), Key: "assortativity", Value: f2(st.Assortativity),
		Meaning: l.T("not defined for this network (no ties, or every seller has as many customers, or every receiver as many suppliers)")}
	switch x := st.Assortativity; {
	case math.IsNaN(x):
	case x > 0.1:
		as.Meaning = l.T("Positive: sellers with many customers tend to deliver to nodes with many suppliers — big traders deal with big traders.")
	case x < -0.1:
		as.Meaning = l.T("Negative: sellers with few customers tend to deliver to nodes with many suppliers — many small firms feed a few hubs (hub and spoke, as around a specialized market).")
	default:
		as.Meaning = l.T("Near 0: how many customers a seller has says little about how many suppliers its customers have.")
	}
	out = append(out, as)

	bt := st.BowTie
	bow := netFigure{Name: l.T("bow-tie"), Key: "bowtie",
		Value: l.T("core %s, IN %s, OUT %s, rest %s", pct(bt.Core), pct(bt.In), pct(bt.Out), pct(bt.Rest))}
	core := int(math.Round(bt.Core * float64(len(a.Nodes))))
	switch {
	case core <= 1:
		bow.Meaning = l.T("The core is the largest group of nodes that all reach one another, IN the nodes that deliver into it, OUT those it delivers to. This network has no cycle, so its core is a single node and the bow-tie says only that goods flow one way.")
	case bt.Core < 0.05:
		bow.Meaning = l.T("The core is the largest group of nodes that all reach one another, IN the nodes that deliver into it, OUT those it delivers to. Here the core has only %s: the network is nearly one-way, so most nodes lie in none of the three parts and the bow-tie says little more than that.", l.Count(core, "node"))
	default:
		bow.Meaning = l.T("The core is the largest group of nodes that all reach one another (%s), IN the nodes that deliver into it, OUT those it delivers to. A large core means goods circulate: much of the network can deliver, through others, to much of the rest.", l.Count(core, "node"))
	}
	out = append(out, bow)

	te := netFigure{Name: l.T("degree tail exponent α"), Key: "degree_tail_exponent", Value: f2(st.DegreeTailExponent),
		Meaning: l.T("not estimated: too few linked nodes, or the largest degrees are all equal")}
	if _, k, xmin, ok := p.tailExponent(r); ok {
		te.Meaning = l.T("An estimate (Hill, over the %d largest total degrees, from degree %d up): the share of nodes with at least k partners falls as k^−(α−1), so the smaller α, the more the network hangs on a few hubs with very many partners. See the degree distribution.", k, xmin)
	}
	out = append(out, te)
	return out
}

// incoherenceIn says what a trophic incoherence F₀ means, in language l;
// empty for an undefined F₀. IncoherenceWords is its English.
func incoherenceIn(l lang, f0 float64) string {
	if math.IsNaN(f0) {
		return ""
	}
	return l.T("Trophic incoherence F₀ = %.2f (0 for a perfect chain, 1 for pure cycles): %s.", f0, incoherenceWhat(l, f0))
}

// incoherenceWhat is what the network is like at trophic incoherence f0.
func incoherenceWhat(l lang, f0 float64) string {
	switch {
	case math.IsNaN(f0):
		return ""
	case f0 < 0.1:
		return l.T("the network is close to a clean chain: nearly every tie goes exactly one level up")
	case f0 < 0.4:
		return l.T("the network is mostly a chain from raw suppliers to buyers, with some ties that skip levels, run across or go back")
	case f0 < 0.7:
		return l.T("the network is only loosely ordered: many ties run across levels or back")
	}
	return l.T("the network has little order from supplier to buyer: it is nearly as tangled as pure cycles")
}
