package report

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"

	"clusterchain/network"
)

// The charts of report.html are SVG written here: small, deterministic
// (coordinates rounded to 0.1), every text made visible and escaped, and
// in the page's font stack, which has CJK fonts first.

// esc is user or message text for an SVG text node or attribute.
func esc(s string) string { return template.HTMLEscapeString(s) }

// cutLabel cuts s to at most cols terminal columns (wide characters count
// two), ending it with "…" when cut.
func cutLabel(s string, cols int) string {
	s = disp(s)
	if DisplayWidth(s) <= cols {
		return s
	}
	w := 0
	for i, r := range s {
		if w+runeWidth(r) > cols-1 {
			return s[:i] + "…"
		}
		w += runeWidth(r)
	}
	return s
}

// textWidth estimates the width of s at font size px: Latin about 0.56 em,
// wide characters 1 em.
func textWidth(s string, px float64) float64 {
	w := 0.0
	for _, r := range s {
		if runeWidth(r) == 2 {
			w += px
		} else {
			w += 0.56 * px
		}
	}
	return w
}

func f1(x float64) string { return fmt.Sprintf("%.1f", x) }

// maxChartClusters is the most clusters the shares chart draws.
const maxChartClusters = 40

// sharesChart draws, for every cluster with output, three bars: the share
// of its output sold through markets, sold directly to buyers, and
// reaching buyers.
func (p *page) sharesChart(r *Run) (template.HTML, string) {
	a, l := r.Analysis, p.l
	nw := a.Network
	var cs []int
	for c, f := range a.Clusters {
		if f.OutVolume > 0 {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return "", ""
	}
	note := l.T("The three shares of each cluster's output: sold through specialized markets (market_share), sold directly to buyers (buyer_share), and reaching buyers in the end, directly or through markets (buyer_reach). Clusters in order of market_share.")
	if b := a.Bootstrap; b != nil {
		note = l.Join(note, l.T("The whiskers are the 95%% bootstrap intervals (%s of each cluster's firms).", l.Count(b.Replicates, "resample")))
	}
	if len(cs) > maxChartClusters {
		sort.SliceStable(cs, func(i, j int) bool { return a.Clusters[cs[i]].OutVolume > a.Clusters[cs[j]].OutVolume })
		cs = cs[:maxChartClusters]
		note = l.Join(note, l.T("The %d clusters with the largest output are drawn; clusters.csv has every cluster.", maxChartClusters))
	}
	sort.SliceStable(cs, func(i, j int) bool { return a.Clusters[cs[i]].MarketShare > a.Clusters[cs[j]].MarketShare })
	const (
		font   = 11.0
		rowH   = 17.0
		barH   = 11.0
		panelW = 170.0
		gap    = 34.0
		top    = 40.0
	)
	labels := make([]string, len(cs))
	labelW := 0.0
	for k, c := range cs {
		labels[k] = cutLabel(nw.Clusters()[c].Name, 34)
		labelW = max(labelW, textWidth(labels[k], font))
	}
	labelW = math.Ceil(labelW) + 10
	panels := []struct {
		title, colour string
		val           func(network.ClusterFigures) float64
	}{
		{l.T("through markets"), "#1f5fa8", func(f network.ClusterFigures) float64 { return f.MarketShare }},
		{l.T("direct to buyers"), "#E69F00", func(f network.ClusterFigures) float64 { return f.BuyerShare }},
		{l.T("reaches buyers"), "#009E73", func(f network.ClusterFigures) float64 { return f.BuyerReach }},
	}
	width := labelW + float64(len(panels))*(panelW+gap) + 10
	height := top + float64(len(cs))*rowH + 24
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" class="chart" role="img" font-size="%g">`, f1(width), f1(height), font)
	fmt.Fprintf(&b, `<title>%s</title>`, esc(l.T("Where each cluster's output goes")))
	for k, pn := range panels {
		x0 := labelW + float64(k)*(panelW+gap)
		fmt.Fprintf(&b, `<text x="%s" y="14" font-weight="bold">%s</text>`, f1(x0), esc(pn.title))
		for _, t := range []float64{0, 0.5, 1} {
			x := x0 + t*panelW
			fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#ccc" stroke-width="0.6"/>`, f1(x), f1(top-6), f1(x), f1(height-20))
			anchor := "middle"
			if t == 0 {
				anchor = "start"
			} else if t == 1 {
				anchor = "end"
			}
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="9" fill="#666" text-anchor="%s">%.0f%%</text>`, f1(x), f1(height-8), anchor, 100*t)
		}
		for i, c := range cs {
			f := a.Clusters[c]
			v := math.Max(0, math.Min(1, pn.val(f)))
			y := top + float64(i)*rowH
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%g" fill="%s"><title>%s: %s</title></rect>`,
				f1(x0), f1(y), f1(v*panelW), barH, pn.colour, esc(disp(nw.Clusters()[c].Name)), esc(pct(v)))
			if bar := p.interval(r, c, k); bar != nil {
				lo, hi := x0+bar[0]*panelW, x0+bar[1]*panelW
				ym := y + barH/2
				fmt.Fprintf(&b, `<path d="M%s %sH%sM%s %sV%sM%s %sV%s" stroke="#222" stroke-width="1" fill="none"/>`,
					f1(lo), f1(ym), f1(hi), f1(lo), f1(ym-3), f1(ym+3), f1(hi), f1(ym-3), f1(ym+3))
			}
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="9" fill="#333">%s</text>`, f1(x0+v*panelW+3), f1(y+barH-2), esc(pct0(v)))
		}
	}
	for i, lab := range labels {
		y := top + float64(i)*rowH + barH - 1.5
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end">%s<title>%s</title></text>`, f1(labelW-8), f1(y), esc(lab), esc(disp(nw.Clusters()[cs[i]].Name)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), note
}

// interval is the bootstrap interval of panel k's share of cluster c (0
// market_share, 1 buyer_share, 2 buyer_reach), nil when the run has none.
func (p *page) interval(r *Run, c, k int) []float64 {
	b := r.Analysis.Bootstrap
	if b == nil || c >= len(b.Clusters) {
		return nil
	}
	iv := [...]network.Interval{b.Clusters[c].MarketShare, b.Clusters[c].BuyerShare, b.Clusters[c].BuyerReach}[k]
	return []float64{math.Max(0, math.Min(1, iv.Lo)), math.Max(0, math.Min(1, iv.Hi))}
}

// degreePlot draws the complementary cumulative distribution of the total
// degree (in + out on G) on log–log axes: for each degree k, the share of
// the nodes with degree > 0 whose degree is at least k.
func (p *page) degreePlot(r *Run) (template.HTML, string) {
	a, l := r.Analysis, p.l
	var deg []int
	for _, f := range a.Nodes {
		if d := f.InDegree + f.OutDegree; d > 0 {
			deg = append(deg, d)
		}
	}
	if len(deg) < 2 {
		return "", l.T("Too few linked nodes for a degree distribution.")
	}
	sort.Sort(sort.Reverse(sort.IntSlice(deg)))
	m := len(deg)
	// Points: each distinct degree with the share at or above it.
	type pt struct{ k, s float64 }
	var pts []pt
	for i := 0; i < m; {
		j := i
		for j < m && deg[j] == deg[i] {
			j++
		}
		pts = append(pts, pt{float64(deg[i]), float64(j) / float64(m)})
		i = j
	}
	const (
		w, h                     = 520.0, 340.0
		left, right, top, bottom = 58.0, 16.0, 16.0, 44.0
	)
	kmax := float64(deg[0])
	xlo, xhi := 0.0, math.Ceil(math.Log10(kmax)+1e-9)
	if xhi == xlo {
		xhi = 1
	}
	ylo := math.Floor(math.Log10(1 / float64(m)))
	if ylo == 0 {
		ylo = -1
	}
	X := func(k float64) float64 { return left + (math.Log10(k)-xlo)/(xhi-xlo)*(w-left-right) }
	Y := func(s float64) float64 { return top + (0-math.Log10(s))/(0-ylo)*(h-top-bottom) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" class="chart plot" role="img" font-size="11">`, w, h)
	fmt.Fprintf(&b, `<title>%s</title>`, esc(l.T("Degree distribution (complementary cumulative, log–log)")))
	fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="none" stroke="#999" stroke-width="0.8"/>`, left, top, w-left-right, h-top-bottom)
	for e := xlo; e <= xhi; e++ {
		x := X(math.Pow(10, e))
		fmt.Fprintf(&b, `<line x1="%s" y1="%g" x2="%s" y2="%g" stroke="#e3e3e3"/>`, f1(x), top, f1(x), h-bottom)
		fmt.Fprintf(&b, `<text x="%s" y="%g" text-anchor="middle" fill="#444">%s</text>`, f1(x), h-bottom+15, esc(number(math.Pow(10, e))))
	}
	for e := ylo; e <= 0; e++ {
		y := Y(math.Pow(10, e))
		fmt.Fprintf(&b, `<line x1="%g" y1="%s" x2="%g" y2="%s" stroke="#e3e3e3"/>`, left, f1(y), w-right, f1(y))
		label := fmt.Sprintf("%g", math.Pow(10, e))
		if e < -3 {
			label = fmt.Sprintf("1e%d", int(e))
		}
		fmt.Fprintf(&b, `<text x="%g" y="%s" text-anchor="end" fill="#444">%s</text>`, left-5, f1(y+4), label)
	}
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle">%s</text>`, left+(w-left-right)/2, h-8, esc(l.T("total degree k (distinct suppliers + customers)")))
	fmt.Fprintf(&b, `<text transform="translate(14 %g) rotate(-90)" text-anchor="middle">%s</text>`, top+(h-top-bottom)/2, esc(l.T("share of nodes with degree ≥ k")))
	for _, q := range pts {
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="2.4" fill="#1f5fa8" fill-opacity="0.75"><title>%s</title></circle>`,
			f1(X(q.k)), f1(Y(q.s)), esc(l.T("degree ≥ %s: %s of nodes", number(q.k), pct(q.s))))
	}
	note := l.T("Each point is a degree k and the share of the %s linked nodes whose total degree is at least k, both axes logarithmic. A tail that falls on a straight line is a power law: a few nodes (markets, large contractors) with very many partners, most firms with a handful.", thousands(m))
	if alpha, k, ok := p.tailExponent(r); ok {
		// The Hill estimate's power law through the (k+1)-th largest degree.
		xk := float64(deg[k])
		sk := float64(k+1) / float64(m)
		x2 := kmax
		s2 := sk * math.Pow(x2/xk, -(alpha-1))
		fmt.Fprintf(&b, `<path d="M%s %sL%s %s" stroke="#D55E00" stroke-width="1.6" stroke-dasharray="5,3" fill="none"/>`,
			f1(X(xk)), f1(Y(sk)), f1(X(x2)), f1(Y(s2)))
		fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="end" fill="#D55E00">%s</text>`, w-right-6, top+16, esc(l.T("tail exponent α = %.2f (Hill, top %d)", alpha, k)))
		note = l.Join(note, l.T("The dashed line is the power law of the Hill estimate of the tail exponent over the %d largest degrees, α = %.2f: the share of nodes with degree at least k falls as k^−(α−1).", k, alpha))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), note
}

// tailExponent is the network's degree tail exponent (SPEC §5) and the
// number of degrees it is estimated from, when the analysis has it.
func (p *page) tailExponent(r *Run) (float64, int, bool) { return 0, 0, false }
