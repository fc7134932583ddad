package network

import (
	"math"
	"testing"
)

// checkFinite fails the test on a NaN or infinite figure, except where
// the figure is documented as NaN (constraint, effective size and the
// customer concentration of a node or cluster without outgoing volume).
func checkFinite(t *testing.T, a *Analysis) {
	t.Helper()
	bad := func(what string, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Errorf("%s = %v", what, x)
		}
	}
	for v, f := range a.Nodes {
		for name, x := range map[string]float64{"in_volume": f.InVolume, "out_volume": f.OutVolume,
			"betweenness": f.Betweenness, "closeness": f.Closeness, "harmonic": f.Harmonic,
			"pagerank": f.PageRank, "hub": f.Hub, "authority": f.Authority} {
			bad(a.Network.Nodes()[v].ID+" "+name, x)
		}
		if f.OutDegree > 0 {
			bad("constraint", f.Constraint)
			bad("effective_size", f.EffectiveSize)
		}
		if f.OutVolume > 0 {
			bad("customer_hhi", f.CustomerHHI)
			bad("top_customer_share", f.TopCustomerShare)
		}
	}
	for _, c := range a.Clusters {
		for name, x := range map[string]float64{"out_volume": c.OutVolume, "market_share": c.MarketShare,
			"buyer_share": c.BuyerShare, "firm_share": c.FirmShare, "buyer_reach": c.BuyerReach} {
			bad(name, x)
		}
	}
	for _, r := range a.Resilience {
		bad("volume_at_risk", r.VolumeAtRisk)
		bad("worst_share", r.WorstShare)
	}
	for _, r := range a.Reach {
		bad("reach share", r.Share)
	}
	bad("modularity", a.Modularity)
	bad("nmi", a.NMI)
}

// Every zero-size case: no node, one node of each type, no links, no
// markets, no buyers, no clusters, and markets that pass goods only
// among themselves with no buyer anywhere (issue 12.3: that last one made
// the chain solve a matrix with zero columns and panic).
func TestDegenerateNetworks(t *testing.T) {
	firm := func(id, c string) Node { return Node{ID: id, Cluster: c} }
	mkt := func(id string) Node { return Node{ID: id, Type: Market} }
	buyer := func(id string) Node { return Node{ID: id, Type: Buyer} }
	for _, tc := range []struct {
		name       string
		d          Dataset
		buyerReach []float64 // per cluster
		resilience int       // rows
	}{
		{name: "no nodes"},
		{name: "one firm", d: Dataset{Nodes: []Node{firm("f", "A")}}, buyerReach: []float64{0}},
		{name: "one market", d: Dataset{Nodes: []Node{mkt("m")}}, resilience: 1},
		{name: "one buyer", d: Dataset{Nodes: []Node{buyer("b")}}, resilience: 1},
		{name: "no links", d: Dataset{Nodes: []Node{firm("f", "A"), firm("g", ""), mkt("m"), buyer("b")}},
			buyerReach: []float64{0}, resilience: 2},
		{name: "no markets", d: Dataset{Nodes: []Node{firm("f", "A"), firm("g", "B"), buyer("b")},
			Links: []Link{{"f", "b", Sale, 3}, {"f", "g", Supply, 1}}},
			buyerReach: []float64{0.75, 0}, resilience: 1},
		{name: "no buyers", d: Dataset{Nodes: []Node{firm("f", "A"), mkt("m")},
			Links: []Link{{"f", "m", Sale, 3}, {"m", "f", Supply, 1}}},
			buyerReach: []float64{0}, resilience: 1},
		{name: "no clusters", d: Dataset{Nodes: []Node{firm("f", ""), mkt("m"), buyer("b")},
			Links: []Link{{"f", "m", Sale, 3}, {"m", "b", Sale, 1}}},
			resilience: 2},
		// The case: f1 in A; m1 ⇄ m2, m1 → m3; no buyer.
		{name: "market cycle, no buyers", d: Dataset{
			Nodes: []Node{firm("f1", "A"), mkt("m1"), mkt("m2"), mkt("m3")},
			Links: []Link{{"f1", "m1", Sale, 1}, {"m1", "m2", Sale, 1}, {"m2", "m1", Sale, 1}, {"m1", "m3", Sale, 1}}},
			buyerReach: []float64{0}, resilience: 3},
		// What whatif analyses after removing the only buyers of the
		// chain test: the cycle m1 ⇄ m2 now leaks only to a firm.
		{name: "buyers removed", d: Dataset{
			Nodes: []Node{firm("f", "A"), firm("g", ""), mkt("m1"), mkt("m2"), mkt("m3"), mkt("m4")},
			Links: []Link{{"f", "m1", Sale, 100}, {"f", "m3", Sale, 10}, {"m1", "m2", Sale, 50},
				{"m2", "m1", Sale, 30}, {"m2", "g", Supply, 10}, {"m3", "m4", Sale, 5}, {"m4", "m3", Sale, 5}}},
			buyerReach: []float64{0}, resilience: 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := build(t, tc.d)
			checkFinite(t, a)
			if len(a.Clusters) != len(tc.buyerReach) {
				t.Fatalf("%d clusters, want %d", len(a.Clusters), len(tc.buyerReach))
			}
			for c, want := range tc.buyerReach {
				if got := a.Clusters[c].BuyerReach; !near(got, want, 1e-15) {
					t.Errorf("buyer_reach of %s = %v, want %v", a.Network.Clusters()[c].ID, got, want)
				}
			}
			if len(a.Resilience) != tc.resilience {
				t.Errorf("%d resilience rows, want %d", len(a.Resilience), tc.resilience)
			}
			for _, r := range a.Resilience {
				if r.VolumeAtRisk != 0 && len(a.Reach) == 0 {
					t.Errorf("%+v: volume at risk where nothing reaches a buyer", r)
				}
			}
		})
	}
}
