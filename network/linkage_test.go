package network

import (
	"slices"
	"testing"
)

// handNetwork is small enough to work every figure out on paper:
//
//	cluster A: a1…a5; cluster B: b1, b2; cluster C declared, no firms; x no cluster.
//	subcontract: a4→a3→a2→a1 and a4→a1 (a shortcut), a5→b1, b1⇄b2 (a ring)
//	supply: a1→x 20, a2→b1 40
//	sale: a1→m1 100, a2→m1 50, a1→z1 30, a3→m2 (unknown volume), b1→m1 60,
//	      m1→z1 200, m2→m1 10
func handNetwork(t *testing.T) *Network {
	t.Helper()
	firm := func(id, c string) Node { return Node{ID: id, Type: Firm, Cluster: c} }
	nw, err := New(Dataset{
		Nodes: []Node{
			firm("a1", "A"), firm("a2", "A"), firm("a3", "A"), firm("a4", "A"), firm("a5", "A"),
			firm("b1", "B"), firm("b2", "B"), firm("x", ""),
			{ID: "m1", Type: Market}, {ID: "m2", Type: Market}, {ID: "z1", Type: Buyer},
		},
		Clusters: []Cluster{{ID: "C", Name: "Cluster C"}, {ID: "A", Name: "Alpha"}},
		Links: []Link{
			{"a4", "a3", Subcontract, 5}, {"a3", "a2", Subcontract, 5}, {"a2", "a1", Subcontract, 10},
			{"a4", "a1", Subcontract, 2}, {"a5", "b1", Subcontract, 8},
			{"b1", "b2", Subcontract, 3}, {"b2", "b1", Subcontract, 4},
			{"a1", "x", Supply, 20}, {"a2", "b1", Supply, 40},
			{"a1", "m1", Sale, 100}, {"a2", "m1", Sale, 50}, {"a1", "z1", Sale, 30},
			{"a3", "m2", Sale, 0}, {"b1", "m1", Sale, 60}, {"m1", "z1", Sale, 200}, {"m2", "m1", Sale, 10},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return nw
}

func TestTiersByHand(t *testing.T) {
	a := analyze(t, handNetwork(t))
	for _, tc := range []struct {
		id          string
		tier, depth int32
		ring        string
	}{
		{"a1", 0, 3, ""}, // lead with three layers beneath (a4→a3→a2→a1)
		{"a2", 1, 2, ""},
		{"a3", 2, 1, ""},
		{"a4", 1, 0, ""}, // a4→a1 directly: tier is the fewest steps
		{"a5", 1, 0, ""},
		{"b1", 0, 1, "b1"}, // the ring b1⇄b2 is one lead unit with a5 beneath
		{"b2", 0, 1, "b1"},
		{"x", -1, -1, ""}, // no subcontract link
		{"m1", -1, -1, ""},
	} {
		f := figOf(t, a, tc.id)
		ring := ""
		if f.Ring >= 0 {
			ring = a.Network.Nodes()[f.Ring].ID
		}
		if f.Tier != tc.tier || f.Depth != tc.depth || ring != tc.ring {
			t.Errorf("%s: tier %d depth %d ring %q, want %d %d %q", tc.id, f.Tier, f.Depth, ring, tc.tier, tc.depth, tc.ring)
		}
	}
	if len(a.Rings) != 1 || len(a.Rings[0]) != 2 {
		t.Errorf("rings %v", a.Rings)
	}
}

func TestLinkageByHand(t *testing.T) {
	a := analyze(t, handNetwork(t))
	nw := a.Network
	ids := []string{}
	for _, c := range nw.Clusters() {
		ids = append(ids, c.ID+"="+c.Name)
	}
	if want := []string{"A=Alpha", "B=B", "C=Cluster C"}; !slices.Equal(ids, want) {
		t.Fatalf("clusters %v, want %v", ids, want)
	}
	// out(A) = a1→m1 100 + a2→m1 50 + a1→z1 30 + a3→m2 0 + a1→x 20 + a2→b1 40 + a5→b1 8 = 248.
	A, B, C := a.Clusters[0], a.Clusters[1], a.Clusters[2]
	for _, tc := range []struct {
		name                  string
		got                   ClusterFigures
		firms, internal       int
		out, mkt, buyer, firm float64
		maxDepth              int32
		rings                 int
	}{
		{"A", A, 5, 4, 248, 150.0 / 248, 30.0 / 248, 68.0 / 248, 3, 0},
		{"B", B, 2, 2, 60, 1, 0, 0, 1, 1},
		{"C", C, 0, 0, 0, 0, 0, 0, -1, 0},
	} {
		g := tc.got
		if g.Firms != tc.firms || g.InternalLinks != tc.internal || g.OutVolume != tc.out ||
			g.MarketShare != tc.mkt || g.BuyerShare != tc.buyer || g.FirmShare != tc.firm ||
			g.MaxDepth != tc.maxDepth || len(g.Rings) != tc.rings {
			t.Errorf("cluster %s: %+v", tc.name, g)
		}
	}
	type row struct {
		c, m                      string
		vol, share, reach, depend float64
	}
	var got []row
	for _, l := range a.Linkage {
		got = append(got, row{nw.Clusters()[l.Cluster].ID, nw.Nodes()[l.Market].ID, l.Volume, l.Share, l.Reach, l.Dependence})
	}
	// in(m1) = 100 + 50 + 60 + 10 = 220; in(m2) = 0 (unknown volume).
	want := []row{
		{"A", "m1", 150, 150.0 / 248, 2.0 / 5, 150.0 / 220},
		{"A", "m2", 0, 0, 1.0 / 5, 0}, // kept: reach > 0
		{"B", "m1", 60, 1, 1.0 / 2, 60.0 / 220},
	}
	if !slices.Equal(got, want) {
		t.Errorf("linkage\n got %v\nwant %v", got, want)
	}
	m1 := figOf(t, a, "m1")
	if m1.InDegree != 4 || m1.InVolume != 220 || m1.OutDegree != 1 || m1.OutVolume != 200 {
		t.Errorf("m1: %+v", m1)
	}
}

func TestNewRejects(t *testing.T) {
	f := func(id string) Node { return Node{ID: id} }
	for name, d := range map[string]Dataset{
		"duplicate id": {Nodes: []Node{f("a"), {ID: "a", Type: Market}}},
		"unknown id":   {Nodes: []Node{f("a")}, Links: []Link{{From: "a", To: "b", Kind: Supply}}},
		"self-link":    {Nodes: []Node{f("a")}, Links: []Link{{From: "a", To: "a", Kind: Supply}}},
		"direction":    {Nodes: []Node{f("a"), {ID: "z", Type: Buyer}}, Links: []Link{{From: "z", To: "a", Kind: Sale}}},
		"negative":     {Nodes: []Node{f("a"), f("b")}, Links: []Link{{From: "a", To: "b", Kind: Supply, Volume: -1}}},
		"duplicate link": {Nodes: []Node{f("a"), f("b")}, Links: []Link{
			{From: "a", To: "b", Kind: Supply}, {From: "a", To: "b", Kind: Supply}}},
	} {
		if _, err := New(d); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
