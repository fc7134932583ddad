package waves

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"clusterchain/internal/textsafe"
	"clusterchain/report"
)

// The report page of `clusterchain waves`: one self-contained HTML file
// (no script, no external resource; every text escaped by html/template
// and made visible with textsafe.Visible) with the waves side by side,
// and for each consecutive pair the link churn per cluster and the
// figures that moved most: the cluster shares with the largest change,
// the out-volumes with the largest relative change, and the nodes whose
// rank by PageRank or betweenness moved most.

// Series is a run of waves and the comparisons of consecutive pairs.
type Series struct {
	// Names label the waves for a person (e.g. the output directories).
	Names []string
	Waves []*Wave
	// Pairs[i] compares wave i with wave i+1.
	Pairs []Pair
}

// Pair is one consecutive pair of waves.
type Pair struct {
	Comparison *Comparison
	Churn      []Churn
}

// NewSeries compares every consecutive pair of waves; tables are each
// wave's output tables as ReadTables read them.
func NewSeries(names []string, ws []*Wave, tables [][]report.Table, topMovers int) *Series {
	s := &Series{Names: names, Waves: ws}
	for i := 0; i+1 < len(ws); i++ {
		b, a := CommonTables(tables[i], tables[i+1])
		s.Pairs = append(s.Pairs, Pair{Comparison: Compare(b, a, topMovers), Churn: ChurnOf(ws[i], ws[i+1])})
	}
	return s
}

// shareColumns are the clusters.csv figures that are shares (0…1): their
// changes are compared as they are.
var shareColumns = []string{"market_share", "buyer_share", "firm_share", "buyer_reach", "top_customer_share"}

type htmlWave struct {
	N                                       int
	Name                                    string
	Firms, Markets, Buyers, Clusters, Links int
}

type htmlChurn struct {
	Cluster                                 string
	Network                                 bool
	LinksA, LinksB, Kept, Lost, New         int
	PartnersKept, PartnersLost, PartnersNew int
	Persistence                             string
}

type htmlMove struct {
	Cluster, Figure, Before, After, Change string
}

type htmlMover struct {
	ID, By        string
	Before, After int
}

type htmlPair struct {
	From, To             int
	FromName, ToName     string
	Persistence          string
	Churn                []htmlChurn
	Shares, Volumes      []htmlMove
	Movers               []htmlMover
	Vanished, Appeared   string
	LinkagesGone, LinksN int
}

type htmlPage struct {
	Title string
	Waves []htmlWave
	Pairs []htmlPair
}

func pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

// signed writes x with a sign and the given decimals.
func signed(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if x >= 0 && s[0] != '-' {
		s = "+" + s
	}
	return s
}

// volume writes a volume for a person: thousands separated, two decimals.
func volume(x float64) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', 2, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if x < 0 {
		return "-" + b.String() + "." + frac
	}
	return b.String() + "." + frac
}

// WriteHTML writes the report page.
func (s *Series) WriteHTML(w io.Writer) error {
	vis := textsafe.Visible
	page := htmlPage{Title: fmt.Sprintf("%d survey waves", len(s.Waves))}
	for i, wv := range s.Waves {
		hw := htmlWave{N: i + 1, Name: vis(s.Names[i]), Clusters: len(wv.Clusters), Links: len(wv.Edges)}
		ti := column(wv.Nodes, "type")
		for _, r := range wv.Nodes.Rows {
			switch cellAt(r, ti) {
			case "firm":
				hw.Firms++
			case "market":
				hw.Markets++
			case "buyer":
				hw.Buyers++
			}
		}
		page.Waves = append(page.Waves, hw)
	}
	for i, p := range s.Pairs {
		hp := htmlPair{From: i + 1, To: i + 2, FromName: vis(s.Names[i]), ToName: vis(s.Names[i+1]),
			Vanished: vis(p.Comparison.VanishedEntities.String()), Appeared: vis(p.Comparison.AppearedEntities.String())}
		for k, r := range p.Churn {
			hp.Churn = append(hp.Churn, htmlChurn{Cluster: vis(r.Cluster), Network: k == len(p.Churn)-1,
				LinksA: r.LinksA, LinksB: r.LinksB, Kept: r.Kept, Lost: r.Lost, New: r.New,
				PartnersKept: r.PartnersKept, PartnersLost: r.PartnersLost, PartnersNew: r.PartnersNew, Persistence: pct(r.Persistence())})
		}
		if n := len(p.Churn); n > 0 {
			hp.Persistence = pct(p.Churn[n-1].Persistence())
		}
		type scored struct {
			m     htmlMove
			score float64
		}
		var shares, vols []scored
		for _, c := range p.Comparison.Changes {
			if c.Table != "clusters.csv" {
				continue
			}
			d, ok := c.Delta()
			if !ok {
				continue
			}
			// A vanished or new row moved from or to nothing.
			x, _ := strconv.ParseFloat(c.Before, 64)
			y, _ := strconv.ParseFloat(c.After, 64)
			before, after := c.Before, c.After
			if c.Row == RowNew {
				before = ""
			}
			show := func(v string, f func(float64) string) string {
				if v == "" {
					return "—"
				}
				z, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return vis(v)
				}
				return f(z)
			}
			m := htmlMove{Cluster: vis(c.Key), Figure: c.Column}
			switch {
			case slices.Contains(shareColumns, c.Column):
				m.Before, m.After = show(before, pct), show(after, pct)
				m.Change = signed(100*d, 1) + " pp"
				shares = append(shares, scored{m, math.Abs(d)})
			case c.Column == "out_volume":
				m.Before, m.After = show(before, volume), show(after, volume)
				den := math.Max(math.Abs(x), math.Abs(y))
				if den == 0 {
					continue
				}
				m.Change = signed(d, 2) + " (" + signed(100*d/math.Max(math.Abs(x), 1e-300), 1) + "%)"
				if x == 0 {
					m.Change = signed(d, 2) + " (new)"
				}
				vols = append(vols, scored{m, math.Abs(d) / den})
			}
		}
		top := func(s []scored, k int) []htmlMove {
			sort.SliceStable(s, func(i, j int) bool { return s[i].score > s[j].score })
			var out []htmlMove
			for i := 0; i < len(s) && i < k; i++ {
				out = append(out, s[i].m)
			}
			return out
		}
		hp.Shares, hp.Volumes = top(shares, 15), top(vols, 8)
		for _, m := range p.Comparison.Movers {
			hp.Movers = append(hp.Movers, htmlMover{ID: vis(m.ID), By: m.Column, Before: m.Before, After: m.After})
		}
		page.Pairs = append(page.Pairs, hp)
	}
	return pageTemplate.Execute(w, page)
}

