package network

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// Worked by hand. Firms a1, a2 of cluster A and c1 of cluster C; market
// m1 passes everything on to buyers b1 and b2 (one unit each):
//
//	a1 → m1 (10), c1 → m1 (6), a2 → b2 (4), m1 → b1 (1), m1 → b2 (1).
//
// T(m1) = 1, Σ_C R(C) = 10 + 6 + 4 = 20. Gains of one removal: m1 16,
// a1 10, c1 6, a2 4, b2 4 (m1 still reaches b1), b1 0. Step 1 takes m1
// (16, 0.8); then a2 and b2 both gain the 4 left and the tie goes to the
// smaller id, a2 (20, 1); then nothing is left to lose and every node
// ties at 0: the smallest id, a1.
func TestKeyPlayersByHand(t *testing.T) {
	d := Dataset{
		Nodes: []Node{{ID: "a1", Cluster: "A"}, {ID: "a2", Cluster: "A"}, {ID: "c1", Cluster: "C"},
			{ID: "m1", Type: Market}, {ID: "b1", Type: Buyer}, {ID: "b2", Type: Buyer}},
		Links: []Link{{"a1", "m1", Sale, 10}, {"c1", "m1", Sale, 6}, {"a2", "b2", Sale, 4},
			{"m1", "b1", Sale, 1}, {"m1", "b2", Sale, 1}},
	}
	nw, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Analyze(context.Background(), nw, Options{KeyPlayers: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id          string
		risk, share float64
	}{{"m1", 16, 0.8}, {"a2", 20, 1}, {"a1", 20, 1}}
	if len(a.KeyPlayers) != len(want) {
		t.Fatalf("%d key players, want %d", len(a.KeyPlayers), len(want))
	}
	for i, w := range want {
		k := a.KeyPlayers[i]
		if k.Rank != i+1 || nw.Nodes()[k.Node].ID != w.id || !near(k.VolumeAtRisk, w.risk, 1e-15) || !near(k.ShareAtRisk, w.share, 1e-15) {
			t.Errorf("rank %d: %+v (%s), want %+v", i+1, k, nw.Nodes()[k.Node].ID, w)
		}
	}
	// --key-players 0: none.
	a0, _ := Analyze(context.Background(), nw, Options{})
	if len(a0.KeyPlayers) != 0 {
		t.Errorf("without KeyPlayers: %v", a0.KeyPlayers)
	}
}

// totalReach is Σ_C R(C) of a network computed from scratch: one solve of
// the whole absorbing chain, then every cluster's volume to each market
// and buyer times the share that ends at buyers (as resilience.csv's R).
func totalReach(nw *Network) float64 {
	ci := nw.chainIndex()
	ch := newChain(nw.g, ci, ci.one, 1)
	F := ch.solve(ci.all(), -1, nil)
	s := 0.0
	for _, ts := range nw.clusterTargets() {
		for _, t := range ts {
			if ci.bpos[t.node] >= 0 {
				s += t.vol
			} else {
				s += t.vol * total(F[ci.mpos[t.node]])
			}
		}
	}
	return s
}

// withoutSet returns d without the nodes ids and their links.
func withoutSet(d Dataset, ids map[string]bool) Dataset {
	out := Dataset{Clusters: d.Clusters}
	for _, nd := range d.Nodes {
		if !ids[nd.ID] {
			out.Nodes = append(out.Nodes, nd)
		}
	}
	for _, l := range d.Links {
		if !ids[l.From] && !ids[l.To] {
			out.Links = append(out.Links, l)
		}
	}
	return out
}

// straightforwardKeyPlayers is the greedy of SPEC §5 as it reads: at every
// step, for every candidate c, the network without X ∪ {c} is built
// afresh and Σ_C R(C) computed on it; the best c (ties within tol: the
// smallest id) joins X.
func straightforwardKeyPlayers(t *testing.T, d Dataset, k int, tol float64) ([]string, []float64) {
	t.Helper()
	nw, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	s0 := totalReach(nw)
	gone := map[string]bool{}
	var ids []string
	var risk []float64
	for step := 0; step < k && step < len(d.Nodes); step++ {
		best, bestID := math.Inf(1), ""
		sums := map[string]float64{}
		for _, nd := range d.Nodes {
			if gone[nd.ID] {
				continue
			}
			gone[nd.ID] = true
			nw2, err := New(withoutSet(d, gone))
			delete(gone, nd.ID)
			if err != nil {
				t.Fatal(err)
			}
			s := totalReach(nw2)
			sums[nd.ID] = s
			best = min(best, s)
		}
		for id, s := range sums {
			if s <= best+tol && (bestID == "" || id < bestID) {
				bestID = id
			}
		}
		gone[bestID] = true
		ids = append(ids, bestID)
		risk = append(risk, s0-sums[bestID])
	}
	return ids, risk
}

// supplyNetwork is a generated network where markets sell to firms as
// much as to buyers, so that taking a firm away changes what the markets
// pass on: nf firms in clusters of 8 (one in 10 in none), nm markets in
// chains and cycles, nb buyers, volumes 0 to 100.
func supplyNetwork(nf, nm, nb int, seed uint64) Dataset {
	r := rand.New(rand.NewPCG(seed, 3))
	var d Dataset
	for i := 0; i < nf; i++ {
		c := fmt.Sprintf("c%02d", i/8)
		if i%10 == 9 {
			c = ""
		}
		d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("f%03d", i), Cluster: c})
	}
	for i := 0; i < nm; i++ {
		d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("m%02d", i), Type: Market})
	}
	for i := 0; i < nb; i++ {
		d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("b%02d", i), Type: Buyer})
	}
	seen := map[[2]int]bool{}
	add := func(a, b int, k Kind) {
		if a != b && !seen[[2]int{a, b}] {
			seen[[2]int{a, b}] = true
			d.Links = append(d.Links, Link{d.Nodes[a].ID, d.Nodes[b].ID, k, float64(r.IntN(101))})
		}
	}
	m := func(i int) int { return nf + i }
	b := func(i int) int { return nf + nm + i }
	for f := 0; f < nf; f++ {
		add(f, m(r.IntN(nm)), Sale)
		if r.IntN(3) == 0 {
			add(f, m(r.IntN(nm)), Sale)
		}
		if r.IntN(6) == 0 {
			add(f, b(r.IntN(nb)), Sale)
		}
		if r.IntN(4) == 0 {
			add(f, r.IntN(nf), Supply)
		}
	}
	for i := 0; i < nm; i++ {
		for k := 0; k < 1+r.IntN(3); k++ {
			add(m(i), b(r.IntN(nb)), Sale)
		}
		for k := 0; k < 1+r.IntN(3); k++ {
			add(m(i), r.IntN(nf), Supply)
		}
		if r.IntN(2) == 0 {
			add(m(i), m(r.IntN(nm)), Sale)
		}
	}
	return d
}

