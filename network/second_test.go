package network

import (
	"context"
	"math"
	"testing"
)

func build(t *testing.T, d Dataset) *Analysis {
	t.Helper()
	nw, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Analyze(context.Background(), nw, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Structural holes on undirected ties (each as two links), by hand: v tied
// to a and b. Open: p(v,a) = p(v,b) = 1/2, no indirect path, constraint =
// 2·(1/2)² = 1/2, effective size 2. Closed (a–b tied too): indirect
// p(v,b)·p(b,a) = 1/4, constraint = 2·(3/4)² = 9/8, each neighbour is half
// redundant, effective size 1.
func TestStructuralHolesByHand(t *testing.T) {
	for _, tc := range []struct {
		ties             string
		constraint, size float64
	}{
		{"v-a v-b", 0.5, 2},
		{"v-a v-b a-b", 9.0 / 8, 1},
	} {
		a := analyze(t, undirected(t, tc.ties))
		f := figOf(t, a, "v")
		if !near(f.Constraint, tc.constraint, 1e-15) || !near(f.EffectiveSize, tc.size, 1e-15) {
			t.Errorf("%s: constraint %v effective size %v, want %v %v", tc.ties, f.Constraint, f.EffectiveSize, tc.constraint, tc.size)
		}
	}
	// A node with no outgoing link has neither (NetworkX: undefined).
	a := build(t, Dataset{Nodes: []Node{{ID: "p"}, {ID: "q"}}, Links: []Link{{From: "p", To: "q", Kind: Supply, Volume: 1}}})
	if f := figOf(t, a, "q"); !math.IsNaN(f.Constraint) || !math.IsNaN(f.EffectiveSize) {
		t.Errorf("sink: %v %v", f.Constraint, f.EffectiveSize)
	}
	// p has one out-neighbour q: p(p,q) = 1, constraint 1, effective size 1.
	if f := figOf(t, a, "p"); f.Constraint != 1 || f.EffectiveSize != 1 {
		t.Errorf("source: %v %v", f.Constraint, f.EffectiveSize)
	}
}

// k-core and articulation points by hand: a triangle x-y-z with a tail
// z-t-u. Core 2 for the triangle, 1 for the tail; z and t are cut nodes.
func TestCoreAndCutByHand(t *testing.T) {
	a := analyze(t, undirected(t, "x-y y-z z-x z-t t-u"))
	for id, want := range map[string]struct {
		core int32
		cut  bool
	}{"x": {2, false}, "y": {2, false}, "z": {2, true}, "t": {1, true}, "u": {1, false}} {
		if f := figOf(t, a, id); f.Core != want.core || f.Cut != want.cut {
			t.Errorf("%s: core %d cut %v, want %+v", id, f.Core, f.Cut, want)
		}
	}
}

// HITS by hand: a → c, b → c, b → d. AᵀA = [[0,0,0,0],[0,0,0,0],[0,0,2,1],[0,0,1,1]]
// on (a,b,c,d); its top eigenvector on (c,d) is (1, (√5−1)/2) for λ = (3+√5)/2.
func TestHITSByHand(t *testing.T) {
	a := build(t, Dataset{
		Nodes: []Node{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}},
		Links: []Link{{"a", "c", Supply, 5}, {"b", "c", Supply, 1}, {"b", "d", Supply, 9}},
	})
	phi := (math.Sqrt(5) - 1) / 2
	ac, ad := 1/(1+phi), phi/(1+phi) // authorities, normalised
	ha, hb := ac, ac+ad              // hubs = A·auth, before normalising
	ha, hb = ha/(ha+hb), hb/(ha+hb)
	for id, want := range map[string][2]float64{"a": {ha, 0}, "b": {hb, 0}, "c": {0, ac}, "d": {0, ad}} {
		if f := figOf(t, a, id); !near(f.Hub, want[0], 1e-12) || !near(f.Authority, want[1], 1e-12) {
			t.Errorf("%s: hub %v authority %v, want %v", id, f.Hub, f.Authority, want)
		}
	}
}

// Brokerage by hand, one open two-path of each role through v.
func TestBrokerageByHand(t *testing.T) {
	f := func(id, c string) Node { return Node{ID: id, Cluster: c} }
	a := build(t, Dataset{
		Nodes: []Node{f("a1", "A"), f("a2", "A"), f("v", "A"), f("b1", "B"), f("b2", "B"), f("c1", "C"),
			{ID: "m", Type: Market}, {ID: "z", Type: Buyer}},
		Links: []Link{
			{"a1", "v", Supply, 1}, {"a2", "v", Supply, 1}, {"b1", "v", Supply, 1},
			{"v", "a2", Supply, 1}, {"v", "b2", Supply, 1}, {"v", "c1", Supply, 1},
			{"a1", "a2", Supply, 1}, // closes a1→v→a2
			// the market gatekeeps firms of B for the buyer: b1→m→z, b2→m→z
			{"b1", "m", Sale, 1}, {"b2", "m", Sale, 1}, {"m", "z", Sale, 1},
		},
	})
	// Through v (group A): in a1(A), a2(A), b1(B); out a2(A), b2(B), c1(C).
	// a1→v→a2 closed; a1→v→b2 representative; a1→v→c1 representative;
	// a2→v→b2, a2→v→c1 representative (a2→v→a2 not a pair);
	// b1→v→a2 gatekeeper; b1→v→b2 itinerant; b1→v→c1 liaison.
	want := Brokerage{Coordinator: 0, Gatekeeper: 1, Representative: 4, Itinerant: 1, Liaison: 1}
	if got := figOf(t, a, "v").Brokerage; got != want {
		t.Errorf("v: %+v, want %+v", got, want)
	}
	// Through m (group market): b1→m→z and b2→m→z, a(B)≠v(market)≠b(buyer): liaison.
	if got := figOf(t, a, "m").Brokerage; got != (Brokerage{Liaison: 2}) {
		t.Errorf("m: %+v", got)
	}
}

// The absorbing chain by hand, with a market cycle and a closed pair:
//
//	cluster A's firm f: f→m1 100, f→z1 20, f→m3 10
//	m1→m2 50, m1→z1 50; m2→m1 30, m2→z2 10, m2→g 10 (a firm: lost)
//	m3⇄m4 (pass goods only among themselves: lost)
//
// F(m1) = ½z1 + ½F(m2), F(m2) = 0.6F(m1) + 0.2z2 ⇒ F(m1) = (5/7)z1 + (1/7)z2.
func TestBuyerReachByHand(t *testing.T) {
	a := build(t, chainDataset())
	nw := a.Network
	A := a.Clusters[0]
	if A.OutVolume != 130 {
		t.Fatalf("out(A) = %v", A.OutVolume)
	}
	R := 20 + 100*5.0/7 + 100*1.0/7
	if !near(A.BuyerReach, R/130, 1e-15) {
		t.Errorf("buyer_reach %v, want %v", A.BuyerReach, R/130)
	}
	type row struct {
		buyer              string
		direct, via, share float64
	}
	want := []row{{"z1", 20, 500.0 / 7, (20 + 500.0/7) / 130}, {"z2", 0, 100.0 / 7, 100.0 / 7 / 130}}
	if len(a.Reach) != len(want) {
		t.Fatalf("reach rows %+v", a.Reach)
	}
	for i, r := range a.Reach {
		w := want[i]
		if nw.Nodes()[r.Buyer].ID != w.buyer || !near(r.Direct, w.direct, 1e-12) ||
			!near(r.ViaMarkets, w.via, 1e-12) || !near(r.Share, w.share, 1e-15) {
			t.Errorf("row %d: %+v, want %+v", i, r, w)
		}
	}

	// Resilience. Without z1, m1 sends all to m2: F(m1) = F(m2) = ½z2, so
	// R₋z1 = 50 and A loses R − 50. Without m2, m1 sends all to z1:
	// R₋m2 = 120 > R, a gain, so no cluster is affected.
	res := map[string]Resilience{}
	for _, r := range a.Resilience {
		res[nw.Nodes()[r.Node].ID] = r
	}
	if r := res["z1"]; !near(r.VolumeAtRisk, R-50, 1e-12) || r.ClustersAffected != 1 ||
		r.WorstCluster != 0 || !near(r.WorstShare, (R-50)/130, 1e-15) {
		t.Errorf("z1: %+v, want risk %v", r, R-50)
	}
	if r := res["m2"]; !near(r.VolumeAtRisk, R-120, 1e-12) || r.ClustersAffected != 0 || r.WorstCluster != -1 {
		t.Errorf("m2: %+v", r)
	}
	// m3 and m4 carry nothing that reaches a buyer; z2 carries 100/7.
	if r := res["m3"]; r.VolumeAtRisk != 0 || r.ClustersAffected != 0 {
		t.Errorf("m3: %+v", r)
	}
	// Without z2: m2 sends ¾ back to m1, ¼ to g: F(m1) = ½z1 + ⅜F(m1) ⇒
	// F(m1) = 0.8z1, so R₋z2 = 20 + 80.
	if r := res["z2"]; !near(r.VolumeAtRisk, R-(20+80), 1e-12) {
		t.Errorf("z2: risk %v, want %v", r.VolumeAtRisk, R-100)
	}
	if len(a.Resilience) != 6 {
		t.Errorf("%d resilience rows, want one per market and buyer", len(a.Resilience))
	}
	// Rows sorted by id.
	for i := 1; i < len(a.Resilience); i++ {
		if nw.Nodes()[a.Resilience[i-1].Node].ID >= nw.Nodes()[a.Resilience[i].Node].ID {
			t.Errorf("resilience not sorted by id")
		}
	}

	// Cluster customer concentration over out(A) = 130: m1 100, z1 20, m3 10.
	s1, s2, s3 := 100.0/130, 20.0/130, 10.0/130
	if !near(A.CustomerHHI, s1*s1+s2*s2+s3*s3, 1e-15) || nw.Nodes()[A.TopCustomer].ID != "m1" || A.TopCustomerShare != s1 {
		t.Errorf("A customers: %v %v %v", A.CustomerHHI, A.TopCustomer, A.TopCustomerShare)
	}
	// Node concentration of m2 over 50: m1 30, z2 10, g 10.
	if f := figOf(t, a, "m2"); !near(f.CustomerHHI, 0.36+0.04+0.04, 1e-15) || f.TopCustomerShare != 0.6 {
		t.Errorf("m2: hhi %v top %v", f.CustomerHHI, f.TopCustomerShare)
	}
	if f := figOf(t, a, "z1"); !math.IsNaN(f.CustomerHHI) {
		t.Errorf("a buyer with no outgoing volume has hhi %v", f.CustomerHHI)
	}
}

func chainDataset() Dataset {
	return Dataset{
		Nodes: []Node{{ID: "f", Cluster: "A"}, {ID: "g"},
			{ID: "m1", Type: Market}, {ID: "m2", Type: Market}, {ID: "m3", Type: Market}, {ID: "m4", Type: Market},
			{ID: "z1", Type: Buyer}, {ID: "z2", Type: Buyer}},
		Links: []Link{
			{"f", "m1", Sale, 100}, {"f", "z1", Sale, 20}, {"f", "m3", Sale, 10},
			{"m1", "m2", Sale, 50}, {"m1", "z1", Sale, 50},
			{"m2", "m1", Sale, 30}, {"m2", "z2", Sale, 10}, {"m2", "g", Supply, 10},
			{"m3", "m4", Sale, 5}, {"m4", "m3", Sale, 5},
		},
	}
}

// NMI by hand and at its limits.
func TestNMI(t *testing.T) {
	if got := nmi([]int32{1, 1, 2, 2}, []int32{5, 5, 7, 7}); !near(got, 1, 1e-15) {
		t.Errorf("same partition: %v", got)
	}
	if got := nmi([]int32{1, 1, 2, 2}, []int32{1, 2, 1, 2}); !near(got, 0, 1e-15) {
		t.Errorf("independent: %v", got)
	}
	// x = {1,1,2,2}, y = {1,1,1,2}: H(x) = ln 2, H(y) = −¾ln¾ − ¼ln¼,
	// I = ½ln(½·4·4/(2·3))·… worked out: I = H(y) − H(y|x) = H(y) − ½ln2.
	hy := -0.75*math.Log(0.75) - 0.25*math.Log(0.25)
	want := (hy - 0.5*math.Log(2)) / ((math.Log(2) + hy) / 2)
	if got := nmi([]int32{1, 1, 2, 2}, []int32{1, 1, 1, 2}); !near(got, want, 1e-15) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// Two triangles joined by one tie split into two communities; numbering
// is by size then smallest id; the result does not change with the run.
func TestCommunities(t *testing.T) {
	a := analyze(t, undirected(t, "a-b b-c c-a d-e e-f f-d c-d g-h g-i h-i i-j"))
	of := func(id string) int32 { return figOf(t, a, id).Community }
	if of("a") != of("b") || of("a") != of("c") || of("d") != of("e") || of("a") == of("d") {
		t.Errorf("communities a%d b%d c%d d%d e%d", of("a"), of("b"), of("c"), of("d"), of("e"))
	}
	if of("g") != 1 { // g-h-i-j has 4 members: the largest
		t.Errorf("g in community %d, want 1", of("g"))
	}
	if of("a") != 2 || of("d") != 3 { // equal sizes: smallest member id first
		t.Errorf("a in %d, d in %d", of("a"), of("d"))
	}
	if a.Modularity <= 0.3 {
		t.Errorf("modularity %v", a.Modularity)
	}
	b := analyze(t, undirected(t, "a-b b-c c-a d-e e-f f-d c-d g-h g-i h-i i-j"))
	for i := range a.Nodes {
		if a.Nodes[i].Community != b.Nodes[i].Community {
			t.Fatal("communities differ between runs")
		}
	}
}