var pageTemplate = template.Must(template.New("waves").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Noto Sans", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05em; }
table { border-collapse: collapse; margin: 0.5em 0 1.2em; font-size: 0.9em; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e3e3e3; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 1px solid #999; }
p.note { color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="note">Wave i is time i in network.gexf (Gephi's timeline); churn.csv holds the tables below. A link is an edge of the network (one per supplier → customer pair); a cluster's links have one of its firms at either end, its partners are the nodes outside it at the other end.</p>
<table>
<tr><th class="n">wave</th><th>output</th><th class="n">firms</th><th class="n">markets</th><th class="n">buyers</th><th class="n">clusters</th><th class="n">links</th></tr>
{{range .Waves}}<tr><td class="n">{{.N}}</td><td>{{.Name}}</td><td class="n">{{.Firms}}</td><td class="n">{{.Markets}}</td><td class="n">{{.Buyers}}</td><td class="n">{{.Clusters}}</td><td class="n">{{.Links}}</td></tr>
{{end}}</table>
{{range .Pairs}}
<h2>Wave {{.From}} ({{.FromName}}) → wave {{.To}} ({{.ToName}})</h2>
<p>{{.Persistence}} of the links of wave {{.From}} are still there in wave {{.To}}.{{if .Vanished}} Only in wave {{.From}}: {{.Vanished}}.{{end}}{{if .Appeared}} New in wave {{.To}}: {{.Appeared}}.{{end}}</p>
<h3>Link churn per cluster</h3>
<table>
<tr><th>cluster</th><th class="n">links before</th><th class="n">links after</th><th class="n">kept</th><th class="n">lost</th><th class="n">new</th><th class="n">persistence</th><th class="n">partners kept</th><th class="n">lost</th><th class="n">new</th></tr>
{{range .Churn}}<tr{{if .Network}} class="total"{{end}}><td>{{if .Network}}whole network{{else}}{{.Cluster}}{{end}}</td><td class="n">{{.LinksA}}</td><td class="n">{{.LinksB}}</td><td class="n">{{.Kept}}</td><td class="n">{{.Lost}}</td><td class="n">{{.New}}</td><td class="n">{{.Persistence}}</td><td class="n">{{.PartnersKept}}</td><td class="n">{{.PartnersLost}}</td><td class="n">{{.PartnersNew}}</td></tr>
{{end}}</table>
<h3>Shares that moved most</h3>
{{if .Shares}}<table>
<tr><th>cluster</th><th>figure</th><th class="n">before</th><th class="n">after</th><th class="n">change</th></tr>
{{range .Shares}}<tr><td>{{.Cluster}}</td><td>{{.Figure}}</td><td class="n">{{.Before}}</td><td class="n">{{.After}}</td><td class="n">{{.Change}}</td></tr>
{{end}}</table>{{else}}<p class="note">No cluster share changed.</p>{{end}}
<h3>Out-volumes that moved most (relative change)</h3>
{{if .Volumes}}<table>
<tr><th>cluster</th><th class="n">before</th><th class="n">after</th><th class="n">change</th></tr>
{{range .Volumes}}<tr><td>{{.Cluster}}</td><td class="n">{{.Before}}</td><td class="n">{{.After}}</td><td class="n">{{.Change}}</td></tr>
{{end}}</table>{{else}}<p class="note">No cluster's out-volume changed.</p>{{end}}
<h3>Largest moves in centrality rank</h3>
{{if .Movers}}<table>
<tr><th>node</th><th>by</th><th class="n">rank before</th><th class="n">rank after</th></tr>
{{range .Movers}}<tr><td>{{.ID}}</td><td>{{.By}}</td><td class="n">{{.Before}}</td><td class="n">{{.After}}</td></tr>
{{end}}</table>{{else}}<p class="note">No node changed rank.</p>{{end}}
{{end}}
</body>
</html>
`))

// CommonTables keeps the tables that both outputs have, in the order of
// each: a table written in one wave only (say, --formats csv against
// json) would otherwise show every cell as changed.
func CommonTables(before, after []report.Table) ([]report.Table, []report.Table) {
	has := func(ts []report.Table, name string) bool {
		for _, t := range ts {
			if t.Name == name {
				return true
			}
		}
		return false
	}
	var b, a []report.Table
	for _, t := range before {
		if has(after, t.Name) {
			b = append(b, t)
		}
	}
	for _, t := range after {
		if has(before, t.Name) {
			a = append(a, t)
		}
	}
	return b, a
}
