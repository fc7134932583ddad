package report

import (
	"fmt"
	"math"
	"sort"

	"clusterchain/internal/words"
	"clusterchain/network"
)

// Finding is one answer in words. Caveat, when set, is the model
// assumption the finding rests on, which report.html prints beside it;
// Ref is the id of the report section that defines its terms.
type Finding struct {
	Text, Caveat, Ref string
}

// Findings answers the analyst's questions in words: who brokers between
// clusters and buyers, which market or buyer puts the most cluster volume
// at risk (and under which assumption), how dependent each cluster is on
// its top customer, whether the declared clusters match the network's own
// communities, how strongly clusters are tied to markets and how deep
// subcontracting goes. Names are cut to a readable length and made
// visible (see Shown).
func Findings(a *network.Analysis) []string { return findings(a, "") }

// findings is Findings in English with volumes followed by unit (empty:
// unknown), each caveat after its finding: the printed summary and the
// JSON summary.
func findings(a *network.Analysis, unit string) []string {
	var out []string
	for _, f := range findingsIn(a, unit, lang{}) {
		s := f.Text
		if f.Caveat != "" {
			s += " (" + f.Caveat + ")"
		}
		out = append(out, s)
	}
	// Cascades (SPEC §6, with --risk): the single failures that topple most.
	if a.Risk != nil {
		out = append(out, RiskFindings(a.Network, a.Risk, a.RiskThreshold, 2)...)
	}
	return out
}

// riskFindingsIn is RiskFindings in language l, each with the cascade
// model as its caveat.
func riskFindingsIn(a *network.Analysis, l lang) []Finding {
	if a.Risk == nil {
		return nil
	}
	nw := a.Network
	nodes := nw.Nodes()
	caveat := l.T("cascade model: a firm or market fails when it loses at least %s of its sales or of its supplies to failed nodes, measured before the shock; buyers never fail, and nobody re-routes", pctL(l, a.RiskThreshold))
	top := topRisks(nw, a.Risk, 2)
	if len(top) == 0 {
		if len(a.Risk) == 0 {
			return nil
		}
		return []Finding{{Ref: "assume-cascade", Text: l.T("No single one of the %s whose cascades were run topples a firm (a firm fails when it loses %s of its sales or of its supplies).",
			l.Count(len(a.Risk), "node"), pctL(l, a.RiskThreshold))}}
	}
	var out []Finding
	for _, r := range top {
		nd := nodes[r.Node]
		s := l.T("The failure of %s (%s) alone topples %s in %s, %s of the firms' sales", name(nd.Name), l.Type(nd.Type.String()),
			l.Count(r.FirmsFailed, "firm"), l.Count(r.Rounds, "round"), pctL(l, r.ShareFailed))
		if m := r.NodesFailed - r.FirmsFailed; m > 0 {
			s += l.T(", and %s with them", l.Count(m, "market"))
		}
		out = append(out, Finding{Ref: "assume-cascade", Text: s + l.T("."), Caveat: caveat})
	}
	return out
}

// volume writes a volume with its unit.
func volume(x float64, unit string) string { return number(x) + unitSuffix(unit) }

