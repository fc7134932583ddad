package report

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"clusterchain/network"
)

// Provenance says what produced a run, so that a figure of report.html
// can be cited and reproduced: the tool's version, the command line and
// the input files with their SHA-256. It holds no time: the same input and
// the same command give the same bytes.
type Provenance struct {
	// Version is the tool's version line (module version, commit).
	Version string
	// Command is the command line that reproduces the run.
	Command string
	// Inputs are the files the run read, in the order they were read.
	Inputs []InputFile
}

// InputFile is one file a run read.
type InputFile struct {
	// Name is the file's name as the run names it (relative to the
	// dataset, or as given on the command line).
	Name string
	// Size is its length in bytes.
	Size int64
	// SHA256 is its SHA-256 in lowercase hexadecimal.
	SHA256 string
}

// The diagrams report.html shows, in page order, by view name: the key
// of WriteHTML's diagrams and the name of the file beside the report.
var htmlViews = []string{"flows", "clusters", "tiers", "network"}

// WriteHTML writes report.html: one self-contained page for a person — the
// findings in words with the model assumptions they rest on, the clusters
// and their linkage to markets, a profile of every cluster (chokepoints
// and channels to its buyers included), the most central nodes with what
// each measure rewards, the position in the chain (trophic levels, the
// network's figures of SPEC §5 in words), subcontracting depth, the
// degree distribution with its fitted tail, the diagrams (inline with pan and zoom, linked to
// their full-size files when Run.Files lists them), a methods section
// generated from the column registry (definition, formula, reference and
// unit of every figure), and how to cite and reproduce the run
// (Run.Provenance). Run.Lang picks the language; Run.Unit follows every
// volume.
//
// diagrams maps "flows", "clusters", "tiers" and "network" to SVG;
// missing ones are left out. Every user text is made visible (Shown) and
// escaped by html/template; the page loads nothing from elsewhere, and a
// Content-Security-Policy lets only its own script run.
func WriteHTML(w io.Writer, r *Run, diagrams map[string][]byte) error {
	return writeHTML(w, r, diagrams, newLang(r.Lang))
}

// writeHTML is WriteHTML in language l.
func writeHTML(w io.Writer, r *Run, diagrams map[string][]byte, l lang) error {
	p := buildPage(r, diagrams, l)
	var buf bytes.Buffer
	t, err := pageTemplate.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{"t": p.l.T})
	if err := t.Execute(&buf, p); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// page is everything the template shows.
type page struct {
	l                lang
	Lang, CSP        string
	Title, Subtitle  string
	Lead             string
	Facts            []fact
	Findings         []Finding
	Warnings, Notes  []string
	Estimate         string
	Unit             string
	TOC              []tocEntry
	Clusters         *clustersSection
	Flows            []figure
	Profiles         []profile
	Central          []topTable
	CentralNote      string
	Brokers          *brokersTable
	Cascades         *brokersTable
	Position         *positionSection
	Chain            *chainSection
	Structure        *structureSection
	Methods          methods
	Provenance       *provenanceSection
	Footer           string
	figureNumber     int
	hasFile          map[string]bool
	unitHeading      string
	estimated        bool
	nodeName, nodeID func(int32) string
}

type fact struct{ Label, Value string }

type tocEntry struct{ ID, Title string }

// figure is a diagram, inline with pan and zoom.
type figure struct {
	ID, Number, Title, Caption string
	File                       string // the full-size file beside the report, "" when none
	SVG                        template.HTML
	Wide                       bool // wider than tall: printed on a landscape page
}

const (
	// maxName is how much of a name the page shows (terminal columns).
	maxName = 120
	// topRows is the length of each top-nodes table.
	topRows = 10
)

// disp is user text as the page shows it.
func disp(s string) string { return Shown(s, maxName) }

