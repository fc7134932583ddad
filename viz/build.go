package viz

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"clusterchain/network"
)

// View names a diagram.
type View string

// The diagrams.
const (
	ViewNetwork  View = "network"
	ViewClusters View = "clusters"
	ViewTiers    View = "tiers"
	ViewEgo      View = "ego"
	ViewFlows    View = "flows"
)

// Views lists the views Build draws.
func Views() []View { return []View{ViewNetwork, ViewFlows, ViewClusters, ViewTiers, ViewEgo} }

// Options tune Build.
type Options struct {
	// Title is the dataset name shown in the title.
	Title string
	// SizeBy is the node-size column: pagerank (default), in_degree,
	// out_degree, in_volume, out_volume, betweenness, closeness, harmonic.
	SizeBy string
	// MaxNodes is the most nodes a diagram draws before it folds the least
	// central ones (default 1,500).
	MaxNodes int
	// Node and Radius pick the ego view's centre and reach (default 1 hop,
	// in either direction).
	Node   string
	Radius int
	// Cluster, for the tiers view, draws that one cluster (by id) full
	// size instead of one small panel per cluster.
	Cluster string
	// Lang is the language of titles, legends and captions: "en" (the
	// default) or "zh".
	Lang string
}

// Diagram is a diagram ready to render.
type Diagram struct {
	View View
	// Layout is the Graphviz engine for the DOT text.
	Layout string
	// DOT is the Graphviz source of the ego view, which Render lays out.
	// The network, clusters and tiers views are drawn by viz itself; their
	// Graphviz rendering, for users' own tools, is written on demand by
	// Render(ctx, "dot", w). Flows has none: Graphviz cannot draw it.
	DOT []byte
	// Notes say what was left out or folded, for the run's warnings.
	Notes []string

	svg   []byte        // the finished SVG, for the views viz draws itself
	frame *frame        // title, legend and caption around Graphviz's drawing
	dot   func() []byte // the DOT text of a view viz draws itself
}

var sizeColumns = map[string]func(network.NodeFigures) float64{
	"pagerank":    func(f network.NodeFigures) float64 { return f.PageRank },
	"in_degree":   func(f network.NodeFigures) float64 { return float64(f.InDegree) },
	"out_degree":  func(f network.NodeFigures) float64 { return float64(f.OutDegree) },
	"in_volume":   func(f network.NodeFigures) float64 { return f.InVolume },
	"out_volume":  func(f network.NodeFigures) float64 { return f.OutVolume },
	"betweenness": func(f network.NodeFigures) float64 { return f.Betweenness },
	"closeness":   func(f network.NodeFigures) float64 { return f.Closeness },
	"harmonic":    func(f network.NodeFigures) float64 { return f.Harmonic },
}

