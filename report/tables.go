package report

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"clusterchain/network"
)

// Table is one output table as text cells: what the CSV files hold and
// what whatif and diff compare.
type Table struct {
	// Name is the file name, e.g. "nodes.csv".
	Name   string
	Header []string
	// Keys is the number of leading columns that identify a row.
	Keys int
	// Text marks the columns that hold text (ids, names): their cells are
	// always neutralised for spreadsheets. Cells of other columns are
	// neutralised only when they are not numbers (so −3.5 stays a number).
	Text []bool
	Rows [][]string
}

// Column headers of the output tables (SPEC §3 and §4).
var (
	NodeColumns = []string{"id", "type", "name", "cluster", "in_degree", "out_degree",
		"in_volume", "out_volume", "betweenness", "closeness", "harmonic", "pagerank",
		"tier", "depth", "ring",
		// SPEC §4
		"hub", "authority", "constraint", "effective_size", "core", "cut",
		"coordinator", "gatekeeper", "representative", "itinerant", "liaison",
		"customer_hhi", "top_customer_share", "community"}
	ClusterColumns = []string{"id", "name", "firms", "internal_links", "out_volume",
		"market_share", "buyer_share", "firm_share", "max_depth", "rings",
		// SPEC §4
		"customer_hhi", "top_customer", "top_customer_share", "buyer_reach"}
	LinkageColumns    = []string{"cluster", "market", "volume", "share", "reach", "dependence"}
	ReachColumns      = []string{"cluster", "buyer", "direct", "via_markets", "share"}
	ResilienceColumns = []string{"id", "type", "volume_at_risk", "clusters_affected", "worst_cluster", "worst_share"}
)

// textColumns marks the named columns of header as text.
func textColumns(header []string, names ...string) []bool {
	t := make([]bool, len(header))
	for i, h := range header {
		for _, n := range names {
			if h == n {
				t[i] = true
			}
		}
	}
	return t
}