func buildPage(r *Run, diagrams map[string][]byte, l lang) *page {
	a := r.Analysis
	nw := a.Network
	nodes := nw.Nodes()
	p := &page{l: l, Lang: l.code(), CSP: contentSecurityPolicy,
		Title: disp(nameOr(nw.Name())), Warnings: slices.Clone(r.Warnings), Notes: slices.Clone(r.Notes), hasFile: map[string]bool{}}
	for _, f := range r.Files {
		p.hasFile[f] = true
	}
	// The page cuts its own copies: r's warnings are also written, uncut,
	// into report.json, concurrently.
	for i, wn := range p.Warnings {
		p.Warnings[i] = Shown(wn, maxLine)
	}
	for i, n := range p.Notes {
		p.Notes[i] = Shown(n, maxLine)
	}
	p.nodeName = func(i int32) string { return disp(nodes[i].Name) }
	p.nodeID = func(i int32) string { return disp(nodes[i].ID) }
	if r.Unit != "" {
		p.Unit = Shown(r.Unit, maxValue)
		p.unitHeading = " (" + p.Unit + ")"
	}
	p.Subtitle = l.T("Supply-chain network analysis")
	p.Lead = l.T("%s, %s and %s in %s; %s and %s.", l.Count(nw.Count(network.Firm), "firm"), l.Count(nw.Count(network.Market), "market"),
		l.Count(nw.Count(network.Buyer), "buyer"), l.Count(len(nw.Clusters()), "cluster"), l.Count(len(nw.Links()), "link"),
		l.Count(len(a.Rings), "pooling ring"))
	p.facts(r)
	p.Findings = append(findingsIn(a, r.Unit, l), chainFindingsIn(a, r.Unit, l)...)
	p.Findings = append(p.Findings, riskFindingsIn(a, l)...)
	if e, ok := a.Estimate(); ok {
		p.estimated = true
		p.Estimate = l.T("Betweenness, closeness and harmonic are estimates from %s of %s sources (seed %d), shown as value ± standard error (SE): the exact value lies within ±%g SE of the estimate for at least %s of the %d nodes of highest estimated betweenness, and of the nodes with a closeness or harmonic estimate above 0.",
			thousands(e.Sources), thousands(e.Nodes), e.Seed, e.Z, pct0(e.Coverage), e.Top)
	}

	p.Clusters = p.clustersSection(r)
	for _, v := range []string{"flows", "clusters"} {
		if f, ok := p.figure(v, diagrams); ok {
			p.Flows = append(p.Flows, f)
		}
	}
	p.Profiles = p.profiles(r)
	p.central(r)
	p.Position = p.positionSection(r)
	p.Cascades = p.cascades(r)
	p.Chain = p.chainSection(r, diagrams)
	p.Structure = p.structureSection(r, diagrams)
	p.Methods = p.methods(r)
	p.Provenance = p.provenance(r)
	p.Footer = l.T("Written by clusterchain (its version: Citation and reproduction). Figures follow NetworkX 2.8 and R sna conventions (see Methods); report.json holds every value.")

	p.TOC = append(p.TOC, tocEntry{"findings", l.T("Findings")})
	if p.Clusters != nil {
		p.TOC = append(p.TOC, tocEntry{"clusters", l.T("Clusters and markets")})
	}
	if len(p.Flows) > 0 {
		p.TOC = append(p.TOC, tocEntry{"flows", l.T("Where the output goes")})
	}
	if len(p.Profiles) > 0 {
		p.TOC = append(p.TOC, tocEntry{"profiles", l.T("Cluster profiles")})
	}
	p.TOC = append(p.TOC, tocEntry{"central", l.T("Most central nodes")})
	if p.Position != nil {
		p.TOC = append(p.TOC, tocEntry{"position", l.T("Position in the chain")})
	}
	if p.Cascades != nil {
		p.TOC = append(p.TOC, tocEntry{"cascades", l.T("Failures that spread")})
	}
	if p.Chain != nil {
		p.TOC = append(p.TOC, tocEntry{"chain", l.T("Subcontracting")})
	}
	p.TOC = append(p.TOC, tocEntry{"structure", l.T("Network structure")},
		tocEntry{"methods", l.T("Methods")}, tocEntry{"provenance", l.T("Citation and reproduction")})
	return p
}

func thousands(n int) string { return number(float64(n)) }

// vol is a volume with the report's unit.
func (p *page) vol(x float64) string {
	if p.Unit == "" {
		return number(x)
	}
	return number(x) + " " + p.Unit
}

