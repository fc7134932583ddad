package network

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

// dataset builds a dataset from "from>to" links (volume 1, default kind)
// and node declarations: "id" a firm of no cluster, "id@C" a firm of
// cluster C, "m:id" a market, "b:id" a buyer.
func dataset(t *testing.T, nodes, links string) Dataset {
	t.Helper()
	var d Dataset
	types := map[string]NodeType{}
	for _, f := range strings.Fields(nodes) {
		nd := Node{ID: f}
		switch {
		case strings.HasPrefix(f, "m:"):
			nd = Node{ID: f[2:], Type: Market}
		case strings.HasPrefix(f, "b:"):
			nd = Node{ID: f[2:], Type: Buyer}
		default:
			if id, c, ok := strings.Cut(f, "@"); ok {
				nd = Node{ID: id, Cluster: c}
			}
		}
		types[nd.ID] = nd.Type
		d.Nodes = append(d.Nodes, nd)
	}
	for _, l := range strings.Fields(links) {
		a, b, ok := strings.Cut(l, ">")
		if !ok {
			t.Fatalf("link %q", l)
		}
		d.Links = append(d.Links, Link{From: a, To: b, Kind: DefaultKind(types[a], types[b]), Volume: 1})
	}
	return d
}

func analyzeDataset(t *testing.T, d Dataset) *Analysis {
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

// A chain raw supplier → maker → market: trophic levels 0, 1, 2, every
// edge rises by exactly one level, F₀ = 0; no cycle (flow hierarchy 1),
// no reciprocal tie.
func TestTrophicChainByHand(t *testing.T) {
	a := analyzeDataset(t, dataset(t, "s k m:m", "s>k k>m"))
	for id, want := range map[string]float64{"s": 0, "k": 1, "m": 2} {
		if got := figOf(t, a, id).TrophicLevel; !near(got, want, 1e-12) {
			t.Errorf("trophic level of %s = %v, want %v", id, got, want)
		}
	}
	st := a.Structure
	if !near(st.TrophicIncoherence, 0, 1e-12) || st.FlowHierarchy != 1 || st.Reciprocity != 0 {
		t.Errorf("F₀ %v, flow hierarchy %v, reciprocity %v; want 0, 1, 0", st.TrophicIncoherence, st.FlowHierarchy, st.Reciprocity)
	}
}

// A pooling ring a ⇄ b (a reciprocal pair) selling to market m: the pair
// is balanced (h_a = h_b), and Λh = v gives h_m = h_a + 1 — m has the one
// tie and an imbalance of 1 — so the levels are 0, 0, 1. Edges a→b, b→a
// lie on a cycle and are reciprocal, so flow hierarchy and reciprocity
// are 1/3 and 2/3 of the three edges; F₀ = (1 + 1 + 0)/3.
func TestTrophicRingByHand(t *testing.T) {
	a := analyzeDataset(t, dataset(t, "a@R b@R m:m", "a>b b>a b>m"))
	for id, want := range map[string]float64{"a": 0, "b": 0, "m": 1} {
		if got := figOf(t, a, id).TrophicLevel; !near(got, want, 1e-12) {
			t.Errorf("trophic level of %s = %v, want %v", id, got, want)
		}
	}
	st := a.Structure
	if !near(st.TrophicIncoherence, 2.0/3, 1e-12) || !near(st.FlowHierarchy, 1.0/3, 1e-15) || !near(st.Reciprocity, 2.0/3, 1e-15) {
		t.Errorf("F₀ %v, flow hierarchy %v, reciprocity %v; want 2/3, 1/3, 2/3", st.TrophicIncoherence, st.FlowHierarchy, st.Reciprocity)
	}
}

// reachRow returns the reach.csv row of cluster c and buyer b.
func reachRow(t *testing.T, a *Analysis, c, b string) BuyerFlow {
	t.Helper()
	for _, r := range a.Reach {
		if a.Network.Clusters()[r.Cluster].ID == c && a.Network.Nodes()[r.Buyer].ID == b {
			return r
		}
	}
	t.Fatalf("no reach row %s → %s", c, b)
	return BuyerFlow{}
}

// Chokepoints and channels of reach.csv, worked by hand.
func TestChokepointsByHand(t *testing.T) {
	for _, tc := range []struct {
		name, nodes, links string
		chokepoints        []string
		channels           int
	}{
		// Star through one market: every sale passes m.
		{"star through one market", "f1@A f2@A f3@A m:m b:B", "f1>m f2>m f3>m m>B", []string{"m"}, 1},
		// Two markets in parallel: no node on every path, two channels.
		{"two markets in parallel", "f1@A f2@A m:m1 m:m2 b:B", "f1>m1 f2>m2 m1>B m2>B", nil, 2},
		// One firm through two markets: the firm itself is the chokepoint.
		{"one firm, two markets", "f1@A m:m1 m:m2 b:B", "f1>m1 f1>m2 m1>B m2>B", []string{"f1"}, 1},
		// A ring on the path: the cluster's one firm f1 sells through m1,
		// which sells to B and supplies f2 of a pooling ring f2 ⇄ f3; f2
		// and f3 sell through m2 and m3. Every path leaves through f1 and
		// m1: both are chokepoints, in that order.
		{"ring on the path", "f1@A f2@R f3@R m:m1 m:m2 m:m3 b:B", "f1>m1 m1>B m1>f2 f2>f3 f3>f2 f2>m2 f3>m3 m2>B m3>B", []string{"f1", "m1"}, 1},
		// The ring's members as the cluster: two channels through m2, m3.
		{"ring as the cluster", "f2@A f3@A m:m2 m:m3 b:B", "f2>f3 f3>f2 f2>m2 f3>m3 m2>B m3>B", nil, 2},
		// Direct orders and a market: three channels, no chokepoint.
		{"direct and through a market", "f1@A f2@A f3@A m:m b:B", "f1>B f2>B f3>m m>B", nil, 3},
	} {
		a := analyzeDataset(t, dataset(t, tc.nodes, tc.links))
		r := reachRow(t, a, "A", "B")
		if got := a.ChokepointIDs(r); !slices.Equal(got, tc.chokepoints) && !(len(got) == 0 && len(tc.chokepoints) == 0) {
			t.Errorf("%s: chokepoints %v, want %v", tc.name, got, tc.chokepoints)
		}
		if r.Channels != tc.channels {
			t.Errorf("%s: channels %d, want %d", tc.name, r.Channels, tc.channels)
		}
		if r.Chokepoints == nil {
			t.Errorf("%s: nil chokepoints (want an empty list)", tc.name)
		}
	}
}

// E–I index by hand. Cluster A: a1 → a2 inside (I = 1); a1 → m, a2 → B
// and c1 → a1 with one end in A (E = 3): (3 − 1)/4 = 1/2. Cluster C: only
// c1 → a1 (E = 1, I = 0): 1. Cluster D has a firm and no edge: empty.
func TestEIIndexByHand(t *testing.T) {
	a := analyzeDataset(t, dataset(t, "a1@A a2@A c1@C d1@D m:m b:B", "a1>a2 a1>m a2>B c1>a1 m>B"))
	want := map[string]float64{"A": 0.5, "C": 1, "D": math.NaN()}
	for c, cl := range a.Network.Clusters() {
		got, w := a.Clusters[c].EIIndex, want[cl.ID]
		if math.IsNaN(w) != math.IsNaN(got) || (!math.IsNaN(w) && !near(got, w, 1e-15)) {
			t.Errorf("E–I of %s = %v, want %v", cl.ID, got, w)
		}
	}
	if f := a.Clusters[0]; f.External != 3 || f.Internal != 1 {
		t.Errorf("A: E %d, I %d, want 3, 1", f.External, f.Internal)
	}
}

// Hill estimate by hand: eight firms selling to one market, nine nodes,
// k = min(⌈√9⌉, 9 − 1) = 3; degrees 8, 1, 1, 1, …: α = 1 + 3 / (ln 8 +
// ln 1 + ln 1) = 1 + 1/ln 2. Three firms, fa → fb and all to a market:
// n = 4, k = min(2, 3) = 2, degrees 3, 2, 2, 1: α = 1 + 2 / (ln 3/2 +
// ln 2/2). One firm and a market: k = min(2, 1) = 1 < 2, empty.
func TestTailExponentByHand(t *testing.T) {
	var nodes, links []string
	for i := 0; i < 8; i++ {
		f := "f" + string(rune('a'+i))
		nodes = append(nodes, f)
		links = append(links, f+">m")
	}
	a := analyzeDataset(t, dataset(t, strings.Join(nodes, " ")+" m:m", strings.Join(links, " ")))
	if got, want := a.Structure.DegreeTailExponent, 1+1/math.Ln2; !near(got, want, 1e-15) {
		t.Errorf("eight firms: α = %v, want %v", got, want)
	}
	a = analyzeDataset(t, dataset(t, "fa fb fc m:m", "fa>m fb>m fc>m fa>fb"))
	if got, want := a.Structure.DegreeTailExponent, 1+2/math.Log(1.5); !near(got, want, 1e-15) {
		t.Errorf("three firms: α = %v, want %v", got, want)
	}
	a = analyzeDataset(t, dataset(t, "fa m:m", "fa>m"))
	if got := a.Structure.DegreeTailExponent; !math.IsNaN(got) {
		t.Errorf("one firm: α = %v, want empty (NaN)", got)
	}
}

// Bow-tie by hand: the core a → b → c → a, d feeds it (IN), it feeds e
// (OUT), f → g hangs apart (rest). Ties between cores of equal size go to
// the one with the smallest member id in byte order, whatever the type.
func TestBowTieByHand(t *testing.T) {
	a := analyzeDataset(t, dataset(t, "a b c d e f g", "a>b b>c c>a d>a c>e f>g"))
	bt := a.Structure.BowTie
	if !near(bt.Core, 3.0/7, 1e-15) || !near(bt.In, 1.0/7, 1e-15) || !near(bt.Out, 1.0/7, 1e-15) || !near(bt.Rest, 2.0/7, 1e-15) {
		t.Errorf("bow-tie %+v, want 3/7, 1/7, 1/7, 2/7", bt)
	}
	// Two cores of two: firms b1 ⇄ b2, and firm c1 ⇄ market a1. In node
	// order (firms first) b1 comes first, in byte order a1: the core is
	// {a1, c1}, and b1, b2 reach it (IN).
	a = analyzeDataset(t, dataset(t, "b1 b2 c1 m:a1", "b1>b2 b2>b1 c1>a1 a1>c1 b1>c1"))
	bt = a.Structure.BowTie
	if a.Network.Nodes()[bt.Seed].ID != "a1" || bt.Core != 0.5 || bt.In != 0.5 {
		t.Errorf("tie: core seed %s, %+v; want a1, core 1/2, in 1/2", a.Network.Nodes()[bt.Seed].ID, bt)
	}
}

// Assortativity by hand: edges a→b, a→c, b→c. Out-degrees of the tails
// 2, 2, 1 and in-degrees of the heads 1, 2, 2: the Pearson correlation of
// (2, 2, 1) and (1, 2, 2) is −1/2.
func TestAssortativityByHand(t *testing.T) {
	a := analyzeDataset(t, dataset(t, "a b c", "a>b a>c b>c"))
	if got := a.Structure.Assortativity; !near(got, -0.5, 1e-15) {
		t.Errorf("assortativity %v, want −1/2", got)
	}
	// A star: every tail has out-degree 1, a constant: undefined.
	a = analyzeDataset(t, dataset(t, "a b m:m", "a>m b>m"))
	if got := a.Structure.Assortativity; !math.IsNaN(got) {
		t.Errorf("star: assortativity %v, want NaN", got)
	}
}

// Brokerage z-scores by hand on the smallest chain f → m → B (the
// generated networks are compared with R sna by the reference scripts):
// the market is the liaison of one open two-path between three groups,
// and a firm alone in its cluster can be no coordinator (variance 0:
// NaN, as in R).
func TestBrokerageZCorners(t *testing.T) {
	a := analyzeDataset(t, dataset(t, "f@A m:m b:B", "f>m m>B"))
	mz := figOf(t, a, "m").BrokerageZ
	fz := figOf(t, a, "f").BrokerageZ
	if !math.IsNaN(fz[0]) {
		t.Errorf("firm alone in its cluster: coordinator z %v, want NaN", fz[0])
	}
	// N = 3, m = 2, d = 1/3, p = d²(1−d) = 2/27; the market is in a group
	// of one, so every other group has one node: liaison expectation
	// p·((N−1)² − Σ n_j²) = p·(4 − 2) = 4/27, variance E(1−p) + 2q·Σ n_j
	// C(N − n_j − 1, 2) = E(1 − p) (C(1, 2) = 0), raw 1.
	p := 2.0 / 27
	e := p * 2
	want := (1 - e) / math.Sqrt(e*(1-p))
	if !near(mz[4], want, 1e-12) {
		t.Errorf("market liaison z %v, want %v", mz[4], want)
	}
}
