package report

import (
	"clusterchain/columns"
)

// methods is the methods section: the network, the model assumptions, the
// brokerage roles, and every figure of every table as the column registry
// (package columns) defines it — written once, there.
type methods struct {
	Network     []string
	Assumptions []assumption
	Roles       []role
	RolesNote   string
	Tables      []methodTable
}

type assumption struct{ ID, Title, Text, Uses string }

type role struct{ Name, Path, Condition, Example string }

type methodTable struct {
	Name, Description string
	Columns           []methodColumn
}

type methodColumn struct {
	Name, Meaning, Formula, Reference, Unit, Spec string
}

func (p *page) methods(r *Run) methods {
	a, l := r.Analysis, p.l
	nw := a.Network
	var m methods
	unit := p.Unit
	if unit == "" {
		unit = l.T("a currency unit the data does not name")
	}
	m.Network = []string{
		l.T("G is the simple directed graph over every firm, specialized market and multinational buyer (clusters are groups of firms, not nodes): one edge per distinct (from, to) pair, pointing the way the goods go — from the subcontractor to its contractor, from the supplier to its customer, from the seller to the market or buyer — and weighted by the summed volume of that pair's links. Here n = %s nodes and %s edges.",
			thousands(len(nw.Nodes())), thousands(nw.G().Size())),
		l.T("A link's volume is an annual value in one unit for the whole dataset: %s. An empty volume cell is unknown: the link counts in every count-based figure (degrees, reach, paths) and weighs 0 in every volume-based one. Several rows with the same from, to and kind are summed into one link.", unit),
		l.T("Shortest paths count hops and ignore volumes (betweenness, closeness, harmonic); PageRank, the shares and the flows weigh by volume; HITS, Burt's measures, k-cores and brokerage use the unweighted G. Each centrality equals the NetworkX 2.8 call named in the table below, to 1e-9 (PageRank and HITS to 1e-6); brokerage equals R sna's brokerage()."),
	}
	m.Assumptions = []assumption{
		{ID: "assume-markets", Title: l.T("How markets pass goods on"),
			Text: l.T("A specialized market is not an end buyer: it passes on what it receives to its own customers — buyers, other markets and firms — in proportion to its outgoing volumes. Chains and cycles of markets are followed to the end by solving the absorbing Markov chain of the markets, not by listing paths. What enters a market with no outgoing volume (or a group of markets that only trade among themselves) stays there and reaches no buyer; what goes to a firm stops there."),
			Uses: l.T("buyer_reach (clusters.csv), reach.csv, flows.svg, the \"reaches buyers\" shares of this report")},
		{ID: "assume-resilience", Title: l.T("What the loss of a market or buyer assumes"),
			Text: l.T("For each market and buyer X, the chain is solved again on the network without X and its links: every remaining market passes goods on in proportion to its remaining outgoing volumes, so what it sent to X it now sends to its other customers at once. Firms do not re-route — a firm's sales to X are lost — and nobody finds new partners, changes prices or holds stock. volume_at_risk is the cluster volume that would no longer reach buyers under this instant, proportional re-routing by markets: a first-order measure of exposure, not a forecast."),
			Uses: l.T("resilience.csv and the findings on losses")},
		{ID: "assume-whatif", Title: l.T("What-if"),
			Text: l.T("clusterchain whatif --remove recomputes every table on the network without the given nodes and their links, under the same assumptions; its change column compares two networks, it does not simulate how firms respond."),
			Uses: l.T("whatif.csv")},
		{ID: "assume-communities", Title: l.T("Communities"),
			Text: l.T("Communities are found by Louvain modularity maximisation (resolution 1) on the undirected projection of G, the volumes of a → b and b → a summed, seeded (--seed %d) so that a run can be repeated exactly; they are compared with the declared clusters by normalised mutual information over the firms that belong to a cluster.", r.Seed),
			Uses: l.T("community (nodes.csv), the modularity and NMI")},
	}
	if a.Risk != nil {
		m.Assumptions = append(m.Assumptions, assumption{ID: "assume-cascade", Title: l.T("How a failure spreads (cascades)"),
			Text: l.T("A threshold cascade on G with the volumes measured before the shock: round 0 removes the starting node; in each next round a firm or market still standing fails when the volume of its links to failed nodes is at least θ = %s of its out-volume (it lost its customers) or the volume of links from failed nodes into it is at least θ of its in-volume (it lost its suppliers). Buyers never fail, no one re-routes or finds new partners, and rounds go on until one adds nobody. It is a stress test of the network's structure, not a forecast of who closes.", pctL(l, a.RiskThreshold)),
			Uses: l.T("risk.csv and the findings on failures")})
	}
	if b := a.Bootstrap; b != nil {
		m.Assumptions = append(m.Assumptions, assumption{ID: "assume-bootstrap", Title: l.T("How sure a survey figure is (bootstrap)"),
			Text: l.T("Every share comes from a survey of a cluster's firms. Each of %s redraws a cluster's m firms from its m surveyed firms with replacement (the drawn firms bring their outgoing links) and recomputes its shares; the interval is the 2.5th to 97.5th percentile of the replicates (seed %d). It measures the uncertainty of sampling firms, not errors in what the firms reported.", l.Count(b.Replicates, "resample"), b.Seed),
			Uses: l.T("the _lo and _hi columns of clusters.csv and linkage.csv, the intervals in this report")})
	}
	if p.estimated {
		m.Assumptions = append(m.Assumptions, assumption{ID: "assume-estimate", Title: l.T("Estimated figures"), Text: p.Estimate,
			Uses: l.T("betweenness, closeness, harmonic and their _se columns")})
	}
	m.RolesNote = l.T("Gould and Fernandez's brokerage roles count the open two-paths a → v → b through a node v: a delivers to v, v delivers to b, a ≠ b and a does not deliver to b directly. Each path is one role, by the groups of a, v and b; a firm's group is its cluster (firms in no cluster form the group \"-\"), every market is in the group \"market\" and every buyer in the group \"buyer\".")
	m.Roles = []role{
		{"coordinator", "a → v → b", l.T("a, v and b in one group"), l.T("a firm passing work between two firms of its own cluster")},
		{"itinerant", "a → v → b", l.T("a and b in one group, v in another"), l.T("an outside firm or a market between two firms of one cluster (also called consultant)")},
		{"representative", "a → v → b", l.T("a and v in one group, b in another"), l.T("a cluster firm that takes its cluster-mates' work out to a market or buyer; a market passing another market's goods on")},
		{"gatekeeper", "a → v → b", l.T("v and b in one group, a in another"), l.T("a firm that buys from outside and supplies its own cluster; a market that takes a firm's goods into another market")},
		{"liaison", "a → v → b", l.T("a, v and b in three different groups"), l.T("a specialized market between a cluster's firms and a multinational buyer")},
	}
	if l.zh {
		for i := range m.Roles {
			m.Roles[i].Name += "（" + l.T(m.Roles[i].Name) + "）"
		}
	}
	for _, t := range columns.Tables() {
		mt := methodTable{Name: t.Name, Description: p.tableDescription(t)}
		for _, c := range t.All() {
			mt.Columns = append(mt.Columns, methodColumn{Name: c.Name, Meaning: p.columnDescription(t, c),
				Formula: c.Formula, Reference: c.Reference, Unit: p.columnUnit(c), Spec: c.Spec})
		}
		m.Tables = append(m.Tables, mt)
	}
	return m
}

// columnUnit is what a column's values are measured in, from its type and
// its volume flag.
func (p *page) columnUnit(c columns.Column) string {
	l := p.l
	if c.Volume {
		if p.Unit != "" {
			return p.Unit
		}
		return l.T("volume unit (not stated)")
	}
	switch c.Type {
	case columns.Float:
		return l.T("no unit")
	case columns.Int, columns.Long:
		return l.T("whole number")
	case columns.Bool:
		return "true / false"
	case columns.ID:
		return l.T("id")
	case columns.IDList:
		return l.T("ids")
	}
	return l.T("text")
}

// columnDescription is the registry's description in the page's language.
func (p *page) columnDescription(t columns.Table, c columns.Column) string {
	if p.l.zh {
		if z, ok := zhColumns[t.Name+" "+c.Name]; ok {
			return z
		}
	}
	return c.Description
}

func (p *page) tableDescription(t columns.Table) string {
	if p.l.zh {
		if z, ok := zhColumns[t.Name]; ok {
			return z
		}
	}
	return t.Description
}