// facts are the key figures under the title.
func (p *page) facts(r *Run) {
	a, l := r.Analysis, p.l
	total, out, reach, toMarkets := 0.0, 0.0, 0.0, 0.0
	for _, lk := range a.Network.Links() {
		total += lk.Volume
	}
	for _, c := range a.Clusters {
		out += c.OutVolume
		reach += c.BuyerReach * c.OutVolume
		toMarkets += c.MarketShare * c.OutVolume
	}
	p.Facts = append(p.Facts, fact{l.T("volume of all links"), p.vol(total)})
	if len(a.Clusters) > 0 {
		p.Facts = append(p.Facts, fact{l.T("clusters' output, out(C)"), p.vol(out)},
			fact{l.T("of it sold through specialized markets"), pct(ratio(toMarkets, out))},
			fact{l.T("of it reaching multinational buyers"), pct(ratio(reach, out))})
	}
	maxDepth := int32(-1)
	for _, c := range a.Clusters {
		maxDepth = max(maxDepth, c.MaxDepth)
	}
	if maxDepth >= 0 {
		p.Facts = append(p.Facts, fact{l.T("deepest subcontracting chain"), l.Count(int(maxDepth), "tier")})
	}
	if p.Unit == "" {
		p.Facts = append(p.Facts, fact{l.T("volume unit"), l.T("not stated")})
	} else {
		p.Facts = append(p.Facts, fact{l.T("volume unit"), p.Unit})
	}
}

// figure is the diagram of view v, numbered in page order.
func (p *page) figure(v string, diagrams map[string][]byte) (figure, bool) {
	svg := diagrams[v]
	if len(svg) == 0 {
		return figure{}, false
	}
	p.figureNumber++
	l := p.l
	f := figure{ID: "fig-" + v, Number: l.T("Figure %d", p.figureNumber)}
	switch v {
	case "flows":
		f.Title = l.T("Where the clusters' output goes")
		f.Caption = l.T("Sankey diagram, cluster → specialized market → buyer; band widths are volumes. Markets pass goods on in proportion to their outgoing volumes (the model assumption of buyer_reach, see Methods).")
	case "clusters":
		f.Title = l.T("Clusters, specialized markets and buyers")
		f.Caption = l.T("Each edge is a cluster's sales to a market or buyer, labelled with its share of the cluster's output; the diagram states which small shares it leaves unlabelled.")
	case "tiers":
		f.Title = l.T("Subcontracting chains")
		f.Caption = l.T("One panel per cluster: lead firms (tier 0) on top, each row one subcontracting step further down; pooling rings boxed.")
	case "network":
		f.Title = l.T("The whole network")
		f.Caption = l.T("Every cluster's firms in its box, the specialized markets they sell through and the multinational buyers, goods flowing left to right; large networks are folded (see the notes on the diagrams).")
	}
	if file := v + ".svg"; p.hasFile[file] {
		f.File = file
	}
	body, w, h := inlineSVG(svg, f.ID)
	f.SVG = template.HTML(body) // laid out by viz, every label escaped for XML
	f.Wide = w > 1.1*h
	return f, true
}

// clustersSection is the clusters table, the shares chart and the heat map.
type clustersSection struct {
	Note, BootNote           string
	Head                     []string
	Rows                     []clusterRow
	Chart                    template.HTML
	ChartNote                string
	HeatNote                 string
	HeatMarkets              []heatHead
	Heat                     []heatRow
	HeatScaleLo, HeatScaleHi template.CSS
}

type clusterRow struct {
	Anchor, ID, Name                          string
	Firms, Internal                           string
	Out, Market, Buyer, Firm, Reach, Top, HHI string
	Depth, Rings                              string
	MarketCI, BuyerCI, ReachCI                string
}

type heatHead struct{ Name, ID string }

type heatCell struct {
	Text, Tip string
	Style     template.CSS
}

type heatRow struct {
	Cluster string
	Cells   []heatCell
}

