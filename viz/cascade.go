package viz

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"clusterchain/network"
)

// cascade.svg, drawn by viz: a threshold cascade (SPEC §6) with its
// rounds as ranks. Column 0 holds the removed nodes, column r the nodes
// that failed in round r; a line joins a node to each node of an earlier
// round it traded with — red when it lost a customer there (goods went
// from it to the failed node), blue when it lost a supplier — its width
// by the volume of the link. Firms take their cluster's colour, markets
// are dark houses, buyers octagons. A column holds at most
// cascadeMaxPerColumn nodes (those with the most out-volume); the rest of
// a round is one "+ k more" box. Rounds beyond cascadeMaxColumns − 1 are
// drawn together in the last column.

// ViewCascade is the cascade diagram: it needs a cascade, so Build does
// not draw it; BuildCascade does.
const ViewCascade View = "cascade"

const (
	cascadeMaxPerColumn = 24
	cascadeMaxColumns   = 12
	cascadeColW         = 132.0 // at most; narrower when many rounds share the page
	cascadeGapX         = 46.0
	cascadeGapY         = 5.0
	cascadeHeaderH      = 26.0
	cascadeBodyH        = 640.0 // the tallest column, so that the page stays within A3
)

var (
	cascadeNodeFont = font{size: 7.5}
	cascadeHeadFont = font{size: 9, bold: true}
	lostCustomer    = "#B2182B"
	lostSupplier    = "#2166AC"
)

type cascadeNode struct {
	node   int32
	round  int
	col    int
	lines  []string
	h      float64
	x, y   float64
	more   int // > 0: a "+ more" box for that many nodes
	reason network.FailReason
}

// BuildCascade draws cascade c of analysis a (network.Cascade, e.g. from
// whatif --cascade); removed are the ids of the nodes removed in round
// 0, as the run names them. Options.Title, Options.Lang apply.
func BuildCascade(a *network.Analysis, c *network.Cascade, opt Options) (*Diagram, error) {
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
	b := &builder{a: a, opt: opt}
	d := &Diagram{View: ViewCascade}
	d.svg = b.drawCascade(d, c)
	return d, nil
}