// findingsIn writes the findings in language l.
func findingsIn(a *network.Analysis, unit string, l lang) []Finding {
	nw := a.Network
	nodes := nw.Nodes()
	var out []Finding
	typ := func(i int32) string { return l.Type(nodes[i].Type.String()) }

	// Brokers: open two-paths through a node between different groups.
	best, bestV := int64(0), int32(-1)
	for i, f := range a.Nodes {
		if s := f.Gatekeeper + f.Representative + f.Liaison; s > best {
			best, bestV = s, int32(i)
		}
	}
	if bestV >= 0 {
		f := a.Nodes[bestV]
		out = append(out, Finding{Ref: "brokerage", Text: l.T("%s (%s) brokers most between groups: it lies on %s open supply paths "+
			"between different clusters, markets and buyers (gatekeeper %s, representative %s, liaison %s).",
			name(nodes[bestV].Name), typ(bestV), words.Thousands(best), words.Thousands(f.Gatekeeper),
			words.Thousands(f.Representative), words.Thousands(f.Liaison))})
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
			roles = append(roles, l.T("the main %s is %s, on %s open paths %s",
				l.T(role.name), name(nodes[v].Name), words.Thousands(most), l.T(role.what)))
		}
	}
	if len(roles) > 0 {
		sep := "; "
		if l.zh {
			sep = "；"
		}
		out = append(out, Finding{Ref: "brokerage", Text: l.T("Among specialized markets, %s.", joinWith(roles, sep))})
	}

	// Resilience: the market or buyer whose loss costs most, under the
	// re-routing assumption of the model.
	var worst *network.Resilience
	for i := range a.Resilience {
		r := &a.Resilience[i]
		if r.ClustersAffected > 0 && (worst == nil || r.VolumeAtRisk > worst.VolumeAtRisk) {
			worst = r
		}
	}
	if worst != nil {
		total := 0.0
		for _, c := range a.Clusters {
			total += c.BuyerReach * c.OutVolume
		}
		s := l.T("If %s (%s) went away, %s less of the clusters' output would reach buyers (%s of what reaches them now), in %s",
			name(nodes[worst.Node].Name), typ(worst.Node), volume(worst.VolumeAtRisk, unit), pct(ratio(worst.VolumeAtRisk, total)),
			l.Count(worst.ClustersAffected, "cluster"))
		if worst.WorstCluster >= 0 {
			s += l.T("; hardest hit: %s, which would lose %s of its output to buyers",
				name(nw.Clusters()[worst.WorstCluster].Name), pct0(worst.WorstShare))
		}
		out = append(out, Finding{Ref: "assumptions", Text: s + l.T("."),
			Caveat: l.T("model assumption: every market passes on what it receives in proportion to its remaining outgoing volumes, so a market re-routes to its other customers; firms find no new customers")})
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
		s := l.T("%s depends most on one customer: %s takes %s of its outgoing volume (customer HHI %.2f).",
			name(nw.Clusters()[d.c].Name), name(nodes[f.TopCustomer].Name), pct0(d.share), f.CustomerHHI)
		over := 0
		for _, x := range deps {
			if x.share > 0.5 {
				over++
			}
		}
		if over > 0 {
			s = l.Join(s, l.T("%s of %d sell more than half of their volume to a single customer.", l.Count(over, "cluster"), len(deps)))
		}
		out = append(out, Finding{Text: s})
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
		out = append(out, Finding{Ref: "assumptions", Text: l.T("The declared clusters %s the network's own %s (normalised mutual information %.2f, modularity %.2f).",
			l.T(verdict), l.Count(int(ncomm), "community"), a.NMI, a.Modularity)})
	}

	// The Zhejiang-model index; with --bootstrap, how sure the survey
	// makes it.
	if tc := TopClusters(a, len(a.Clusters), func(f network.ClusterFigures) float64 { return f.MarketShare }); len(tc) > 1 {
		hi, lo := tc[0], tc[len(tc)-1]
		ci := func(c int32) string {
			if a.Bootstrap == nil {
				return ""
			}
			b := a.Bootstrap.Clusters[c].MarketShare
			return l.T("; 95%% bootstrap interval %.0f–%.0f%%", 100*b.Lo, 100*b.Hi)
		}
		f := Finding{Text: l.T("The tie to specialized markets (market_share) is strongest for %s (%s of its sales go through markets%s) and weakest for %s (%s%s).",
			name(nw.Clusters()[hi.Index].Name), pct0(hi.Value), ci(hi.Index), name(nw.Clusters()[lo.Index].Name), pct0(lo.Value), ci(lo.Index))}
		if a.Bootstrap != nil {
			f.Ref = "assume-bootstrap"
		}
		out = append(out, f)
	}

	// Subcontracting depth.
	deep, deepC := int32(-1), -1
	for c, f := range a.Clusters {
		if f.MaxDepth > deep {
			deep, deepC = f.MaxDepth, c
		}
	}
	if deepC >= 0 {
		rings := l.T("no pooling rings")
		if len(a.Rings) > 0 {
			rings = l.Count(len(a.Rings), "pooling ring")
		}
		out = append(out, Finding{Ref: "chain", Text: l.T("Subcontracting runs deepest in %s (%s below the lead firms); the network has %s.",
			name(nw.Clusters()[deepC].Name), l.Count(int(deep), "tier"), rings)})
	}
	return out
}

// pctL is percent in language l.
func pctL(l lang, x float64) string {
	if p := 100 * x; p > 0 && p < 0.05 {
		return l.T("less than 0.1%%")
	}
	return percent(x)
}

// joinWith joins items with sep.
func joinWith(items []string, sep string) string {
	s := ""
	for i, it := range items {
		if i > 0 {
			s += sep
		}
		s += it
	}
	return s
}

// ratio is a / b, 0 when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// pct0 writes a share as a whole percentage: "92%".
func pct0(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*x)
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