func (p *page) clustersSection(r *Run) *clustersSection {
	a, l := r.Analysis, p.l
	nw := a.Network
	if len(nw.Clusters()) == 0 {
		return nil
	}
	s := &clustersSection{}
	s.Head = []string{l.T("cluster"), l.T("firms"), l.T("internal links"), l.T("out-volume") + p.unitHeading,
		l.T("through markets"), l.T("direct to buyers"), l.T("to other firms"), l.T("reaches buyers"),
		l.T("top customer"), l.T("customer HHI"), l.T("deepest chain"), l.T("pooling rings")}
	half := 0
	for i, c := range nw.Clusters() {
		f := a.Clusters[i]
		row := clusterRow{Anchor: clusterAnchor(i), ID: disp(c.ID), Name: disp(c.Name), Firms: thousands(f.Firms),
			Internal: thousands(f.InternalLinks), Out: number(f.OutVolume),
			Market: pct(f.MarketShare), Buyer: pct(f.BuyerShare), Firm: pct(f.FirmShare), Reach: pct(f.BuyerReach),
			HHI: "–", Depth: "–", Rings: strings.ReplaceAll(disp(RingsCell(a, f.Rings)), ";", "; ")}
		if b := a.Bootstrap; b != nil { // --bootstrap: the 95% interval beside each share
			iv := b.Clusters[i]
			ci := func(x network.Interval) string { return " (" + pct(x.Lo) + "–" + pct(x.Hi) + ")" }
			row.MarketCI, row.BuyerCI, row.ReachCI = ci(iv.MarketShare), ci(iv.BuyerShare), ci(iv.BuyerReach)
		}
		if f.MaxDepth >= 0 {
			row.Depth = l.Count(int(f.MaxDepth), "tier")
		}
		if f.TopCustomer >= 0 {
			row.Top = l.T("%s (%s)", p.nodeName(f.TopCustomer), pct(f.TopCustomerShare))
			row.HHI = fmt.Sprintf("%.2f", f.CustomerHHI)
		}
		if f.OutVolume > 0 && f.MarketShare > 0.5 {
			half++
		}
		s.Rows = append(s.Rows, row)
	}
	withOut := 0
	for _, f := range a.Clusters {
		if f.OutVolume > 0 {
			withOut++
		}
	}
	s.Note = l.Join(l.T("Each row splits a cluster's output — out(C), its firms' sales and subcontracting to nodes outside it — by where it goes; the three shares sum to 100%%. \"Reaches buyers\" follows the goods on through the markets, under the model assumption that every market passes goods on in proportion to its outgoing volumes (see Methods)."),
		l.T("%s of %d sell more than half of their output through specialized markets: the Zhejiang model of clusters tied to markets.", l.Count(half, "cluster"), withOut))
	if b := a.Bootstrap; b != nil {
		s.BootNote = l.T("In brackets: the 95%% bootstrap interval of each share, from %s of every cluster's firms (drawn with replacement, seed %d); see Methods.",
			l.Count(b.Replicates, "resample"), b.Seed)
	}
	s.Chart, s.ChartNote = p.sharesChart(r)

	// Heat map: clusters × the markets with most intake (at most 25).
	nodes := nw.Nodes()
	var markets []int32
	for i, nd := range nodes {
		if nd.Type == network.Market {
			markets = append(markets, int32(i))
		}
	}
	if len(markets) == 0 || len(a.Linkage) == 0 {
		return s
	}
	sort.SliceStable(markets, func(i, j int) bool { return a.Nodes[markets[i]].InVolume > a.Nodes[markets[j]].InVolume })
	s.HeatNote = l.T("Each cell is the market's share of the cluster's output; darker is stronger. A dark column is a market many clusters depend on, a row with one dark cell a cluster tied to one market. Hover a cell for the volume, the share of the cluster's firms that sell there (reach) and the market's reliance on the cluster (dependence).")
	if len(markets) > 25 {
		markets = markets[:25]
		s.HeatNote = l.Join(s.HeatNote, l.T("The 25 markets with the largest intake are shown; linkage.csv has every pair."))
	}
	col := map[int32]int{}
	for k, m := range markets {
		col[m] = k
		s.HeatMarkets = append(s.HeatMarkets, heatHead{p.nodeName(m), p.nodeID(m)})
	}
	cells := make([][]heatCell, len(nw.Clusters()))
	for c := range cells {
		cells[c] = make([]heatCell, len(markets))
	}
	for _, lk := range a.Linkage {
		if k, ok := col[lk.Market]; ok {
			cells[lk.Cluster][k] = heatCell{Text: pct0(lk.Share), Style: template.CSS(heat(lk.Share)),
				Tip: l.T("volume %s, reach %s, dependence %s", p.vol(lk.Volume), pct(lk.Reach), pct(lk.Dependence))}
		}
	}
	for c, cl := range nw.Clusters() {
		s.Heat = append(s.Heat, heatRow{Cluster: disp(cl.Name), Cells: cells[c]})
	}
	s.HeatScaleLo, s.HeatScaleHi = template.CSS(heat(0)), template.CSS(heat(1))
	return s
}

