package network

import (
	"context"
	"errors"
	"math"
	"testing"
)

// bootstrapNetwork: cluster K = {k1, k2, k3}, L = {l1, l2}; markets M1,
// M2; buyer B; firm x in no cluster. M1 passes half of what it gets on
// to M2 and half to B; M2 a quarter to B and the rest to x.
//
//	k1 → M1 60, k1 → B 20, k1 → k2 5, k2 → M2 30, k2 → x 10,
//	k3 → M1 60, k3 → B 20, k3 → k2 5 (k1 and k3 alike),
//	l1 → M1 10, l2 → B 10, M1 → M2 50, M1 → B 50, M2 → B 20, M2 → x 60
func bootstrapNetwork(t *testing.T) *Network {
	t.Helper()
	nodes := []Node{{ID: "k1", Cluster: "K"}, {ID: "k2", Cluster: "K"}, {ID: "k3", Cluster: "K"},
		{ID: "l1", Cluster: "L"}, {ID: "l2", Cluster: "L"}, {ID: "x"},
		{ID: "M1", Type: Market}, {ID: "M2", Type: Market}, {ID: "B", Type: Buyer}}
	links := []Link{{"k1", "M1", Sale, 60}, {"k1", "B", Sale, 20}, {"k1", "k2", Supply, 5}, {"k2", "M2", Sale, 30},
		{"k2", "x", Supply, 10}, {"k3", "M1", Sale, 60}, {"k3", "B", Sale, 20}, {"k3", "k2", Supply, 5},
		{"l1", "M1", Sale, 10}, {"l2", "B", Sale, 10},
		{"M1", "M2", Sale, 50}, {"M1", "B", Sale, 50}, {"M2", "B", Sale, 20}, {"M2", "x", Supply, 60}}
	nw, err := New(Dataset{Nodes: nodes, Links: links})
	if err != nil {
		t.Fatal(err)
	}
	return nw
}

// The firms as the bootstrap takes them add up to the cluster's figures:
// out(C), market_share, buyer_share, buyer_reach and every linkage share.
// By hand: a unit into M2 reaches B with 1/4, into M1 with 1/2 + 1/2·1/4
// = 5/8; k1 reaches 20 + 60·5/8 = 57.5 of its 80 outside K.
func TestBootstrapFirms(t *testing.T) {
	a, err := Analyze(context.Background(), bootstrapNetwork(t), Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cs, rowOf := a.bootstrapClusters()
	if got := cs[0].Firms[0]; got.Out != 80 || got.Market != 60 || got.Buyer != 20 || got.Reach != 57.5 {
		t.Errorf("k1: %+v, want out 80, market 60, buyer 20, reach 57.5", got)
	}
	if got := cs[0].Firms[1]; got.Out != 40 || got.Market != 30 || got.Reach != 7.5 {
		t.Errorf("k2: %+v, want out 40, market 30, reach 7.5", got)
	}
	for c, cl := range cs {
		var out, mk, by, rc float64
		per := make([]float64, cl.Markets)
		for _, f := range cl.Firms {
			out += f.Out
			mk += f.Market
			by += f.Buyer
			rc += f.Reach
			for _, l := range f.Links {
				per[l.Market] += l.Volume
			}
		}
		fig := a.Clusters[c]
		if out != fig.OutVolume || math.Abs(mk/out-fig.MarketShare) > 1e-15 || math.Abs(by/out-fig.BuyerShare) > 1e-15 ||
			math.Abs(rc/out-fig.BuyerReach) > 1e-15 {
			t.Errorf("cluster %d: out %v, shares %v %v %v; figures %+v", c, out, mk/out, by/out, rc/out, fig)
		}
		for k, row := range rowOf[c] {
			if l := a.Linkage[row]; l.Cluster != int32(c) || per[k] != l.Volume {
				t.Errorf("cluster %d market %d: volume %v, linkage row %+v", c, k, per[k], l)
			}
		}
	}
}

// Resampling firms that are all alike changes nothing: cluster L's firms
// differ (l1 sells to M1 only, l2 to B only), K's do not all. With k2
// gone, K = {k1, k3} is two equal firms and every interval is the point.
func TestBootstrapIdenticalFirms(t *testing.T) {
	nw := bootstrapNetwork(t)
	var d Dataset
	for _, nd := range nw.Nodes() {
		if nd.ID != "k2" {
			d.Nodes = append(d.Nodes, nd)
		}
	}
	for _, l := range nw.Links() {
		from, to := nw.Nodes()[l.From].ID, nw.Nodes()[l.To].ID
		if from != "k2" && to != "k2" {
			d.Links = append(d.Links, Link{from, to, l.Kind, l.Volume})
		}
	}
	nw2, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Analyze(context.Background(), nw2, Options{Seed: 1, Bootstrap: 500})
	if err != nil {
		t.Fatal(err)
	}
	k := a.Bootstrap.Clusters[0]
	f := a.Clusters[0]
	for _, iv := range []struct {
		name  string
		got   Interval
		point float64
	}{{"market_share", k.MarketShare, f.MarketShare}, {"buyer_share", k.BuyerShare, f.BuyerShare}, {"buyer_reach", k.BuyerReach, f.BuyerReach}} {
		if math.Abs(iv.got.Lo-iv.point) > 1e-15 || math.Abs(iv.got.Hi-iv.point) > 1e-15 {
			t.Errorf("%s: %v, want [%v, %v]", iv.name, iv.got, iv.point, iv.point)
		}
	}
	// L = {l1 (all to M1), l2 (all to B)}: replicates l1l1, l1l2, l2l2
	// give market shares 1, ½, 0: the interval is [0, 1].
	l := a.Bootstrap.Clusters[1]
	if l.MarketShare != (Interval{0, 1}) || l.BuyerShare != (Interval{0, 1}) {
		t.Errorf("L: %+v", l)
	}
	if a.Bootstrap.Replicates != 500 || a.Bootstrap.Seed != 1 || len(a.Bootstrap.Linkage) != len(a.Linkage) {
		t.Errorf("bootstrap: %+v", a.Bootstrap)
	}
	plain, err := Analyze(context.Background(), nw2, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Bootstrap != nil || plain.Risk != nil {
		t.Error("intervals or risk without being asked")
	}
}

// Too many replicates for the network are refused before any is drawn.
func TestBootstrapBudget(t *testing.T) {
	_, err := Analyze(context.Background(), bootstrapNetwork(t), Options{Seed: 1, Bootstrap: 1e9})
	if !errors.Is(err, ErrBootstrapWork) {
		t.Errorf("10⁹ replicates: %v", err)
	}
}
