package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/text/width"

	"clusterchain/internal/textsafe"
	"clusterchain/internal/words"
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

// top returns the k largest of r by value, ties in their order in r:
// what a stable sort by falling value would put first, in O(len(r)·k)
// rather than sorting a million nodes to show five.
func top(r []Ranked, k int) []Ranked {
	if k <= 0 {
		return nil
	}
	best := make([]Ranked, 0, k+1)
	for _, x := range r {
		if len(best) == k && !(x.Value > best[k-1].Value) {
			continue
		}
		j := len(best)
		for j > 0 && x.Value > best[j-1].Value {
			j--
		}
		best = slices.Insert(best, j, x)
		if len(best) > k {
			best = best[:k]
		}
	}
	return best
}

// WriteSummary writes the short text summary that analyze prints: the
// dataset's size, warnings, the clusters most tied to markets and the
// most central nodes.
func WriteSummary(w io.Writer, r *Run) error {
	a := r.Analysis
	nw := a.Network
	nodes := nw.Nodes()
	tw := &errWriter{w: w}
	fmt.Fprintf(tw, "%s: %s, %s, %s in %s; %s, %s\n", Shown(nameOr(nw.Name()), maxValue),
		Count(nw.Count(network.Firm), "firm"), Count(nw.Count(network.Market), "market"),
		Count(nw.Count(network.Buyer), "buyer"), Count(len(nw.Clusters()), "cluster"),
		Count(len(nw.Links()), "link"), Count(len(a.Rings), "pooling ring"))
	if len(r.Warnings) > 0 {
		fmt.Fprintf(tw, "%s:\n", Count(len(r.Warnings), "warning"))
		for _, wn := range r.Warnings {
			fmt.Fprintf(tw, "  %s\n", Shown(wn, maxLine))
		}
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(tw, "diagrams simplified:")
		for _, n := range r.Notes {
			fmt.Fprintf(tw, "  %s\n", Shown(n, maxLine))
		}
	}
	if tc := TopClusters(a, 5, func(f network.ClusterFigures) float64 { return f.MarketShare }); len(tc) > 0 {
		fmt.Fprintln(tw, "\nclusters most tied to specialized markets (market_share of out-volume):")
		var rows [][]string
		for _, c := range tc {
			cl := nw.Clusters()[c.Index]
			row := []string{Shown(cl.ID, maxValue), Shown(cl.Name, maxValue), fmt.Sprintf("%.1f%%", 100*c.Value)}
			if b := a.Bootstrap; b != nil {
				iv := b.Clusters[c.Index].MarketShare
				row = append(row, fmt.Sprintf("(95%% interval %.1f–%.1f%%)", 100*iv.Lo, 100*iv.Hi))
			}
			rows = append(rows, row)
		}
		writeTable(tw, "  ", rows)
	}
	if fs := findings(a, r.Unit); len(fs) > 0 {
		fmt.Fprintln(tw, "\nin words:")
		for _, f := range fs {
			fmt.Fprintf(tw, "  - %s\n", Shown(f, maxLine))
		}
	}
	for _, m := range []struct {
		name string
		fig  func(network.NodeFigures) float64
		// se is the standard error of an estimated figure, nil for one
		// that is always exact.
		se func(network.NodeFigures) float64
	}{
		{"pagerank", func(f network.NodeFigures) float64 { return f.PageRank }, nil},
		{"betweenness", func(f network.NodeFigures) float64 { return f.Betweenness },
			func(f network.NodeFigures) float64 { return f.BetweennessSE }},
	} {
		estimated := m.se != nil && a.SampledSources > 0
		if estimated {
			// Every row is an estimate: say so, with its standard error.
			fmt.Fprintf(tw, "\nmost central by %s (estimated from %s: value ± standard error):\n", m.name,
				Count(a.SampledSources, "sampled source"))
		} else {
			fmt.Fprintf(tw, "\nmost central by %s:\n", m.name)
		}
		var rows [][]string
		for _, n := range TopNodes(a, 5, m.fig) {
			nd := nodes[n.Index]
			value := fmt.Sprintf("%.4g", n.Value)
			if estimated {
				value = fmt.Sprintf("~%.4g ± %.2g", n.Value, m.se(a.Nodes[n.Index]))
			}
			rows = append(rows, []string{Shown(nd.ID, maxValue), nd.Type.String(), Shown(nd.Name, maxValue), value})
		}
		writeTable(tw, "  ", rows)
	}
	return tw.err
}

// errWriter keeps the first write error, so that a summary is written
// with plain Fprintf calls and checked once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// writeTable writes rows with their cells aligned in columns two spaces
// apart, measuring text as a terminal draws it: East Asian wide and
// full-width characters take two columns. (text/tabwriter counts every
// character as one, which misaligns every row after a Chinese name.)
func writeTable(w io.Writer, indent string, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], DisplayWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		b.Reset()
		b.WriteString(indent)
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-DisplayWidth(c)+2))
			}
		}
		b.WriteByte('\n')
		io.WriteString(w, b.String())
	}
}

// DisplayWidth is the number of terminal columns s takes: two for East
// Asian wide and full-width characters (Chinese, full-width digits), one
// for others.
func DisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
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
	return s
}

// How much of user text the printed summary and the findings show: one
// value (an id, a name, the unit) and one line (a warning, a finding).
const (
	maxValue = 80
	maxLine  = 1000
)

// Shown makes user text fit to be shown on one line of a terminal or a
// page: cut after max terminal columns (wide characters count two) with
// "… (N bytes)" giving the full size, bidirectional controls, characters
// XML forbids and other control characters written as visible escapes
// (textsafe.Visible: "txt.exe" cannot pose as "exe.txt"), and tabs and
// line breaks as spaces. Short, plain text is returned unchanged.
func Shown(s string, max int) string {
	cut, whole := s, true
	w := 0
	for i, r := range s {
		if w += runeWidth(r); w > max {
			cut, whole = s[:i], false
			break
		}
	}
	v := oneLine(textsafe.Visible(cut))
	if !whole {
		v += "… (" + words.Thousands(int64(len(s))) + " bytes)"
	}
	return v
}

// name is how the findings show a name.
func name(s string) string { return Shown(s, maxValue) }

// unitSuffix is " UNIT" for a known volume unit, "" for none.
func unitSuffix(unit string) string {
	if unit == "" {
		return ""
	}
	return " " + Shown(unit, maxValue)
}

// oneLine keeps user text from breaking the terminal layout: tabs and
// line breaks become spaces (Visible has escaped every other control).
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