// clusterAnchor is the id of cluster i's profile.
func clusterAnchor(i int) string { return fmt.Sprintf("cluster-%d", i+1) }

// topTable is one top-ten table with what its measure rewards.
type topTable struct {
	ID, Figure, Note string
	Head             []string
	Rows             []topRow
}

type topRow struct{ Name, ID, Type, Cluster, Value string }

func (p *page) central(r *Run) {
	a, l := r.Analysis, p.l
	nw := a.Network
	nodes := nw.Nodes()
	clusterName := func(i int32) string {
		if c := nw.ClusterOf(i); c >= 0 {
			return disp(nw.Clusters()[c].Name)
		}
		return ""
	}
	p.CentralNote = l.T("The ten nodes with the highest value of each measure (ties in table order: firms, markets, buyers, each by id). Which kind of node leads follows from what the measure rewards, written under each table; the Methods section defines each measure exactly.")
	for _, m := range []struct {
		name, why string
		fig, se   func(network.NodeFigures) float64
	}{
		{"betweenness", "Betweenness counts the shortest supply paths between other nodes that pass through a node. Goods only flow downstream, so only nodes with both suppliers and customers can score: markets that pass goods on, and firms in the middle of subcontracting chains — never a raw supplier (nothing reaches it) nor a buyer (it passes nothing on). A high score marks a broker whose loss lengthens or cuts many chains.",
			func(f network.NodeFigures) float64 { return f.Betweenness }, func(f network.NodeFigures) float64 { return f.BetweennessSE }},
		{"closeness", "Closeness is incoming here: it rewards a node that many others can deliver to in few steps, i.e. the downstream end of the chain, where goods arrive. Markets and buyers, which receive from whole clusters, lead; a firm scores high only when many firms subcontract or supply to it. It says nothing about who sells most.",
			func(f network.NodeFigures) float64 { return f.Closeness }, func(f network.NodeFigures) float64 { return f.ClosenessSE }},
		{"harmonic", "Harmonic centrality is incoming as well (the mean of 1/distance from every other node), so it too ranks the receiving end of the chain; unlike closeness it counts every node that cannot reach the node as 0 instead of rescaling, so it is not inflated for nodes reached by a few close suppliers only.",
			func(f network.NodeFigures) float64 { return f.Harmonic }, func(f network.NodeFigures) float64 { return f.HarmonicSE }},
		{"pagerank", "PageRank follows the volume downstream: a node ranks high when large volumes end up there, directly or through intermediaries, so buyers and the big markets collect most of it. Where nothing goes out (a buyer), the score is spread evenly over all nodes, which lifts every node a little.",
			func(f network.NodeFigures) float64 { return f.PageRank }, nil},
		{"hub", "The hub score (HITS, unweighted) is high for a node that delivers to many good receivers: firms that sell to the main markets and buyers, and markets that supply many buyers. It is the upstream counterpart of authority.",
			func(f network.NodeFigures) float64 { return f.Hub }, nil},
		{"authority", "The authority score (HITS, unweighted) is high for a node that receives from many good deliverers: the markets and buyers that the many cluster firms sell to, and contractors with many subcontractors.",
			func(f network.NodeFigures) float64 { return f.Authority }, nil},
	} {
		t := topTable{ID: "top-" + m.name, Figure: l.T("by %s", l.T(m.name)),
			Head: []string{l.T("node"), l.T("type"), l.T("cluster"), m.name}}
		if l.zh {
			t.Figure = l.T("by %s", l.T(m.name)+"（"+m.name+"）")
		}
		estimated := m.se != nil && p.estimated
		if estimated {
			t.Head[3] = l.T("%s (± SE)", m.name)
		}
		counts := map[network.NodeType]int{}
		tops := TopNodes(a, topRows, m.fig)
		for _, x := range tops {
			nd := nodes[x.Index]
			counts[nd.Type]++
			v := fmt.Sprintf("%.4g", x.Value)
			if estimated {
				v = fmt.Sprintf("~%.4g ± %.2g", x.Value, m.se(a.Nodes[x.Index]))
			}
			t.Rows = append(t.Rows, topRow{Name: p.nodeName(x.Index), ID: p.nodeID(x.Index), Type: l.Type(nd.Type.String()),
				Cluster: clusterName(x.Index), Value: v})
		}
		t.Note = l.Join(l.T(m.why), p.composition(counts, len(tops)))
		p.Central = append(p.Central, t)
	}
	p.Brokers = p.brokers(r)
}

