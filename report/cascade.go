package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"

	"clusterchain/columns"
	"clusterchain/internal/words"
	"clusterchain/network"
)

// CascadeColumns is the header of cascade.csv (SPEC §6).
var CascadeColumns = []string{"id", "type", "cluster", "round", "reason"}

// CascadeClusterColumns is the header of the per-cluster summary of a
// cascade (cascade_clusters.csv).
var CascadeClusterColumns = []string{"cluster", "firms", "removed", "failed", "volume_failed", "share_failed"}

// CascadeTable is cascade.csv: every node that failed, the removed ones
// (round 0) included, by round, then id.
func CascadeTable(nw *network.Network, c *network.Cascade) Table {
	t := Table{Name: "cascade.csv", Header: CascadeColumns, Keys: 1, Text: []bool{true, true, true, false, true}}
	nodes := nw.Nodes()
	for _, f := range c.Failures {
		nd := nodes[f.Node]
		t.Rows = append(t.Rows, []string{nd.ID, nd.Type.String(), nd.Cluster, strconv.Itoa(f.Round), f.Reason.String()})
	}
	return t
}

// CascadeClustersTable is the per-cluster summary of a cascade: for every
// cluster, by id, its firms, those removed and those that failed, and the
// failed firms' part of out(C) (volume and share).
func CascadeClustersTable(a *network.Analysis, c *network.Cascade) Table {
	t := Table{Name: "cascade_clusters.csv", Header: CascadeClusterColumns, Keys: 1,
		Text: []bool{true, false, false, false, false, false}}
	clusters := a.Network.Clusters()
	for _, l := range c.Clusters {
		t.Rows = append(t.Rows, []string{clusters[l.Cluster].ID, strconv.Itoa(a.Clusters[l.Cluster].Firms),
			strconv.Itoa(l.Removed), strconv.Itoa(l.Failed), Float(l.Volume), Float(l.Share)})
	}
	return t
}

// RiskTable is risk.csv (columns.Risk): one row per node a cascade was
// started from, in node order (by type — firms, markets, buyers — then
// id, as nodes.csv); no rows without Analysis.Risk.
func RiskTable(a *network.Analysis) Table { return registryTable(columns.Risk(), a) }

// WriteCascade writes cascade.csv.
func WriteCascade(w io.Writer, nw *network.Network, c *network.Cascade) error {
	return CascadeTable(nw, c).WriteCSV(w)
}

// WriteRisk writes risk.csv.
func WriteRisk(w io.Writer, a *network.Analysis) error { return RiskTable(a).WriteCSV(w) }

// RiskFindings says in words which single nodes bring down most: up to k
// sentences such as "The failure of 义乌中国小商品城 (market) alone
// topples 31 firms in 3 rounds, 12% of the firms' sales.", for the
// starts that topple the most firms (ties: the larger volume, then the
// smaller id); one sentence saying so when no start topples a firm.
// theta is the threshold the cascades ran at.
func RiskFindings(nw *network.Network, risks []network.Risk, theta float64, k int) []string {
	nodes := nw.Nodes()
	top := topRisks(nw, risks, k)
	if len(top) == 0 {
		if len(risks) == 0 {
			return nil
		}
		return []string{fmt.Sprintf("No single one of the %s whose cascades were run topples a firm "+
			"(a firm fails when it loses %s of its sales or of its supplies).", words.Count(len(risks), "node"), percent(theta))}
	}
	out := make([]string, 0, len(top))
	for _, r := range top {
		nd := nodes[r.Node]
		s := fmt.Sprintf("The failure of %s (%s) alone topples %s in %s, %s of the firms' sales", name(nd.Name), nd.Type,
			words.Count(r.FirmsFailed, "firm"), words.Count(r.Rounds, "round"), percent(r.ShareFailed))
		if m := r.NodesFailed - r.FirmsFailed; m > 0 {
			s += fmt.Sprintf(", and %s with them", words.Count(m, "market"))
		}
		out = append(out, s+".")
	}
	return out
}

