package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"clusterchain/network"
)

// Ranked is a node or cluster index with the value it was ranked by.
type Ranked struct {
	Index int32
	Value float64
}

// TopNodes returns the k nodes with the largest value of fig, ties broken
// by node order (type, then id).
func TopNodes(a *network.Analysis, k int, fig func(network.NodeFigures) float64) []Ranked {
	r := make([]Ranked, len(a.Nodes))
	for i, f := range a.Nodes {
		r[i] = Ranked{int32(i), fig(f)}
	}
	return top(r, k)
}

// TopClusters returns the k clusters with the largest value of fig, ties
// broken by id, leaving out clusters with no outgoing volume.
func TopClusters(a *network.Analysis, k int, fig func(network.ClusterFigures) float64) []Ranked {
	var r []Ranked
	for i, f := range a.Clusters {
		if f.OutVolume > 0 {
			r = append(r, Ranked{int32(i), fig(f)})
		}
	}
	return top(r, k)
}

func top(r []Ranked, k int) []Ranked {
	sort.SliceStable(r, func(i, j int) bool { return r[i].Value > r[j].Value })
	if len(r) > k {
		r = r[:k]
	}
	return r
}

// WriteSummary writes the short text summary that analyze prints: the
// dataset's size, warnings, the clusters most tied to markets and the
// most central nodes.
func WriteSummary(w io.Writer, r *Run) error {
	a := r.Analysis
	nw := a.Network
	nodes := nw.Nodes()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s: %s, %s, %s in %s; %s, %s\n", nameOr(nw.Name()),
		Count(nw.Count(network.Firm), "firm"), Count(nw.Count(network.Market), "market"),
		Count(nw.Count(network.Buyer), "buyer"), Count(len(nw.Clusters()), "cluster"),
		Count(len(nw.Links()), "link"), Count(len(a.Rings), "pooling ring"))
	if len(r.Warnings) > 0 {
		fmt.Fprintf(tw, "%s:\n", Count(len(r.Warnings), "warning"))
		for _, wn := range r.Warnings {
			fmt.Fprintf(tw, "  %s\n", oneLine(wn))
		}
	}
	if tc := TopClusters(a, 5, func(f network.ClusterFigures) float64 { return f.MarketShare }); len(tc) > 0 {
		fmt.Fprintln(tw, "\nclusters most tied to specialized markets (market_share of out-volume):")
		for _, c := range tc {
			cl := nw.Clusters()[c.Index]
			fmt.Fprintf(tw, "  %s\t%s\t%.1f%%\n", oneLine(cl.ID), oneLine(cl.Name), 100*c.Value)
		}
	}
	if fs := Findings(a); len(fs) > 0 {
		fmt.Fprintln(tw, "\nin words:")
		for _, f := range fs {
			fmt.Fprintf(tw, "  - %s\n", oneLine(f))
		}
	}
	for _, m := range []struct {
		name string
		fig  func(network.NodeFigures) float64
	}{
		{"pagerank", func(f network.NodeFigures) float64 { return f.PageRank }},
		{"betweenness", func(f network.NodeFigures) float64 { return f.Betweenness }},
	} {
		fmt.Fprintf(tw, "\nmost central by %s:\n", m.name)
		for _, n := range TopNodes(a, 5, m.fig) {
			nd := nodes[n.Index]
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%.4g\n", oneLine(nd.ID), nd.Type, oneLine(nd.Name), n.Value)
		}
	}
	return tw.Flush()
}

// Count writes "1 firm", "2 firms".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey") {
		return fmt.Sprintf("%d %sies", n, noun[:len(noun)-1])
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func nameOr(s string) string {
	if s == "" {
		return "dataset"
	}
	return oneLine(s)
}

// oneLine keeps user text from breaking the terminal layout.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