// composition says which kinds of node a top list holds.
func (p *page) composition(counts map[network.NodeType]int, n int) string {
	l := p.l
	if n == 0 {
		return ""
	}
	var parts []string
	for _, t := range []network.NodeType{network.Firm, network.Market, network.Buyer} {
		if c := counts[t]; c > 0 {
			parts = append(parts, l.Count(c, t.String()))
		}
	}
	if counts[network.Firm] == 0 {
		return l.T("Here the top %d are all markets and buyers: %s.", n, l.List(parts))
	}
	return l.T("Here the top %d are %s.", n, l.List(parts))
}

// brokersTable is the top brokers with their Gould–Fernandez roles.
type brokersTable struct {
	Note string
	Head []string
	Rows [][]string
}

func (p *page) brokers(r *Run) *brokersTable {
	a, l := r.Analysis, p.l
	nodes := a.Network.Nodes()
	tops := TopNodes(a, topRows, func(f network.NodeFigures) float64 {
		return float64(f.Coordinator + f.Gatekeeper + f.Representative + f.Itinerant + f.Liaison)
	})
	if len(tops) == 0 || tops[0].Value == 0 {
		return nil
	}
	b := &brokersTable{
		Note: l.T("Open two-paths a → v → b through each node (a and b not tied directly), by the groups of a, v and b: a firm's group is its cluster, every market is in the group \"market\", every buyer in \"buyer\". The roles are defined in Methods; a market between cluster firms and buyers is a liaison, a market that takes a cluster's goods to another market a gatekeeper."),
		Head: []string{l.T("node"), l.T("type"), l.T("coordinator"), l.T("gatekeeper"), l.T("representative"), l.T("itinerant"), l.T("liaison")},
	}
	for _, x := range tops {
		if x.Value == 0 {
			break
		}
		f := a.Nodes[x.Index]
		b.Rows = append(b.Rows, []string{p.nodeName(x.Index), l.Type(nodes[x.Index].Type.String()),
			thousands64(f.Coordinator), thousands64(f.Gatekeeper), thousands64(f.Representative), thousands64(f.Itinerant), thousands64(f.Liaison)})
	}
	return b
}

func thousands64(n int64) string { return number(float64(n)) }

// cascades is the table of the single failures that topple most (with
// --risk).
func (p *page) cascades(r *Run) *brokersTable {
	a, l := r.Analysis, p.l
	if a.Risk == nil {
		return nil
	}
	nodes := a.Network.Nodes()
	t := &brokersTable{
		Note: l.T("The cascade each node's failure alone starts (%s of them were tried): the firms that fail with it, the markets that fail too, the rounds it takes, and the failed firms' out-volume and its share of all firms' sales. A firm or market fails when it loses at least %s of its sales or of its supplies to failed nodes; see Methods.",
			thousands(len(a.Risk)), pctL(l, a.RiskThreshold)),
		Head: []string{l.T("node"), l.T("type"), l.T("firms failed"), l.T("markets failed"), l.T("rounds"),
			l.T("volume failed") + p.unitHeading, l.T("share of firms' sales")},
	}
	for _, x := range topRisks(a.Network, a.Risk, topRows) {
		t.Rows = append(t.Rows, []string{p.nodeName(x.Node), l.Type(nodes[x.Node].Type.String()), thousands(x.FirmsFailed),
			thousands(x.NodesFailed - x.FirmsFailed), thousands(x.Rounds), number(x.VolumeFailed), pctL(l, x.ShareFailed)})
	}
	if len(t.Rows) == 0 {
		t.Note = l.Join(t.Note, l.T("No single failure topples a firm."))
	}
	return t
}

