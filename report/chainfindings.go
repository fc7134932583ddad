package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"clusterchain/internal/words"
	"clusterchain/network"
)

// The SPEC §5 figures in words and as the data that report.html's
// "position in the chain" section, its cluster profiles and its degree
// plot draw on. Every name is shown as Shown makes it (cut, control
// characters made visible); the HTML writer still escapes what it puts in
// a page.

// chainName is how these sentences show a name.
func chainName(s string) string { return Shown(s, 80) }

// LevelStats summarises the trophic levels of a group of nodes.
type LevelStats struct {
	// ID is the cluster's id; empty for a node type.
	ID string
	// Label is the cluster's name or the type ("firms", "markets",
	// "buyers"), shown.
	Label          string
	Nodes          int
	Mean, Min, Max float64
}

// levelStats summarises the levels of the given nodes.
func levelStats(a *network.Analysis, id, label string, nodes []int) LevelStats {
	s := LevelStats{ID: id, Label: label, Nodes: len(nodes), Min: math.Inf(1), Max: math.Inf(-1)}
	sum := 0.0
	for _, v := range nodes {
		h := a.Nodes[v].TrophicLevel
		sum += h
		s.Min, s.Max = min(s.Min, h), max(s.Max, h)
	}
	if len(nodes) > 0 {
		s.Mean = sum / float64(len(nodes))
	} else {
		s.Min, s.Max = math.NaN(), math.NaN()
		s.Mean = math.NaN()
	}
	return s
}

// TrophicByType summarises the trophic levels of the firms, markets and
// buyers (a type without nodes is left out).
func TrophicByType(a *network.Analysis) []LevelStats {
	by := map[network.NodeType][]int{}
	for i, nd := range a.Network.Nodes() {
		by[nd.Type] = append(by[nd.Type], i)
	}
	var out []LevelStats
	for _, t := range []network.NodeType{network.Firm, network.Market, network.Buyer} {
		if len(by[t]) > 0 {
			out = append(out, levelStats(a, "", t.String()+"s", by[t]))
		}
	}
	return out
}

// TrophicByCluster summarises the trophic levels of each cluster's firms,
// by cluster id (a cluster without firms is left out).
func TrophicByCluster(a *network.Analysis) []LevelStats {
	nw := a.Network
	members := make([][]int, len(nw.Clusters()))
	for i := range nw.Nodes() {
		if c := nw.ClusterOf(int32(i)); c >= 0 {
			members[c] = append(members[c], i)
		}
	}
	var out []LevelStats
	for c, cl := range nw.Clusters() {
		if len(members[c]) > 0 {
			out = append(out, levelStats(a, cl.ID, chainName(cl.Name), members[c]))
		}
	}
	return out
}

// IncoherenceWords says what a trophic incoherence F₀ means, in one
// sentence; empty for an undefined F₀ (a network without ties).
func IncoherenceWords(f0 float64) string {
	if math.IsNaN(f0) {
		return ""
	}
	var what string
	switch {
	case f0 < 0.1:
		what = "the network is close to a clean chain: nearly every tie goes exactly one level up"
	case f0 < 0.4:
		what = "the network is mostly a chain from raw suppliers to buyers, with some ties that skip levels, run across or go back"
	case f0 < 0.7:
		what = "the network is only loosely ordered: many ties run across levels or back"
	default:
		what = "the network has little order from supplier to buyer: it is nearly as tangled as pure cycles"
	}
	return fmt.Sprintf("Trophic incoherence F₀ = %.2f (0 for a perfect chain, 1 for pure cycles): %s.", f0, what)
}

// DegreePoint is one point of the complementary cumulative distribution
// of the total degrees (in + out on G): the share of nodes whose degree is
// at least Degree.
type DegreePoint struct {
	Degree int
	Share  float64
}

// DegreeCCDF returns the distribution for a log–log plot: one point per
// distinct positive degree, increasing (nodes of degree 0 count in the
// shares' denominator, n, but have no point). The tail exponent to print
// beside it is a.Structure.DegreeTailExponent.
func DegreeCCDF(a *network.Analysis) []DegreePoint {
	n := len(a.Nodes)
	deg := make([]int, 0, n)
	for _, f := range a.Nodes {
		if d := f.InDegree + f.OutDegree; d > 0 {
			deg = append(deg, d)
		}
	}
	slices.Sort(deg)
	var out []DegreePoint
	for i := 0; i < len(deg); {
		j := i
		for j < len(deg) && deg[j] == deg[i] {
			j++
		}
		out = append(out, DegreePoint{Degree: deg[i], Share: float64(len(deg)-i) / float64(n)})
		i = j
	}
	return out
}

// ClusterChainSentences says, for cluster c's profile, which buyers it
// reaches only through chokepoints ("Every sale of Datang hosiery to IKEA
// passes through 大唐轻纺袜业城.") and how many independent channels it has
// to the others. Empty for a cluster without reach.csv rows.
func ClusterChainSentences(a *network.Analysis, c int32) []string {
	nw := a.Network
	nodes := nw.Nodes()
	cl := chainName(nw.Clusters()[c].Name)
	var out []string
	type buyer struct {
		name     string
		channels int
	}
	var others []buyer
	for _, r := range a.Reach {
		if r.Cluster != c {
			continue
		}
		b := chainName(nodes[r.Buyer].Name)
		if len(r.Chokepoints) == 0 {
			others = append(others, buyer{b, r.Channels})
			continue
		}
		via := make([]string, len(r.Chokepoints))
		for k, v := range r.Chokepoints {
			via[k] = chainName(nodes[v].Name)
		}
		out = append(out, sentence(fmt.Sprintf("Every sale of %s to %s passes through %s", cl, b, joinThen(via))))
	}
	if len(others) > 0 {
		lo, hi := others[0].channels, others[0].channels
		for _, o := range others {
			lo, hi = min(lo, o.channels), max(hi, o.channels)
		}
		span := fmt.Sprintf("%d", lo)
		if hi > lo {
			span = fmt.Sprintf("%d to %d", lo, hi)
		}
		out = append(out, fmt.Sprintf("It reaches %s through %s independent channels (paths that share no firm, market or buyer).",
			words.Count(len(others), "other buyer"), span))
	}
	return out
}