func (b *builder) drawCascade(d *Diagram, c *network.Cascade) []byte {
	a := b.a
	nw := a.Network
	nodes := nw.Nodes()
	title := b.tr("%s: the cascade, round by round", b.opt.Title)
	fr := &frame{view: ViewCascade, title: title}
	rounds := c.Rounds
	cols := min(rounds+1, cascadeMaxColumns)
	colOf := func(r int) int { return min(r, cols-1) }
	byCol := make([][]network.Failure, cols)
	round := map[int32]int{}
	for _, f := range c.Failures {
		byCol[colOf(f.Round)] = append(byCol[colOf(f.Round)], f)
		round[f.Node] = f.Round
	}
	firms := 0
	for _, f := range c.Failures {
		if f.Round > 0 && nodes[f.Node].Type == network.Firm {
			firms++
		}
	}
	fr.sub = []string{b.tr("θ = %s: a firm or market fails when the links to nodes that failed before carry at least θ of its sales, or the links from them θ of its supplies; buyers never fail. %s failed after the removal, in %s.",
		figureValue(c.Threshold), b.count(firms, "firm"), b.count(rounds, "round"))}
	if len(c.Failures) == 0 {
		fr.sub = append(fr.sub, b.tr("Nothing was removed."))
		return fr.render(300, 30, func(w *svgWriter) {})
	}
	// The columns share the width of an A3 page.
	per := math.Min(cascadeColW+cascadeGapX, (pageLong-2*margin)/float64(cols))
	gapX := math.Min(cascadeGapX, math.Round(per*0.26))
	colW := per - gapX
	// Which nodes a column draws: the most out-volume first, as many as
	// fit the column's height.
	var drawn []*cascadeNode
	at := map[int32]*cascadeNode{}
	folded := 0
	for col, fs := range byCol {
		sort.SliceStable(fs, func(i, j int) bool {
			vi, vj := a.Nodes[fs[i].Node].OutVolume, a.Nodes[fs[j].Node].OutVolume
			if vi != vj {
				return vi > vj
			}
			return nodes[fs[i].Node].ID < nodes[fs[j].Node].ID
		})
		moreH := blockHeight(cascadeNodeFont, 1) + 8
		used, keep := cascadeHeaderH, 0
		var kept []*cascadeNode
		for i, f := range fs {
			lines, _ := fitLabel(nodes[f.Node].Name, cascadeNodeFont, colW-10, 2)
			n := &cascadeNode{node: f.Node, round: f.Round, col: col, lines: lines, reason: f.Reason,
				h: blockHeight(cascadeNodeFont, len(lines)) + 8}
			room := cascadeBodyH
			if i < len(fs)-1 { // not the last: leave room for a "+ more" box
				room -= moreH + cascadeGapY
			}
			if i >= cascadeMaxPerColumn-1 && i < len(fs)-1 || used+n.h > room {
				break
			}
			used += n.h + cascadeGapY
			kept = append(kept, n)
			keep++
		}
		for _, n := range kept {
			drawn = append(drawn, n)
			at[n.node] = n
		}
		if rest := len(fs) - keep; rest > 0 {
			folded += rest
			drawn = append(drawn, &cascadeNode{node: -1, col: col, more: rest, lines: []string{b.tr("+ %s more", thousands(rest))},
				h: moreH})
		}
	}
	// The links that carried each drawn failure: to and from nodes of
	// earlier rounds that are drawn.
	type link struct {
		from, to *cascadeNode // from the earlier failure to the later one
		vol      float64
		customer bool // the later node lost a customer
	}
	var links []link
	g := nw.G()
	for _, n := range drawn {
		if n.node < 0 || n.round == 0 {
			continue
		}
		out, ow := g.Out(n.node)
		for k, u := range out {
			if p, ok := at[u]; ok && round[u] < n.round && ow[k] > 0 {
				links = append(links, link{p, n, ow[k], true})
			}
		}
		in, iw := g.In(n.node)
		for k, u := range in {
			if p, ok := at[u]; ok && round[u] < n.round && iw[k] > 0 {
				links = append(links, link{p, n, iw[k], false})
			}
		}
	}
	// Order each column by the mean position of what it is linked to in
	// earlier columns (barycentres), the first column by volume.
	colNodes := make([][]*cascadeNode, cols)
	for _, n := range drawn {
		colNodes[n.col] = append(colNodes[n.col], n)
	}
	bodyH := 0.0
	for col := range colNodes {
		ns := colNodes[col]
		if col > 0 {
			bary := map[*cascadeNode]float64{}
			cnt := map[*cascadeNode]float64{}
			for _, l := range links {
				if l.to.col == col && l.from.col < col {
					bary[l.to] += l.from.y + l.from.h/2
					cnt[l.to]++
				}
			}
			key := func(n *cascadeNode) float64 {
				if n.more > 0 {
					return math.Inf(1)
				}
				if cnt[n] == 0 {
					return math.MaxFloat64
				}
				return bary[n] / cnt[n]
			}
			sort.SliceStable(ns, func(i, j int) bool { return key(ns[i]) < key(ns[j]) })
		}
		y := cascadeHeaderH
		for _, n := range ns {
			n.x = float64(col) * (colW + gapX)
			n.y = y
			y += n.h + cascadeGapY
		}
		bodyH = math.Max(bodyH, y)
	}
	bodyW := float64(cols)*colW + float64(cols-1)*gapX
	maxVol := 0.0
	for _, l := range links {
		maxVol = math.Max(maxVol, l.vol)
	}
	width := func(v float64) float64 {
		if maxVol <= 0 {
			return 0.8
		}
		return 0.5 + 3.5*math.Sqrt(v/maxVol)
	}
	sort.SliceStable(links, func(i, j int) bool { return links[i].vol > links[j].vol })

	fr.legend = []legendItem{
		withText(lineSymbol(lostCustomer, 2, "", "0.7"), b.tr("lost a customer (it sold to the failed node)")),
		withText(lineSymbol(lostSupplier, 2, "", "0.7"), b.tr("lost a supplier (it bought from the failed node)")),
		withText(swatch(noClusterFill, inkColour, "", 3), b.tr("firm (its cluster's colour)")),
		withText(houseSymbol(), b.tr("market")),
		withText(octagonSymbol(), b.tr("buyer")),
	}
	fr.caption = []string{b.tr("Line width grows with the square root of the link's volume before the shock. Columns show at most %d nodes each, those with the most sales.", cascadeMaxPerColumn)}
	if folded > 0 {
		fr.caption = append(fr.caption, b.tr("%s not drawn one by one.", b.count(folded, "node")))
		d.Notes = append(d.Notes, fmt.Sprintf("%s of the cascade folded into counts", plural(folded, "node")))
	}
	if rounds >= cascadeMaxColumns {
		fr.caption = append(fr.caption, b.tr("Rounds %d to %d share the last column.", cascadeMaxColumns-1, rounds))
		d.Notes = append(d.Notes, fmt.Sprintf("rounds %d to %d drawn in one column", cascadeMaxColumns-1, rounds))
	}
	return fr.render(bodyW, bodyH, func(w *svgWriter) {
		for col := 0; col < cols; col++ {
			head := b.tr("round %d", col)
			switch {
			case col == 0:
				head = b.tr("removed")
			case col == cols-1 && rounds >= cascadeMaxColumns:
				head = b.tr("rounds %d–%d", col, rounds)
			}
			w.text(float64(col)*(colW+gapX)+colW/2, 14, cascadeHeadFont, "middle", inkColour, "round", head)
		}
		w.group("links", "")
		for _, l := range links {
			x0, y0 := l.from.x+colW, l.from.y+l.from.h/2
			x1, y1 := l.to.x, l.to.y+l.to.h/2
			stroke := lostSupplier
			tip := fmt.Sprintf("%s → %s: %s", nodes[l.from.node].Name, nodes[l.to.node].Name, volume(l.vol))
			if l.customer {
				stroke = lostCustomer
				tip = fmt.Sprintf("%s → %s: %s", nodes[l.to.node].Name, nodes[l.from.node].Name, volume(l.vol))
			}
			w.group("link", tip)
			w.path(curve(x0, y0, x1, y1), "fill", "none", "stroke", stroke, "stroke-opacity", "0.6", "stroke-width", num(width(l.vol)))
			w.end()
		}
		w.end()
		w.group("nodes", "")
		for _, n := range drawn {
			if n.more > 0 {
				w.group("more", "")
				w.rect(n.x, n.y, colW, n.h, 3, "fill", "#ffffff", "stroke", mutedText, "stroke-width", "0.8", "stroke-dasharray", "3,2")
				w.lines(n.x+colW/2, n.y+n.h/2, cascadeNodeFont, "middle", mutedText, "label", n.lines)
				w.end()
				continue
			}
			nd := nodes[n.node]
			fig := a.Nodes[n.node]
			tip := fmt.Sprintf("%s (%s, %s): round %d, %s; sells %s, buys %s", nd.Name, nd.ID, nd.Type, n.round, n.reason, volume(fig.OutVolume), volume(fig.InVolume))
			if nd.Cluster != "" {
				tip += "; cluster " + nd.Cluster
			}
			w.group("node", tip)
			fill, text, dash := noClusterFill, inkColour, ""
			switch nd.Type {
			case network.Market:
				fill, text = marketFill, "#ffffff"
				w.polygon(housePoints(n.x, n.y, colW, n.h), "fill", fill)
			case network.Buyer:
				fill = "#ffffff"
				w.polygon(octagonPoints(n.x, n.y, colW, n.h, 4), "fill", fill, "stroke", inkColour, "stroke-width", "1.4")
			default:
				if c := nw.ClusterOf(n.node); c >= 0 {
					fill, dash = clusterColour(int(c))
				}
				text = textOn(fill)
				w.rect(n.x, n.y, colW, n.h, 3, "fill", fill, "stroke", inkColour, "stroke-width", "0.6", "stroke-dasharray", dash)
			}
			cy := n.y + n.h/2
			if nd.Type == network.Market {
				cy += 1.5
			}
			w.lines(n.x+colW/2, cy, cascadeNodeFont, "middle", text, "label", n.lines)
			w.end()
		}
		w.end()
	})
}

// lines writes a block of lines centred on (cx, cy) vertically: the first
// baseline is placed so that the block's visual centre is at cy.
func (w *svgWriter) lines(x, cy float64, f font, anchor, fill, class string, ls []string, kv ...string) {
	for i, l := range ls {
		w.text(x, baseline(cy, f, len(ls), i), f, anchor, fill, class, l, kv...)
	}
}

// curve is the path of a horizontal S-curve from (x0, y0) to (x1, y1).
func curve(x0, y0, x1, y1 float64) string {
	var p pathBuilder
	mx := (x0 + x1) / 2
	p.M(x0, y0).C(mx, y0, mx, y1, x1, y1)
	return p.String()
}