// chainSection is subcontracting: the depth distribution and tiers.svg.
type chainSection struct {
	Note   string
	Depth  []bar
	Figure *figure
}

type bar struct {
	Label, Count string
	Width        template.CSS
}

func (p *page) chainSection(r *Run, diagrams map[string][]byte) *chainSection {
	a, l := r.Analysis, p.l
	depthCount := map[int32]int{}
	maxCount, maxDepth := 0, int32(-1)
	for _, f := range a.Nodes {
		if f.Depth >= 0 {
			depthCount[f.Depth]++
			maxCount = max(maxCount, depthCount[f.Depth])
			maxDepth = max(maxDepth, f.Depth)
		}
	}
	s := &chainSection{}
	if fig, ok := p.figure("tiers", diagrams); ok {
		s.Figure = &fig
	}
	if maxDepth < 0 && s.Figure == nil {
		return nil
	}
	inChains := 0
	for d := int32(0); d <= maxDepth; d++ {
		inChains += depthCount[d]
		s.Depth = append(s.Depth, bar{Label: l.T("depth %d", d), Count: thousands(depthCount[d]),
			Width: template.CSS(fmt.Sprintf("width:%.1f%%", 100*float64(depthCount[d])/float64(max(maxCount, 1))))})
	}
	if maxDepth >= 0 {
		s.Note = l.T("Firms in subcontracting chains (%s) by their depth: the number of subcontracting steps beneath them. Depth 0 is a firm with no subcontractor of its own — the bottom of a chain; the longer the tail, the further the division of labour goes. %s.",
			thousands(inChains), rings(l, len(a.Rings)))
	} else {
		s.Note = l.T("No firm subcontracts for another in this dataset.")
	}
	return s
}

func rings(l lang, n int) string {
	if n == 0 {
		return l.T("No pooling rings (firms that subcontract to each other)")
	}
	return l.T("%s: groups of firms that subcontract to each other to fill large orders together, each collapsed into one unit for tiers and depth", l.Count(n, "pooling ring"))
}

// structureSection is the network as a whole: degrees, communities and
// network.svg.
type structureSection struct {
	Degree     template.HTML
	DegreeNote string
	Community  string
	Figure     *figure
}

func (p *page) structureSection(r *Run, diagrams map[string][]byte) *structureSection {
	a, l := r.Analysis, p.l
	s := &structureSection{}
	s.Degree, s.DegreeNote = p.degreePlot(r)
	ncomm := int32(0)
	for _, f := range a.Nodes {
		ncomm = max(ncomm, f.Community)
	}
	if ncomm > 0 {
		s.Community = l.T("Louvain finds %s in the undirected network weighted by volume (modularity %.2f, seed %d); the normalised mutual information between them and the declared clusters is %.2f (1: the same partition, 0: unrelated).",
			l.Count(int(ncomm), "community"), a.Modularity, r.Seed, a.NMI)
	}
	if fig, ok := p.figure("network", diagrams); ok {
		s.Figure = &fig
	}
	return s
}

// provenanceSection is how to cite and reproduce the run.
type provenanceSection struct {
	Version, Command, Seed, Citation string
	Inputs                           []InputFile
	Files                            []string
}

