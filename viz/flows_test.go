package viz

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"clusterchain/network"
)

// A hand-computed network: cluster A's firm sells 10 to market M1, 5
// straight to buyer B1 and 2 to a firm of cluster B. M1 sells 6 to B1 and 2
// to market M2, which sells 4 to B2. M1 passes what it gets from A on in
// proportion to its sales: 10 × 6/8 = 7.5 to B1 and 2.5 to M2, and M2
// passes those 2.5 to B2. So B1 receives 5 + 7.5, B2 2.5, and 2 go to
// firms.
func TestFlowsByHand(t *testing.T) {
	nw, err := network.New(network.Dataset{
		Name: "hand",
		Nodes: []network.Node{
			{ID: "a1", Cluster: "A"}, {ID: "b1f", Cluster: "B"},
			{ID: "M1", Type: network.Market}, {ID: "M2", Type: network.Market},
			{ID: "B1", Type: network.Buyer}, {ID: "B2", Type: network.Buyer},
		},
		Links: []network.Link{
			{From: "a1", To: "M1", Kind: network.Sale, Volume: 10},
			{From: "a1", To: "B1", Kind: network.Sale, Volume: 5},
			{From: "a1", To: "b1f", Kind: network.Supply, Volume: 2},
			{From: "M1", To: "B1", Kind: network.Sale, Volume: 6},
			{From: "M1", To: "M2", Kind: network.Sale, Volume: 2},
			{From: "M2", To: "B2", Kind: network.Sale, Volume: 4},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m1, _ := nw.Index("M1")
	b1, _ := nw.Index("B1")
	b2, _ := nw.Index("B2")
	passed, lost := passOn(a, []map[int32]float64{{m1: 10}})
	if math.Abs(passed[0][b1]-7.5) > 1e-12 || math.Abs(passed[0][b2]-2.5) > 1e-12 || math.Abs(lost[0]) > 1e-12 {
		t.Errorf("passed on %v, lost %v; want B1 7.5, B2 2.5, 0", passed[0], lost[0])
	}
	cf := newClusterFlows(a)
	if cf.out[0] != 17 || cf.toMarket[0][m1] != 10 || cf.toBuyer[0][b1] != 5 || math.Abs(cf.toFirms[0]-2) > 1e-12 {
		t.Errorf("cluster A: out %v, to markets %v, to buyers %v, to firms %v", cf.out[0], cf.toMarket[0], cf.toBuyer[0], cf.toFirms[0])
	}
	d, err := Build(a, ViewFlows, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.Render(context.Background(), "svg", &buf); err != nil {
		t.Fatal(err)
	}
	g := parseGeometry(t, buf.Bytes())
	all := strings.Join(g.titles, "\n")
	for _, want := range []string{"M1 → B1: 7.5", "M1 → B2: 2.5", "direct orders (no market) → B1: 5", "A → to firms outside the cluster: 2 (12% of the cluster's output)",
		"A → M1: 10 (59% of the cluster's output)"} {
		if !strings.Contains(all, want) {
			t.Errorf("flows.svg lacks the band %q; it has:\n%s", want, all)
		}
	}
}

// What flows.svg draws reaching each buyer equals reach.csv (the network
// package's absorbing-chain solution), summed over the clusters, to 1e-9.
func TestFlowsMatchReach(t *testing.T) {
	for _, ds := range []string{"sample", "synth:2000", "evil"} {
		a := loadAnalysisAny(t, ds)
		nw := a.Network
		cf := newClusterFlows(a)
		var origins []map[int32]float64
		for i, nd := range nw.Nodes() {
			if nd.Type != network.Market {
				continue
			}
			in := 0.0
			for c := range cf.out {
				in += cf.toMarket[c][int32(i)]
			}
			origins = append(origins, map[int32]float64{int32(i): in})
		}
		passed, _ := passOn(a, origins)
		got := map[int32]float64{}
		for _, p := range passed {
			for b, v := range p {
				got[b] += v
			}
		}
		for c := range cf.out {
			for b, v := range cf.toBuyer[c] {
				got[b] += v
			}
		}
		want := map[int32]float64{}
		for _, r := range a.Reach {
			want[r.Buyer] += r.Direct + r.ViaMarkets
		}
		for b := range nw.Nodes() {
			g, w := got[int32(b)], want[int32(b)]
			if math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
				t.Errorf("%s: buyer %s receives %v in flows.svg, %v in reach.csv", ds, nw.Nodes()[b].ID, g, w)
			}
		}
		// Linkage volumes are the cluster → market bands.
		for _, l := range a.Linkage {
			if v := cf.toMarket[l.Cluster][l.Market]; math.Abs(v-l.Volume) > 1e-9*math.Max(1, l.Volume) {
				t.Errorf("%s: %d → %d: %v, linkage.csv %v", ds, l.Cluster, l.Market, v, l.Volume)
			}
		}
	}
}