// SizeColumns lists the columns Options.SizeBy accepts.
func SizeColumns() []string {
	out := make([]string, 0, len(sizeColumns))
	for k := range sizeColumns {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Build writes the DOT text of a view of a.
func Build(a *network.Analysis, view View, opt Options) (*Diagram, error) {
	if opt.SizeBy == "" {
		opt.SizeBy = "pagerank"
	}
	size, ok := sizeColumns[opt.SizeBy]
	if !ok {
		return nil, fmt.Errorf("cannot size nodes by %q (one of %s)", opt.SizeBy, strings.Join(SizeColumns(), ", "))
	}
	if opt.MaxNodes <= 0 {
		opt.MaxNodes = 1500
	}
	if opt.Radius <= 0 {
		opt.Radius = 1
	}
	if opt.Title == "" {
		opt.Title = a.Network.Name()
	}
	switch opt.Lang {
	case "":
		opt.Lang = "en"
	case "en", "zh":
	default:
		return nil, fmt.Errorf("unknown language %q (%s)", opt.Lang, strings.Join(Langs(), ", "))
	}
	b := &builder{a: a, opt: opt, size: size}
	return b.build(view)
}

func (b *builder) build(view View) (*Diagram, error) {
	a, opt := b.a, b.opt
	var d *Diagram
	switch view {
	case ViewNetwork:
		d = &Diagram{View: view}
		d.svg = b.drawNetwork(d)
		d.dot = func() []byte { return b.network().DOT }
	case ViewClusters:
		d = &Diagram{View: view}
		d.svg = b.drawClusters(d)
		d.dot = func() []byte { return b.clusters().DOT }
	case ViewTiers:
		cluster := int32(-1)
		if opt.Cluster != "" {
			c, ok := b.clusterIndex(opt.Cluster)
			if !ok {
				return nil, fmt.Errorf("no cluster with id %q", opt.Cluster)
			}
			cluster = c
		}
		d = &Diagram{View: view}
		d.svg = b.drawTiers(d, cluster)
		d.dot = func() []byte { return b.tiers(cluster).DOT }
	case ViewFlows:
		d = &Diagram{View: ViewFlows}
		d.svg = b.drawFlows(d)
	case ViewEgo:
		c, ok := a.Network.Index(opt.Node)
		if !ok {
			return nil, fmt.Errorf("no node with id %q", opt.Node)
		}
		d = b.ego(c)
	default:
		return nil, fmt.Errorf("unknown view %q (network, flows, clusters, tiers, ego)", view)
	}
	return d, nil
}

// clusterIndex finds a cluster by id.
func (b *builder) clusterIndex(id string) (int32, bool) {
	for i, c := range b.a.Network.Clusters() {
		if c.ID == id {
			return int32(i), true
		}
	}
	return -1, false
}

type builder struct {
	a    *network.Analysis
	opt  Options
	size func(network.NodeFigures) float64
	// missing collects the messages without a translation (tests).
	missing []string
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%s %ss", thousands(n), noun)
}

// edgeKinds records which kinds of link an edge of G carries.
func edgeKinds(nw *network.Network) map[[2]int32]uint8 {
	m := make(map[[2]int32]uint8, len(nw.Links()))
	for _, l := range nw.Links() {
		m[[2]int32{l.From, l.To}] |= 1 << l.Kind
	}
	return m
}

// edgeStyle draws a sale solid, subcontracting dashed and supply thin.
func edgeStyle(kinds uint8) string {
	switch {
	case kinds&(1<<network.Sale) != 0:
		return `style=solid, color="#33333399"`
	case kinds&(1<<network.Subcontract) != 0:
		return `style=dashed, color="#333333"`
	}
	return `style=solid, color="#999999"`
}

// penWidth grows with the logarithm of the volume, from 0.4 to 3.
func penWidth(v, maxV float64) string {
	if maxV <= 0 || v <= 0 {
		return "0.4"
	}
	return inches(0.4 + 2.6*math.Log1p(v)/math.Log1p(maxV))
}

// nodeAttrs writes the attributes of a drawn node: shape and colour by
// type and cluster, size by the chosen figure, label and tooltip.
func (b *builder) nodeAttrs(i int32, maxSize float64, extra string) string {
	nd := b.a.Network.Nodes()[i]
	lines := wrap(nd.Name, 22)
	fs := 9.0
	w := 0.35
	if maxSize > 0 {
		w = 0.35 + 1.25*math.Sqrt(math.Max(0, b.size(b.a.Nodes[i]))/maxSize)
	}
	w = math.Max(w, labelWidth(fs, lines...))
	tip := fmt.Sprintf("%s (%s %s)", nd.Name, nd.Type, nd.ID)
	var style string
	switch nd.Type {
	case network.Market:
		style = `shape=house, fillcolor="#3b3b3b", fontcolor="white"`
	case network.Buyer:
		style = `shape=doubleoctagon, fillcolor="#ffffff", penwidth=1.6`
	default:
		if c := b.a.Network.ClusterOf(i); c >= 0 {
			fill, st := clusterStyle(int(c))
			style = fmt.Sprintf(`shape=ellipse, style=%q, fillcolor=%q, fontcolor=%q`, st, fill, textOn(fill))
		} else {
			style = `shape=ellipse, fillcolor="#eeeeee"`
		}
	}
	return fmt.Sprintf(`[label=%s, tooltip=%s, width=%s, fontsize=%g, %s%s]`,
		labelLines(lines...), quote(tip), inches(w), fs, style, extra)
}

// legend draws the key to shapes, colours and line styles.
func legend(w *dotWriter) {
	w.line(1, `subgraph cluster_legend {`)
	w.line(2, `label="Legend"; fontsize=11; style="rounded"; color="#bbbbbb";`)
	w.line(2, `legend_firm [label="firm (colour: cluster)", shape=ellipse, fillcolor=%q, width=1.6];`, okabeIto[0])
	w.line(2, `legend_market [label="specialized market", shape=house, fillcolor="#3b3b3b", fontcolor="white", width=1.6];`)
	w.line(2, `legend_buyer [label="multinational buyer", shape=doubleoctagon, penwidth=1.6, width=1.6];`)
	w.line(2, `legend_a [label="", shape=point, width=0.05]; legend_b [label="", shape=point, width=0.05];`)
	w.line(2, `legend_c [label="", shape=point, width=0.05]; legend_d [label="", shape=point, width=0.05];`)
	w.line(2, `legend_e [label="", shape=point, width=0.05]; legend_f [label="", shape=point, width=0.05];`)
	w.line(2, `legend_a -> legend_b [label="subcontract", style=dashed, color="#333333"];`)
	w.line(2, `legend_c -> legend_d [label="supply", color="#999999"];`)
	w.line(2, `legend_e -> legend_f [label="sale (width: volume)", penwidth=2];`)
	w.line(2, `legend_firm -> legend_market -> legend_buyer [style=invis];`)
	w.line(1, `}`)
}

// layoutLimits keeps dot's network-simplex and crossing minimisation
// bounded on large graphs.
func layoutLimits(n int) []string {
	if n <= 300 {
		return nil
	}
	return []string{"nslimit=1", "nslimit1=1", "mclimit=0.1", "remincross=false", "splines=line", "searchsize=5"}
}

func (b *builder) titleCounts() string {
	nw := b.a.Network
	return fmt.Sprintf("%s: %s, %s, %s, %s", b.opt.Title, plural(nw.Count(network.Firm), "firm"),
		plural(nw.Count(network.Market), "market"), plural(nw.Count(network.Buyer), "buyer"), plural(len(nw.Links()), "link"))
}
