package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"sort"

	"clusterchain/network"
)

// WriteHTML writes report.html: one self-contained page (inline CSS and
// SVG, nothing loaded from elsewhere) with the summary, the findings in
// words, warnings, the clusters table, a cluster × market heat map of
// linkage shares, the top nodes by each centrality, the distribution of
// subcontracting depth and the diagrams. diagrams maps "network",
// "clusters" and "tiers" to SVG; missing ones are left out. All user text
// is escaped by html/template.
func WriteHTML(w io.Writer, r *Run, diagrams map[string][]byte) error {
	a := r.Analysis
	nw := a.Network
	nodes := nw.Nodes()
	p := htmlPage{
		Title:    nw.Name(),
		Summary:  fmt.Sprintf("%s, %s and %s in %s; %s and %s.", Count(nw.Count(network.Firm), "firm"), Count(nw.Count(network.Market), "market"), Count(nw.Count(network.Buyer), "buyer"), Count(len(nw.Clusters()), "cluster"), Count(len(nw.Links()), "link"), Count(len(a.Rings), "pooling ring")),
		Findings: Findings(a),
		Warnings: r.Warnings,
		Notes:    r.Notes,
	}
	if b := a.Bootstrap; b != nil {
		p.BootNote = fmt.Sprintf("In brackets: the 95%% bootstrap interval of each share, from %s of every cluster's firms (drawn with replacement, seed %d).",
			Count(b.Replicates, "resample"), b.Seed)
	}
	for i, c := range nw.Clusters() {
		f := a.Clusters[i]
		row := htmlCluster{ID: c.ID, Name: c.Name, Firms: f.Firms, Internal: f.InternalLinks, Out: number(f.OutVolume),
			Market: pct(f.MarketShare), Buyer: pct(f.BuyerShare), Firm: pct(f.FirmShare), Reach: pct(f.BuyerReach),
			Depth: "–", Rings: RingsCell(a, f.Rings)}
		if b := a.Bootstrap; b != nil { // --bootstrap: the 95% interval beside each share
			iv := b.Clusters[i]
			ci := func(x network.Interval) string { return " (" + pct(x.Lo) + "–" + pct(x.Hi) + ")" }
			row.Market += ci(iv.MarketShare)
			row.Buyer += ci(iv.BuyerShare)
			row.Reach += ci(iv.BuyerReach)
		}
		if f.MaxDepth >= 0 {
			row.Depth = fmt.Sprint(f.MaxDepth)
		}
		if f.TopCustomer >= 0 {
			row.Top = fmt.Sprintf("%s (%s)", nodes[f.TopCustomer].Name, pct(f.TopCustomerShare))
		}
		p.Clusters = append(p.Clusters, row)
	}
	// Heat map: clusters × the markets with most intake (at most 25).
	var markets []int32
	for i, nd := range nodes {
		if nd.Type == network.Market {
			markets = append(markets, int32(i))
		}
	}
	sort.SliceStable(markets, func(i, j int) bool { return a.Nodes[markets[i]].InVolume > a.Nodes[markets[j]].InVolume })
	if len(markets) > 25 {
		markets = markets[:25]
		p.HeatNote = "the 25 markets with the largest intake"
	}
	col := map[int32]int{}
	for k, m := range markets {
		col[m] = k
		p.HeatMarkets = append(p.HeatMarkets, nodes[m].Name)
	}
	cells := make([][]htmlCell, len(nw.Clusters()))
	for c := range cells {
		cells[c] = make([]htmlCell, len(markets))
	}
	for _, l := range a.Linkage {
		if k, ok := col[l.Market]; ok {
			cells[l.Cluster][k] = htmlCell{Text: pct(l.Share), Style: template.CSS(heat(l.Share)),
				Tip: fmt.Sprintf("volume %s, reach %s, dependence %s", number(l.Volume), pct(l.Reach), pct(l.Dependence))}
		}
	}
	for c, cl := range nw.Clusters() {
		if len(markets) > 0 {
			p.Heat = append(p.Heat, htmlHeatRow{Cluster: cl.Name, Cells: cells[c]})
		}
	}
	// Top nodes by each centrality.
	for _, m := range []struct {
		name string
		fig  func(network.NodeFigures) float64
	}{
		{"betweenness", func(f network.NodeFigures) float64 { return f.Betweenness }},
		{"closeness", func(f network.NodeFigures) float64 { return f.Closeness }},
		{"harmonic", func(f network.NodeFigures) float64 { return f.Harmonic }},
		{"pagerank", func(f network.NodeFigures) float64 { return f.PageRank }},
		{"hub", func(f network.NodeFigures) float64 { return f.Hub }},
		{"authority", func(f network.NodeFigures) float64 { return f.Authority }},
	} {
		t := htmlTop{Figure: m.name}
		for _, x := range TopNodes(a, 10, m.fig) {
			nd := nodes[x.Index]
			t.Rows = append(t.Rows, htmlTopRow{Name: nd.Name, ID: nd.ID, Type: nd.Type.String(), Value: fmt.Sprintf("%.4g", x.Value)})
		}
		p.Top = append(p.Top, t)
	}
	// Depth distribution.
	depthCount := map[int32]int{}
	maxCount, maxDepth := 0, int32(-1)
	for _, f := range a.Nodes {
		if f.Depth >= 0 {
			depthCount[f.Depth]++
			maxCount = max(maxCount, depthCount[f.Depth])
			maxDepth = max(maxDepth, f.Depth)
		}
	}
	for d := int32(0); d <= maxDepth; d++ {
		p.Depth = append(p.Depth, htmlBar{Label: fmt.Sprint(d), Count: depthCount[d],
			Width: template.CSS(fmt.Sprintf("width:%.1f%%", 100*float64(depthCount[d])/float64(max(maxCount, 1))))})
	}
	for _, v := range []struct{ key, title string }{
		{"clusters", "Clusters, specialized markets and buyers"},
		{"tiers", "Subcontracting chains"},
		{"network", "The whole network"},
	} {
		if svg, ok := diagrams[v.key]; ok && len(svg) > 0 {
			// Graphviz escapes every label for XML; the SVG is inlined as is.
			p.Diagrams = append(p.Diagrams, htmlDiagram{Title: v.title, SVG: template.HTML(inlineSVG(svg))})
		}
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

type htmlPage struct {
	Title, Summary, HeatNote string
	BootNote                 string
	Findings, Warnings       []string
	Notes                    []string
	Clusters                 []htmlCluster
	HeatMarkets              []string
	Heat                     []htmlHeatRow
	Top                      []htmlTop
	Depth                    []htmlBar
	Diagrams                 []htmlDiagram
}

type htmlCluster struct {
	ID, Name                                    string
	Firms, Internal                             int
	Out, Market, Buyer, Firm, Reach, Depth, Top string
	Rings                                       string
}

type htmlCell struct {
	Text, Tip string
	Style     template.CSS
}

type htmlHeatRow struct {
	Cluster string
	Cells   []htmlCell
}

type htmlTop struct {
	Figure string
	Rows   []htmlTopRow
}

type htmlTopRow struct{ Name, ID, Type, Value string }

type htmlBar struct {
	Label string
	Count int
	Width template.CSS
}

type htmlDiagram struct {
	Title string
	SVG   template.HTML
}

func pct(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

// heat is the cell colour for a share: white to deep blue.
func heat(share float64) string {
	s := math.Max(0, math.Min(1, share))
	r := int(255 - s*(255-31))
	g := int(255 - s*(255-95))
	b := int(255 - s*(255-168))
	fg := "#222"
	if s > 0.55 {
		fg = "#fff"
	}
	return fmt.Sprintf("background:#%02x%02x%02x;color:%s", r, g, b, fg)
}

var svgPrologue = regexp.MustCompile(`(?s)^.*?(<svg[\s>])`)

func inlineSVG(svg []byte) []byte { return svgPrologue.ReplaceAll(svg, []byte("$1")) }

var pageTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"safeCSS": func(s string) template.CSS { return template.CSS(s) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — clusterchain report</title>
<style>
body{font:15px/1.5 "Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d1d1f;margin:0;background:#fafafa}
main{max-width:1200px;margin:0 auto;padding:24px 32px;background:#fff}
h1{font-size:28px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid #1f5fa8;padding-bottom:4px}
.lead{color:#444;margin:0 0 16px}
ul.findings li{margin:6px 0}
.warn{background:#fff7e0;border-left:4px solid #E69F00;padding:8px 12px;margin:12px 0;font-size:14px}
.note{background:#eef4fa;border-left:4px solid #56B4E9;padding:8px 12px;margin:12px 0;font-size:14px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
.heat td.c{text-align:center;min-width:48px}
.tops{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:12px}
.bar{display:flex;align-items:center;gap:8px;font-size:13px;margin:2px 0}
.bar span.l{width:70px;text-align:right}.bar div{background:#1f5fa8;height:14px}
figure{margin:16px 0;overflow:auto;border:1px solid #eee}figure svg{max-width:100%;height:auto}
figcaption{font-weight:600;padding:6px}
footer{color:#777;font-size:12px;margin-top:32px}
@media print{body{background:#fff}main{padding:0}figure{break-inside:avoid}}
</style></head>
<body><main>
<h1>{{.Title}}</h1>
<p class="lead">{{.Summary}}</p>
{{with .Findings}}<h2>In words</h2><ul class="findings">{{range .}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{with .Warnings}}<div class="warn"><strong>Warnings</strong><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
{{with .Notes}}<div class="note"><strong>About the diagrams</strong><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
<h2>Clusters</h2>
<table><tr><th>cluster</th><th>firms</th><th>internal links</th><th>out-volume</th><th>via markets</th><th>to buyers</th><th>to other firms</th><th>reaches buyers</th><th>top customer</th><th>deepest chain</th><th>rings</th></tr>
{{range .Clusters}}<tr><td title="{{.ID}}">{{.Name}}</td><td class="n">{{.Firms}}</td><td class="n">{{.Internal}}</td><td class="n">{{.Out}}</td><td class="n">{{.Market}}</td><td class="n">{{.Buyer}}</td><td class="n">{{.Firm}}</td><td class="n">{{.Reach}}</td><td>{{.Top}}</td><td class="n">{{.Depth}}</td><td>{{.Rings}}</td></tr>
{{end}}</table>
{{with .BootNote}}<p style="font-size:13px">{{.}}</p>{{end}}
{{if .Heat}}<h2>Cluster × market linkage</h2>
<p>Each cell is the share of the cluster's outgoing volume sold through the market{{with .HeatNote}} ({{.}}){{end}}; darker is stronger. Hover for volume, reach and dependence.</p>
<table class="heat"><tr><th></th>{{range .HeatMarkets}}<th>{{.}}</th>{{end}}</tr>
{{range .Heat}}<tr><th>{{.Cluster}}</th>{{range .Cells}}<td class="c" style="{{.Style}}" title="{{.Tip}}">{{.Text}}</td>{{end}}</tr>
{{end}}</table>
<p style="font-size:12px">Scale: <span style="{{"background:#ffffff;color:#222" | safeCSS}};padding:2px 6px;border:1px solid #ddd">0%</span> <span style="background:#8fadd3;padding:2px 6px">50%</span> <span style="background:#1f5fa8;color:#fff;padding:2px 6px">100%</span></p>{{end}}
<h2>Most central nodes</h2>
<div class="tops">{{range .Top}}<table><tr><th colspan="3">by {{.Figure}}</th></tr>{{range .Rows}}<tr><td title="{{.ID}}">{{.Name}}</td><td>{{.Type}}</td><td class="n">{{.Value}}</td></tr>{{end}}</table>{{end}}</div>
{{if .Depth}}<h2>Subcontracting depth</h2><p>Firms by the number of subcontracting tiers beneath them.</p>
{{range .Depth}}<div class="bar"><span class="l">depth {{.Label}}</span><div style="{{.Width}}"></div><span>{{.Count}}</span></div>{{end}}{{end}}
{{range .Diagrams}}<h2>{{.Title}}</h2><figure>{{.SVG}}</figure>{{end}}
<footer>Written by clusterchain. Figures follow NetworkX 2.8 conventions; see report.json for every value.</footer>
</main></body></html>
`))