func (p *page) provenance(r *Run) *provenanceSection {
	l := p.l
	s := &provenanceSection{Seed: fmt.Sprint(r.Seed)}
	for _, f := range r.Files {
		s.Files = append(s.Files, disp(f))
	}
	pv := r.Provenance
	if pv == nil {
		return s
	}
	s.Version = disp(pv.Version)
	s.Command = Shown(pv.Command, maxLine)
	for _, in := range pv.Inputs {
		s.Inputs = append(s.Inputs, InputFile{Name: disp(in.Name), Size: in.Size, SHA256: in.SHA256})
	}
	var hashes []string
	for _, in := range s.Inputs {
		if len(in.SHA256) >= 12 {
			hashes = append(hashes, in.Name+" "+in.SHA256[:12])
		}
	}
	s.Citation = l.T("%s, analysed with %s", p.Title, s.Version)
	if len(hashes) > 0 {
		s.Citation += l.T(" (inputs SHA-256: %s)", strings.Join(hashes, ", "))
	}
	s.Citation += l.T(".")
	return s
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

// inlineSVG prepares an SVG document for the page: the XML prologue and
// any doctype dropped, the fixed width and height replaced by the
// viewBox's aspect (CSS sizes it), and every id (and each reference to
// one) prefixed with prefix, so that ids stay unique across the page. It
// returns the SVG and its own width and height (viewBox units).
func inlineSVG(svg []byte, prefix string) ([]byte, float64, float64) {
	i := bytes.Index(svg, []byte("<svg"))
	if i < 0 {
		return nil, 0, 0
	}
	svg = svg[i:]
	end := bytes.IndexByte(svg, '>')
	if end < 0 {
		return nil, 0, 0
	}
	tag, rest := string(svg[:end]), svg[end:]
	var w, h float64
	if vb := attr(tag, "viewBox"); vb != "" {
		var x, y float64
		fmt.Sscan(vb, &x, &y, &w, &h)
	}
	class := strings.TrimSpace(attr(tag, "class") + " diagram")
	tag = dropAttr(dropAttr(dropAttr(dropAttr(tag, "width"), "height"), "class"), "preserveAspectRatio")
	tag += fmt.Sprintf(` class="%s" preserveAspectRatio="xMidYMid meet"`, class)
	out := append([]byte(tag), rest...)
	if bytes.Contains(out, []byte(` id="`)) {
		out = idAttr.ReplaceAll(out, []byte(` id="`+prefix+`-$1"`))
		out = idRef.ReplaceAll(out, []byte(`${1}#`+prefix+`-`))
	}
	return out, w, h
}

// attr returns the value of attribute name in a start tag.
func attr(tag, name string) string {
	i := strings.Index(tag, " "+name+`="`)
	if i < 0 {
		return ""
	}
	v := tag[i+len(name)+3:]
	if j := strings.IndexByte(v, '"'); j >= 0 {
		return v[:j]
	}
	return ""
}

// dropAttr removes attribute name from a start tag.
func dropAttr(tag, name string) string {
	i := strings.Index(tag, " "+name+`="`)
	if i < 0 {
		return tag
	}
	j := strings.IndexByte(tag[i+len(name)+3:], '"')
	if j < 0 {
		return tag
	}
	return tag[:i] + tag[i+len(name)+3+j+1:]
}

// The page's own script (pan and zoom) and its Content-Security-Policy:
// nothing is loaded from elsewhere, and no script runs but this one (its
// SHA-256 is the only one allowed), so no text from the data could act on
// the page even if it escaped.
var (
	//go:embed assets/report.js
	pageScript string
	//go:embed assets/report.css
	pageCSS string
	//go:embed assets/report.html.tmpl
	pageSource string

	// scriptBlock is the exact content of the page's script element,
	// which the policy's hash covers; the CDATA markers keep the page
	// well-formed XML.
	scriptBlock = "//<![CDATA[\n" + pageScript + "//]]>\n"

	contentSecurityPolicy = func() string {
		sum := sha256.Sum256([]byte(scriptBlock))
		return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" +
			base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
	}()

	// The script is a value of the template, written as it is (literal
	// script text would lose its comments, and the hash would not match).
	pageTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
		"t":      func(s string, args ...any) string { return s },
		"css":    func() template.CSS { return template.CSS(pageCSS) },
		"script": func() template.JS { return template.JS(scriptBlock) },
	}).Parse(pageSource))
)

// Ids and references to ids in an inlined SVG.
var (
	idAttr = regexp.MustCompile(` id="([^"]*)"`)
	idRef  = regexp.MustCompile(`(url\(|href=")#`)
)
