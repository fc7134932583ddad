package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"clusterchain/network"
)

// Column headers of the SPEC §3 tables.
var (
	NodeColumns = []string{"id", "type", "name", "cluster", "in_degree", "out_degree",
		"in_volume", "out_volume", "betweenness", "closeness", "harmonic", "pagerank",
		"tier", "depth", "ring"}
	ClusterColumns = []string{"id", "name", "firms", "internal_links", "out_volume",
		"market_share", "buyer_share", "firm_share", "max_depth", "rings"}
	LinkageColumns = []string{"cluster", "market", "volume", "share", "reach", "dependence"}
)

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

// optInt formats a non-negative int32, or an empty cell for −1.
func optInt(v int32) string {
	if v < 0 {
		return ""
	}
	return strconv.Itoa(int(v))
}

// RingsCell joins ring ids with ";", as clusters.csv writes them.
func RingsCell(a *network.Analysis, rings []int32) string {
	ids := make([]string, len(rings))
	for i, r := range rings {
		ids[i] = a.Network.Nodes()[r].ID
	}
	return strings.Join(ids, ";")
}

func ringID(a *network.Analysis, r int32) string {
	if r < 0 {
		return ""
	}
	return a.Network.Nodes()[r].ID
}

// table writes rows through encoding/csv and returns the first error.
type table struct {
	w *csv.Writer
}

func newTable(w io.Writer, header []string) *table {
	t := &table{w: csv.NewWriter(w)}
	t.w.Write(header)
	return t
}

func (t *table) row(cells ...string) { t.w.Write(cells) }

func (t *table) close() error {
	t.w.Flush()
	return t.w.Error()
}

// WriteNodes writes nodes.csv: one row per node, firms then markets then
// buyers, each by id.
func WriteNodes(w io.Writer, a *network.Analysis) error {
	t := newTable(w, NodeColumns)
	for i, nd := range a.Network.Nodes() {
		f := a.Nodes[i]
		t.row(Text(nd.ID), nd.Type.String(), Text(nd.Name), Text(nd.Cluster),
			strconv.Itoa(f.InDegree), strconv.Itoa(f.OutDegree),
			Float(f.InVolume), Float(f.OutVolume),
			Float(f.Betweenness), Float(f.Closeness), Float(f.Harmonic), Float(f.PageRank),
			optInt(f.Tier), optInt(f.Depth), Text(ringID(a, f.Ring)))
	}
	return t.close()
}

// WriteClusters writes clusters.csv: one row per cluster, by id.
func WriteClusters(w io.Writer, a *network.Analysis) error {
	t := newTable(w, ClusterColumns)
	for i, c := range a.Network.Clusters() {
		f := a.Clusters[i]
		t.row(Text(c.ID), Text(c.Name), strconv.Itoa(f.Firms), strconv.Itoa(f.InternalLinks),
			Float(f.OutVolume), Float(f.MarketShare), Float(f.BuyerShare), Float(f.FirmShare),
			optInt(f.MaxDepth), Text(RingsCell(a, f.Rings)))
	}
	return t.close()
}

// WriteLinkage writes linkage.csv: one row per (cluster, market) pair with
// volume or reach above 0, by cluster then market.
func WriteLinkage(w io.Writer, a *network.Analysis) error {
	t := newTable(w, LinkageColumns)
	for _, l := range a.Linkage {
		t.row(Text(a.Network.Clusters()[l.Cluster].ID), Text(a.Network.Nodes()[l.Market].ID),
			Float(l.Volume), Float(l.Share), Float(l.Reach), Float(l.Dependence))
	}
	return t.close()
}