// Float formats x in the shortest form that reads back to the same value.
func Float(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Text neutralises a cell for spreadsheets: text starting with =, +, - or
// @ gets a leading apostrophe so that it is shown, not run.
func Text(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// optFloat formats x, or an empty cell for NaN (a figure that is not
// defined for the row).
func optFloat(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return Float(x)
}

// optInt formats a non-negative int32, or an empty cell for −1.
func optInt(v int32) string {
	if v < 0 {
		return ""
	}
	return strconv.Itoa(int(v))
}

func i64(v int64) string { return strconv.FormatInt(v, 10) }

func nodeID(a *network.Analysis, i int32) string {
	if i < 0 {
		return ""
	}
	return a.Network.Nodes()[i].ID
}

// RingsCell joins ring ids with ";", as clusters.csv writes them.
func RingsCell(a *network.Analysis, rings []int32) string {
	ids := make([]string, len(rings))
	for i, r := range rings {
		ids[i] = a.Network.Nodes()[r].ID
	}
	return strings.Join(ids, ";")
}

// NodesTable is nodes.csv: one row per node, firms then markets then
// buyers, each by id.
func NodesTable(a *network.Analysis) Table {
	t := Table{Name: "nodes.csv", Header: NodeColumns, Keys: 1, Text: nodeText}
	t.Rows = make([][]string, len(a.Nodes))
	for i := range a.Nodes {
		t.Rows[i] = nodeRow(a, i, make([]string, len(NodeColumns)))
	}
	return t
}

// The columns of each output table that hold text (ids, names, kinds,
// flags) rather than numbers: always neutralised when written, and never
// the subject of a numeric threshold in diff.
var (
	nodeText       = textColumns(NodeColumns, "id", "type", "name", "cluster", "ring", "cut")
	clusterText    = textColumns(ClusterColumns, "id", "name", "rings", "top_customer")
	linkageText    = textColumns(LinkageColumns, "cluster", "market")
	reachText      = textColumns(ReachColumns, "cluster", "buyer")
	resilienceText = textColumns(ResilienceColumns, "id", "type", "worst_cluster")
)

// isTextColumn reports whether column of the output table named table
// ("nodes.csv", …) holds text.
func isTextColumn(table, column string) bool {
	var header []string
	var text []bool
	switch table {
	case "nodes.csv":
		header, text = NodeColumns, nodeText
	case "clusters.csv":
		header, text = ClusterColumns, clusterText
	case "linkage.csv":
		header, text = LinkageColumns, linkageText
	case "reach.csv":
		header, text = ReachColumns, reachText
	case "resilience.csv":
		header, text = ResilienceColumns, resilienceText
	}
	i := slices.Index(header, column)
	return i >= 0 && text[i]
}

// nodeRow fills rec with the cells of node i's row of nodes.csv.
func nodeRow(a *network.Analysis, i int, rec []string) []string {
	nd, f := &a.Network.Nodes()[i], &a.Nodes[i]
	rec = append(rec[:0], nd.ID, nd.Type.String(), nd.Name, nd.Cluster,
		strconv.Itoa(f.InDegree), strconv.Itoa(f.OutDegree),
		Float(f.InVolume), Float(f.OutVolume),
		Float(f.Betweenness), Float(f.Closeness), Float(f.Harmonic), Float(f.PageRank),
		optInt(f.Tier), optInt(f.Depth), nodeID(a, f.Ring),
		Float(f.Hub), Float(f.Authority), optFloat(f.Constraint), optFloat(f.EffectiveSize),
		strconv.Itoa(int(f.Core)), strconv.FormatBool(f.Cut),
		i64(f.Coordinator), i64(f.Gatekeeper), i64(f.Representative), i64(f.Itinerant), i64(f.Liaison),
		optFloat(f.CustomerHHI), optFloat(f.TopCustomerShare), strconv.Itoa(int(f.Community)))
	return rec
}

// ClustersTable is clusters.csv: one row per cluster, by id.
func ClustersTable(a *network.Analysis) Table {
	t := Table{Name: "clusters.csv", Header: ClusterColumns, Keys: 1, Text: clusterText}
	for i, c := range a.Network.Clusters() {
		f := a.Clusters[i]
		t.Rows = append(t.Rows, []string{c.ID, c.Name, strconv.Itoa(f.Firms), strconv.Itoa(f.InternalLinks),
			Float(f.OutVolume), Float(f.MarketShare), Float(f.BuyerShare), Float(f.FirmShare),
			optInt(f.MaxDepth), RingsCell(a, f.Rings),
			optFloat(f.CustomerHHI), nodeID(a, f.TopCustomer), optFloat(f.TopCustomerShare),
			Float(f.BuyerReach)})
	}
	return t
}

// LinkageTable is linkage.csv: one row per (cluster, market) pair with
// volume or reach above 0, by cluster then market.
func LinkageTable(a *network.Analysis) Table {
	t := Table{Name: "linkage.csv", Header: LinkageColumns, Keys: 2, Text: linkageText}
	for _, l := range a.Linkage {
		t.Rows = append(t.Rows, []string{a.Network.Clusters()[l.Cluster].ID, a.Network.Nodes()[l.Market].ID,
			Float(l.Volume), Float(l.Share), Float(l.Reach), Float(l.Dependence)})
	}
	return t
}

// ReachTable is reach.csv: the volume of each cluster that ends at each
// buyer, directly and through markets; pairs with volume > 0, by cluster
// then buyer.
func ReachTable(a *network.Analysis) Table {
	t := Table{Name: "reach.csv", Header: ReachColumns, Keys: 2, Text: reachText}
	for _, r := range a.Reach {
		t.Rows = append(t.Rows, []string{a.Network.Clusters()[r.Cluster].ID, a.Network.Nodes()[r.Buyer].ID,
			Float(r.Direct), Float(r.ViaMarkets), Float(r.Share)})
	}
	return t
}

// ResilienceTable is resilience.csv: for every market and buyer, by id,
// the cluster volume that stops reaching buyers without it.
func ResilienceTable(a *network.Analysis) Table {
	t := Table{Name: "resilience.csv", Header: ResilienceColumns, Keys: 1, Text: resilienceText}
	for _, r := range a.Resilience {
		nd := a.Network.Nodes()[r.Node]
		worst := ""
		if r.WorstCluster >= 0 {
			worst = a.Network.Clusters()[r.WorstCluster].ID
		}
		t.Rows = append(t.Rows, []string{nd.ID, nd.Type.String(), Float(r.VolumeAtRisk),
			strconv.Itoa(r.ClustersAffected), worst, Float(r.WorstShare)})
	}
	return t
}

// Tables returns every output table of an analysis, in file order.
func Tables(a *network.Analysis) []Table {
	return []Table{NodesTable(a), ClustersTable(a), LinkageTable(a), ReachTable(a), ResilienceTable(a)}
}

// WriteCSV writes t as CSV, neutralising its text cells for spreadsheets.
func (t Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(t.Header)
	rec := make([]string, len(t.Header))
	for _, row := range t.Rows {
		cw.Write(neutralise(row, t.Text, rec))
	}
	cw.Flush()
	return cw.Error()
}

// neutralise copies row into rec with the cells a spreadsheet would run
// given a leading apostrophe: every cell of a text column, and cells of
// other columns that are not numbers (so −3.5 stays a number). Only a
// cell that starts with =, +, - or @ can change, so only those are parsed.
func neutralise(row []string, text []bool, rec []string) []string {
	for i, cell := range row {
		if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) && ((text != nil && text[i]) || !isNumber(cell)) {
			cell = Text(cell)
		}
		rec[i] = cell
	}
	return rec
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// WriteNodes writes nodes.csv without holding the table in memory as
// text: blocks of rows are formatted on every core, a few rounds at a
// time, and written in row order, so the bytes do not depend on the
// number of cores.
func WriteNodes(w io.Writer, a *network.Analysis) error {
	cw := csv.NewWriter(w)
	cw.Write(NodeColumns)
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	const blockRows = 4096
	n := len(a.Nodes)
	workers := runtime.GOMAXPROCS(0)
	bufs := make([]bytes.Buffer, 2*workers)
	for start := 0; start < n; start += len(bufs) * blockRows {
		var wg sync.WaitGroup
		for b := range bufs {
			lo := start + b*blockRows
			if lo >= n {
				break
			}
			wg.Add(1)
			go func(buf *bytes.Buffer, lo, hi int) {
				defer wg.Done()
				buf.Reset()
				bw := csv.NewWriter(buf)
				row := make([]string, 0, len(NodeColumns))
				rec := make([]string, len(NodeColumns))
				for i := lo; i < hi; i++ {
					row = nodeRow(a, i, row)
					bw.Write(neutralise(row, nodeText, rec)) // a bytes.Buffer does not fail
				}
				bw.Flush()
			}(&bufs[b], lo, min(lo+blockRows, n))
		}
		wg.Wait()
		for b := range bufs {
			if start+b*blockRows >= n {
				break
			}
			if _, err := w.Write(bufs[b].Bytes()); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteClusters writes clusters.csv.
func WriteClusters(w io.Writer, a *network.Analysis) error { return ClustersTable(a).WriteCSV(w) }

// WriteLinkage writes linkage.csv.
func WriteLinkage(w io.Writer, a *network.Analysis) error { return LinkageTable(a).WriteCSV(w) }

// WriteReach writes reach.csv.
func WriteReach(w io.Writer, a *network.Analysis) error { return ReachTable(a).WriteCSV(w) }

// WriteResilience writes resilience.csv.
func WriteResilience(w io.Writer, a *network.Analysis) error { return ResilienceTable(a).WriteCSV(w) }