// sentence ends s with a full stop unless it ends with one (a name such
// as "Co.").
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// joinThen lists chokepoints in order: "a", "a and then b", "a, b and
// then c".
func joinThen(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and then " + s[len(s)-1]
}

// ChainFindings says in words what SPEC §5 adds to the findings: where
// the clusters sit between raw suppliers and buyers, the chokepoints
// between clusters and buyers, the key players, the brokers that chance
// does not explain, and how open the clusters are. unit follows volumes
// (empty: unknown).
func ChainFindings(a *network.Analysis, unit string) []string {
	nw := a.Network
	nodes := nw.Nodes()
	var out []string

	// Position in the chain.
	if types := TrophicByType(a); len(types) > 0 {
		var parts []string
		for _, t := range types {
			parts = append(parts, fmt.Sprintf("%s %.2f", t.Label, t.Mean))
		}
		s := "Average trophic level (0 at the rawest supplier): " + strings.Join(parts, ", ") + "."
		if cs := TrophicByCluster(a); len(cs) > 1 {
			lo, hi := cs[0], cs[0]
			for _, c := range cs {
				if c.Mean < lo.Mean {
					lo = c
				}
				if c.Mean > hi.Mean {
					hi = c
				}
			}
			s += fmt.Sprintf(" The most upstream cluster is %s (its firms average %.2f), the most downstream %s (%.2f).",
				lo.Label, lo.Mean, hi.Label, hi.Mean)
		}
		if w := IncoherenceWords(a.Structure.TrophicIncoherence); w != "" {
			s += " " + w
		}
		out = append(out, s)
	}

	// Chokepoints: the node that is one most often.
	count := map[int32]int{}
	single := 0
	for _, r := range a.Reach {
		if len(r.Chokepoints) > 0 {
			single++
		}
		for _, v := range r.Chokepoints {
			if nodes[v].Type != network.Firm || nw.ClusterOf(v) != r.Cluster {
				count[v]++ // a cluster's own firm is no intermediary
			}
		}
	}
	if single > 0 {
		top, most := int32(-1), 0
		for v, k := range count {
			if k > most || (k == most && nodes[v].ID < nodes[top].ID) {
				top, most = v, k
			}
		}
		s := fmt.Sprintf("%s of %s cluster–buyer ties hang on a single chokepoint (one channel).",
			words.Thousands(int64(single)), words.Thousands(int64(len(a.Reach))))
		if top >= 0 {
			s += fmt.Sprintf(" The one they hang on most often is %s (%s), for %s of them.", chainName(nodes[top].Name),
				nodes[top].Type, words.Thousands(int64(most)))
		}
		out = append(out, s)
	}

	// Key players.
	if kp := a.KeyPlayers; len(kp) > 0 {
		var names []string
		for _, k := range kp {
			names = append(names, fmt.Sprintf("%s (%s)", chainName(nodes[k.Node].Name), nodes[k.Node].Type))
		}
		last := kp[len(kp)-1]
		out = append(out, fmt.Sprintf("Taken together, the %d key players %s would cut %s%s, %.0f%% of the cluster volume that reaches buyers; %s alone %.0f%%.",
			len(kp), strings.Join(names, ", "), number(last.VolumeAtRisk), unitSuffix(unit), 100*last.ShareAtRisk,
			chainName(nodes[kp[0].Node].Name), 100*kp[0].ShareAtRisk))
	}

	// Brokers beyond chance: the largest liaison z-score.
	best, bestV := math.Inf(-1), -1
	for i, f := range a.Nodes {
		if z := f.BrokerageZ[4]; !math.IsNaN(z) && z > best {
			best, bestV = z, i
		}
	}
	if bestV >= 0 && best >= 2 {
		out = append(out, fmt.Sprintf("%s (%s) is a liaison between groups far beyond chance: %s open paths, %.1f standard deviations above what a random network of the same density gives.",
			chainName(nodes[bestV].Name), nodes[bestV].Type, words.Thousands(a.Nodes[bestV].Liaison), best))
	}

	// How open the clusters are.
	lo, hi := -1, -1
	for c, f := range a.Clusters {
		if math.IsNaN(f.EIIndex) {
			continue
		}
		if lo < 0 || f.EIIndex < a.Clusters[lo].EIIndex {
			lo = c
		}
		if hi < 0 || f.EIIndex > a.Clusters[hi].EIIndex {
			hi = c
		}
	}
	if lo >= 0 && hi != lo {
		cs := nw.Clusters()
		inside := ""
		if a.Clusters[lo].EIIndex < 0 {
			inside = ": most of its ties stay inside"
		}
		out = append(out, fmt.Sprintf("The most inward-looking cluster is %s (E-I index %.2f%s), the most open %s (%.2f).",
			chainName(cs[lo].Name), a.Clusters[lo].EIIndex, inside, chainName(cs[hi].Name), a.Clusters[hi].EIIndex))
	}
	return out
}