// The incremental greedy equals the straightforward one on generated
// networks: the same node at every step, the same cumulative volume at
// risk.
func TestKeyPlayersMatchGreedy(t *testing.T) {
	cases := map[string]Dataset{"chain": chainDataset()}
	for seed := uint64(1); seed <= 3; seed++ {
		cases[fmt.Sprintf("markets %d", seed)] = marketNetwork(t, 12+4*int(seed), seed)
		cases[fmt.Sprintf("supply %d", seed)] = supplyNetwork(60, 8, 12, seed)
	}
	const k = 8
	for name, d := range cases {
		nw, err := New(d)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Analyze(context.Background(), nw, Options{KeyPlayers: k})
		if err != nil {
			t.Fatal(err)
		}
		s0 := totalReach(nw)
		ids, risk := straightforwardKeyPlayers(t, d, k, riskEpsilon*s0)
		got := strings.Split(keyPlayerIDs(nw, a.KeyPlayers), ",")
		if strings.Join(got, ",") != strings.Join(ids, ",") {
			t.Errorf("%s: key players %v, straightforward %v", name, got, ids)
			continue
		}
		for i, kp := range a.KeyPlayers {
			if !near(kp.VolumeAtRisk, risk[i], 1e-9*s0) {
				t.Errorf("%s rank %d: volume at risk %v, straightforward %v", name, i+1, kp.VolumeAtRisk, risk[i])
			}
			if want := shareOf(risk[i], s0); !near(kp.ShareAtRisk, want, 1e-9) {
				t.Errorf("%s rank %d: share %v, want %v", name, i+1, kp.ShareAtRisk, want)
			}
		}
		t.Logf("%s: %v, Σ R = %.6g, at risk %.6g", name, got, s0, a.KeyPlayers[len(a.KeyPlayers)-1].VolumeAtRisk)
	}
}

// BenchmarkKeyPlayers is the key-player step alone (five steps, as
// --key-players' default) on the benchmark networks.
func BenchmarkKeyPlayers(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) {
		a := &Analysis{Network: nw}
		if _, err := a.keyPlayerSteps(context.Background(), 5); err != nil {
			b.Fatal(err)
		}
	})
}

// Every candidate's gain, recomputed or kept from an earlier step, equals
// S(X) − S(X ∪ {c}) computed afresh on the network without X ∪ {c}, at
// every step: firms that markets supply (whose removal raises what the
// markets pass on, a negative gain), markets in cycles, buyers.
func TestKeyPlayerGains(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		d := supplyNetwork(50, 7, 10, seed)
		nw, err := New(d)
		if err != nil {
			t.Fatal(err)
		}
		a := &Analysis{Network: nw}
		kp := a.newKeyPlayers()
		s0 := totalReach(nw)
		gone := map[string]bool{}
		negative := 0
		for step := 0; step < 5; step++ {
			x, err := kp.step(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			// kp.gain holds the gains the step chose from (before x).
			sx := totalReach(mustNew(t, withoutSet(d, gone)))
			for c, nd := range nw.Nodes() {
				if gone[nd.ID] {
					continue
				}
				gone[nd.ID] = true
				want := sx - totalReach(mustNew(t, withoutSet(d, gone)))
				delete(gone, nd.ID)
				if !near(kp.gain[c], want, 1e-9*s0) {
					t.Errorf("seed %d step %d: gain of %s %v, afresh %v", seed, step+1, nd.ID, kp.gain[c], want)
				}
				if want < -1e-9*s0 {
					negative++
				}
			}
			gone[nw.Nodes()[x].ID] = true
		}
		if negative == 0 {
			t.Errorf("seed %d: no candidate with a negative gain: the test misses the market-supplied firms", seed)
		}
	}
}

func mustNew(t *testing.T, d Dataset) *Network {
	t.Helper()
	nw, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	return nw
}

// BenchmarkKeyPlayersMarkets is the key-player step on market-heavy
// networks (marketNetwork: two firms per market, markets in chains and
// cycles that supply firms), 50,000 firms at the largest.
func BenchmarkKeyPlayersMarkets(b *testing.B) {
	for _, nm := range []int{2500, 25000} {
		nw, err := New(marketNetwork(b, nm, 1))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("firms=%d", 2*nm), func(b *testing.B) {
			a := &Analysis{Network: nw}
			for b.Loop() {
				if _, err := a.keyPlayerSteps(context.Background(), 5); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
