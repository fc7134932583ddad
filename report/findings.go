package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"clusterchain/internal/words"
	"clusterchain/network"
)

// Findings answers the analyst's questions in words: who brokers between
// clusters and buyers, which market or buyer puts the most cluster volume
// at risk, how dependent each cluster is on its top customer, whether the
// declared clusters match the network's own communities, how strongly
// clusters are tied to markets and how deep subcontracting goes. Names are
// cut to a readable length and made visible (see Shown).
func Findings(a *network.Analysis) []string { return findings(a, "") }

// findings is Findings with volumes followed by unit (empty: unknown).
func findings(a *network.Analysis, unit string) []string {
	nw := a.Network
	nodes := nw.Nodes()
	var out []string

	// Brokers: open two-paths through a node between different groups.
	best, bestV := int64(0), int32(-1)
	for i, f := range a.Nodes {
		if s := f.Gatekeeper + f.Representative + f.Liaison; s > best {
			best, bestV = s, int32(i)
		}
	}
	if bestV >= 0 {
		f := a.Nodes[bestV]
		out = append(out, fmt.Sprintf("%s (%s) brokers most between groups: it lies on %s open supply paths "+
			"between different clusters, markets and buyers (gatekeeper %s, representative %s, liaison %s).",
			name(nodes[bestV].Name), nodes[bestV].Type, words.Thousands(best), words.Thousands(f.Gatekeeper), words.Thousands(f.Representative), words.Thousands(f.Liaison)))
	}
	// The markets' two directed roles. With every market in one group, a
	// market between a cluster firm and a buyer is a liaison (counted
	// above); a regional market that passes a cluster's goods on to a
	// central market is a gatekeeper (firm → it → market), and a market
	// that passes other markets' goods on is a representative (market →
	// it → buyer or firm).
	var roles []string
	for _, role := range []struct {
		name, what string
		count      func(network.NodeFigures) int64
	}{
		{"gatekeeper", "taking firms' goods into the market system (firm → it → another market)",
			func(f network.NodeFigures) int64 { return f.Gatekeeper }},
		{"representative", "passing other markets' goods on (market → it → a buyer or firm)",
			func(f network.NodeFigures) int64 { return f.Representative }},
	} {
		most, v := int64(0), -1
		for i, f := range a.Nodes {
			if c := role.count(f); nodes[i].Type == network.Market && c > most { // ties: first by id
				most, v = c, i
			}
		}
		if v >= 0 {
			roles = append(roles, fmt.Sprintf("the main %s is %s, on %s open paths %s",
				role.name, name(nodes[v].Name), words.Thousands(most), role.what))
		}
	}
	if len(roles) > 0 {
		out = append(out, "Among specialized markets, "+strings.Join(roles, "; ")+".")
	}

	// Resilience: the market or buyer whose loss costs most.
	var worst *network.Resilience
	for i := range a.Resilience {
		r := &a.Resilience[i]
		if r.ClustersAffected > 0 && (worst == nil || r.VolumeAtRisk > worst.VolumeAtRisk) {
			worst = r
		}
	}
	if worst != nil {
		nd := nodes[worst.Node]
		s := fmt.Sprintf("Losing %s (%s) would cut the cluster volume that reaches buyers by %s, in %s",
			name(nd.Name), nd.Type, number(worst.VolumeAtRisk)+unitSuffix(unit), Count(worst.ClustersAffected, "cluster"))
		if worst.WorstCluster >= 0 {
			s += fmt.Sprintf("; hardest hit: %s, which would lose %.0f%% of its sales to buyers",
				name(nw.Clusters()[worst.WorstCluster].Name), 100*worst.WorstShare)
		}
		out = append(out, s+".")
	}

	// Dependence on the top customer.
	type dep struct {
		c     int
		share float64
	}
	var deps []dep
	for c, f := range a.Clusters {
		if !math.IsNaN(f.TopCustomerShare) {
			deps = append(deps, dep{c, f.TopCustomerShare})
		}
	}
	sort.SliceStable(deps, func(i, j int) bool { return deps[i].share > deps[j].share })
	if len(deps) > 0 {
		d := deps[0]
		f := a.Clusters[d.c]
		s := fmt.Sprintf("%s depends most on one customer: %s takes %.0f%% of its outgoing volume (customer HHI %.2f).",
			name(nw.Clusters()[d.c].Name), name(nodes[f.TopCustomer].Name), 100*d.share, f.CustomerHHI)
		over := 0
		for _, x := range deps {
			if x.share > 0.5 {
				over++
			}
		}
		if over > 0 {
			s += fmt.Sprintf(" %s of %d sell more than half of their volume to a single customer.", Count(over, "cluster"), len(deps))
		}
		out = append(out, s)
	}

	// Declared clusters against the network's communities.
	ncomm := int32(0)
	for _, f := range a.Nodes {
		ncomm = max(ncomm, f.Community)
	}
	if len(nw.Clusters()) > 0 && ncomm > 0 && len(nw.Links()) > 0 { // without ties communities say nothing
		verdict := "hardly match"
		switch {
		case a.NMI >= 0.7:
			verdict = "match closely"
		case a.NMI >= 0.4:
			verdict = "partly match"
		}
		out = append(out, fmt.Sprintf("The declared clusters %s the network's own %s (normalised mutual information %.2f, modularity %.2f).",
			verdict, Count(int(ncomm), "community"), a.NMI, a.Modularity))
	}

	// The Zhejiang-model index.
	if tc := TopClusters(a, len(a.Clusters), func(f network.ClusterFigures) float64 { return f.MarketShare }); len(tc) > 1 {
		hi, lo := tc[0], tc[len(tc)-1]
		// With --bootstrap, how sure the survey makes each figure.
		ci := func(c int32) string {
			if a.Bootstrap == nil {
				return ""
			}
			b := a.Bootstrap.Clusters[c].MarketShare
			return fmt.Sprintf("; 95%% bootstrap interval %.0f–%.0f%%", 100*b.Lo, 100*b.Hi)
		}
		out = append(out, fmt.Sprintf("The tie to specialized markets (market_share) is strongest for %s (%.0f%% of its sales go through markets%s) and weakest for %s (%.0f%%%s).",
			name(nw.Clusters()[hi.Index].Name), 100*hi.Value, ci(hi.Index), name(nw.Clusters()[lo.Index].Name), 100*lo.Value, ci(lo.Index)))
	}

	// Subcontracting depth.
	deep, deepC := int32(-1), -1
	for c, f := range a.Clusters {
		if f.MaxDepth > deep {
			deep, deepC = f.MaxDepth, c
		}
	}
	if deepC >= 0 {
		rings := "no pooling rings"
		if len(a.Rings) > 0 {
			rings = Count(len(a.Rings), "pooling ring")
		}
		out = append(out, fmt.Sprintf("Subcontracting runs deepest in %s (%s below the lead firms); the network has %s.",
			name(nw.Clusters()[deepC].Name), Count(int(deep), "tier"), rings))
	}

	// Cascades (SPEC §6, with --risk): the single failures that topple most.
	if a.Risk != nil {
		out = append(out, RiskFindings(nw, a.Risk, a.RiskThreshold, 2)...)
	}
	return out
}

// number writes a volume for people: thousands separated, at most two
// decimals.
func number(x float64) string {
	whole := int64(math.Round(x))
	if math.Abs(x-float64(whole)) < 0.005 || math.Abs(x) >= 1000 {
		return words.Thousands(whole)
	}
	return fmt.Sprintf("%.2f", x)
}