// CascadeFinding says in words what one cascade did: "Without
// 义乌中国小商品城, 31 firms fail in 3 rounds, 12% of the firms' sales;
// hardest hit: …". removed are the ids of the removed nodes, named by
// their names.
func CascadeFinding(a *network.Analysis, c *network.Cascade, removed []string) string {
	nw := a.Network
	clusters := nw.Clusters()
	names := make([]string, len(removed))
	for i, id := range removed {
		names[i] = id
		if v, ok := nw.Index(id); ok {
			names[i] = nw.Nodes()[v].Name
		}
	}
	what := fmt.Sprintf("Without %s, %s", listed(names), words.Count(c.FirmsFailed, "firm"))
	if c.FirmsFailed == 0 {
		return what + " fail: the shock stops where it starts."
	}
	s := fmt.Sprintf("%s fail in %s, %s of the firms' sales", what, words.Count(c.Rounds, "round"), percent(c.ShareFailed))
	worst := -1
	for i, l := range c.Clusters {
		if l.Failed > 0 && (worst < 0 || l.Share > c.Clusters[worst].Share) {
			worst = i
		}
	}
	if worst >= 0 {
		l := c.Clusters[worst]
		s += fmt.Sprintf("; hardest hit: %s, where %d of its %s fail, carrying %s of its outgoing volume", name(clusters[l.Cluster].Name),
			l.Failed, words.Count(a.Clusters[l.Cluster].Firms, "firm"), percent(l.Share))
	}
	return s + "."
}

// listed joins names for a sentence: "a", "a and b", "a, b and c".
func listed(s []string) string {
	shown := make([]string, len(s))
	for i, x := range s {
		shown[i] = name(x)
	}
	switch len(shown) {
	case 0:
		return "nothing"
	case 1:
		return shown[0]
	}
	out := shown[0]
	for i := 1; i < len(shown)-1; i++ {
		out += ", " + shown[i]
	}
	return out + " and " + shown[len(shown)-1]
}

// percent writes a share as a whole percentage, or with one decimal below
// 10% ("0.4%"), never rounding a non-zero share to "0%".
func percent(x float64) string {
	p := 100 * x
	switch {
	case p == 0:
		return "0%"
	case p < 0.05:
		return "less than 0.1%"
	case p < 9.95:
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(p, 'f', 0, 64) + "%"
}

// Shock is what whatif --cascade computed: the removed nodes (ids, as
// given), their cascade and the cascades of risk.csv.
type Shock struct {
	Removed []string
	Cascade *network.Cascade
	Risk    []network.Risk
	// RiskAll is true when risk.csv starts from every node, not only the
	// markets and buyers.
	RiskAll bool
}

// topRisks returns up to k rows of risks that topple a firm, most firms
// first (ties: the larger volume, then the smaller id).
func topRisks(nw *network.Network, risks []network.Risk, k int) []network.Risk {
	nodes := nw.Nodes()
	var top []network.Risk
	for _, r := range risks {
		if r.FirmsFailed > 0 {
			top = append(top, r)
		}
	}
	sort.SliceStable(top, func(i, j int) bool {
		a, b := top[i], top[j]
		if a.FirmsFailed != b.FirmsFailed {
			return a.FirmsFailed > b.FirmsFailed
		}
		if a.VolumeFailed != b.VolumeFailed {
			return a.VolumeFailed > b.VolumeFailed
		}
		return nodes[a.Node].ID < nodes[b.Node].ID
	})
	if len(top) > k {
		top = top[:k]
	}
	return top
}

// WriteShock writes the account of a cascade that whatif prints: the
// cascade in words, the clusters it hit (firms failed of the cluster's
// firms, their share of out(C)) and the nodes whose failure alone
// topples most firms.
func WriteShock(w io.Writer, a *network.Analysis, s *Shock) error {
	tw := &errWriter{w: w}
	c := s.Cascade
	fmt.Fprintf(tw, "\ncascade at θ = %s: %s\n", Float(c.Threshold), Shown(CascadeFinding(a, c, s.Removed), maxLine))
	clusters := a.Network.Clusters()
	var rows [][]string
	for _, l := range c.Clusters {
		if l.Failed == 0 && l.Removed == 0 {
			continue
		}
		row := []string{Shown(clusters[l.Cluster].ID, maxValue), Shown(clusters[l.Cluster].Name, maxValue),
			fmt.Sprintf("%d of %d failed", l.Failed, a.Clusters[l.Cluster].Firms), percent(l.Share) + " of out(C)"}
		if l.Removed > 0 {
			row = append(row, fmt.Sprintf("(%d removed)", l.Removed))
		}
		rows = append(rows, row)
	}
	if len(rows) > 0 {
		fmt.Fprintln(tw, "clusters hit:")
		writeTable(tw, "  ", rows)
	}
	if fs := RiskFindings(a.Network, s.Risk, c.Threshold, 3); len(fs) > 0 {
		fmt.Fprintln(tw, "single failures that topple most (risk.csv):")
		for _, f := range fs {
			fmt.Fprintf(tw, "  - %s\n", Shown(f, maxLine))
		}
	}
	return tw.err
}
