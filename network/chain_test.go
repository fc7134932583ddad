package network

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// f1 (cluster A) sells 10 to m1; m1 and m2 trade x each way; m2's only
// other exit is 0.01 to the buyer b1. Everything reaches b1: buyer_reach
// 1, via_markets 10. Built as 1 − w/out, I − P loses the 1e-10 that
// leaves the pair and gave 0.9999999171596359 at 1e8 (issue 12.5).
func TestStiffMarketPair(t *testing.T) {
	for _, x := range []float64{1e6, 1e8, 1e12} {
		a := build(t, Dataset{
			Nodes: []Node{{ID: "f1", Cluster: "A"}, {ID: "m1", Type: Market}, {ID: "m2", Type: Market}, {ID: "b1", Type: Buyer}},
			Links: []Link{{"f1", "m1", Sale, 10}, {"m1", "m2", Sale, x}, {"m2", "m1", Sale, x}, {"m2", "b1", Sale, 0.01}},
		})
		if r := a.Clusters[0].BuyerReach; math.Abs(r-1) > 1e-15 {
			t.Errorf("x=%g: buyer_reach %v, want 1", x, r)
		}
		if len(a.Reach) != 1 || math.Abs(a.Reach[0].ViaMarkets-10) > 1e-14 || a.Reach[0].Direct != 0 {
			t.Errorf("x=%g: reach %+v, want 10 via markets", x, a.Reach)
		}
		// Without b1 nothing reaches a buyer; without m2 neither.
		for _, r := range a.Resilience {
			if id := a.Network.Nodes()[r.Node].ID; id != "m1" && math.Abs(r.VolumeAtRisk-10) > 1e-14 {
				t.Errorf("x=%g: %s at risk %v, want 10", x, id, r.VolumeAtRisk)
			}
		}
	}
}

// exactShares solves the absorbing chain of markets in exact rational
// arithmetic (Gauss–Jordan on (D − W_MM) F = W_MB over all markets at
// once, D the out-volumes; a market in a closed group, or with no
// out-volume, gets 0): the reference for the GTH solve.
func exactShares(nw *Network, ci *chainIndex) [][]*big.Rat {
	nm, nb := len(ci.markets), len(ci.buyers)
	g := nw.g
	// Markets from which some buyer is reachable: the others keep what
	// they get (F = 0) and are left out of the system, which is then
	// nonsingular.
	live := make([]bool, nm)
	for changed := true; changed; {
		changed = false
		for p, m := range ci.markets {
			if live[p] {
				continue
			}
			adj, w := g.Out(m)
			for j, v := range adj {
				if w[j] > 0 && (ci.bpos[v] >= 0 || ci.mpos[v] >= 0 && live[ci.mpos[v]]) {
					live[p], changed = true, true
					break
				}
			}
		}
	}
	rat := func(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }
	A := make([][]*big.Rat, nm)
	for p, m := range ci.markets {
		A[p] = make([]*big.Rat, nm+nb)
		for k := range A[p] {
			A[p][k] = new(big.Rat)
		}
		if !live[p] {
			A[p][p].SetInt64(1)
			continue
		}
		adj, w := g.Out(m)
		for j, v := range adj {
			A[p][p].Add(A[p][p], rat(w[j]))
			if q := ci.mpos[v]; q >= 0 && live[q] {
				A[p][q].Sub(A[p][q], rat(w[j]))
			} else if b := ci.bpos[v]; b >= 0 {
				A[p][nm+int(b)].Add(A[p][nm+int(b)], rat(w[j]))
			}
		}
	}
	for k := 0; k < nm; k++ {
		piv := k
		for piv < nm && A[piv][k].Sign() == 0 {
			piv++
		}
		A[k], A[piv] = A[piv], A[k]
		inv := new(big.Rat).Inv(A[k][k])
		for c := range A[k] {
			A[k][c].Mul(A[k][c], inv)
		}
		for i := 0; i < nm; i++ {
			if i == k || A[i][k].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(A[i][k])
			for c := range A[i] {
				A[i][c].Sub(A[i][c], new(big.Rat).Mul(f, A[k][c]))
			}
		}
	}
	F := make([][]*big.Rat, nm)
	for p := range F {
		F[p] = A[p][nm:]
	}
	return F
}

// The GTH solve against exact rational arithmetic on random market
// networks with cycles, closed groups, dead ends, volumes of 0 and stiff
// pairs (volumes from 1e-3 to 1e9): every share within 1e-13 of the exact
// one, relative to it.
func TestChainMatchesExact(t *testing.T) {
	worst := 0.0
	for seed := uint64(1); seed <= 40; seed++ {
		r := rand.New(rand.NewPCG(seed, 17))
		nm, nb := 2+r.IntN(12), 1+r.IntN(4)
		var d Dataset
		d.Nodes = append(d.Nodes, Node{ID: "f", Cluster: "A"})
		for i := 0; i < nm; i++ {
			d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("m%02d", i), Type: Market})
		}
		for i := 0; i < nb; i++ {
			d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("z%d", i), Type: Buyer})
		}
		vol := func() float64 {
			switch r.IntN(6) {
			case 0:
				return 0
			case 1:
				return math.Pow(10, float64(r.IntN(13))-3) // 1e-3 … 1e9
			}
			return float64(1 + r.IntN(100))
		}
		seen := map[[2]int]bool{}
		link := func(a, b string, i, j int, k Kind) {
			if !seen[[2]int{i, j}] && i != j {
				seen[[2]int{i, j}] = true
				d.Links = append(d.Links, Link{a, b, k, vol()})
			}
		}
		for i := 0; i < nm; i++ {
			link("f", d.Nodes[1+i].ID, -1, i, Sale)
			for k := 0; k < r.IntN(4); k++ {
				j := r.IntN(nm)
				link(d.Nodes[1+i].ID, d.Nodes[1+j].ID, i, j, Sale)
			}
			if r.IntN(3) > 0 {
				j := r.IntN(nb)
				link(d.Nodes[1+i].ID, d.Nodes[1+nm+j].ID, i, 100+j, Sale)
			}
			if r.IntN(4) == 0 {
				link(d.Nodes[1+i].ID, "f", i, -1, Supply)
			}
		}
		nw, err := New(d)
		if err != nil {
			t.Fatal(err)
		}
		ci := nw.chainIndex()
		F := newChain(nw.g, ci, ci.bpos, len(ci.buyers)).solve(ci.all(), -1, nil)
		want := exactShares(nw, ci)
		for p := range F {
			got := make([]float64, nb)
			for _, sh := range F[p] {
				got[sh.t] = sh.f
			}
			for b := 0; b < nb; b++ {
				w, _ := want[p][b].Float64()
				if w == 0 && got[b] == 0 {
					continue
				}
				rel := math.Abs(got[b]-w) / w
				worst = max(worst, rel)
				if !(rel <= 1e-13) {
					t.Errorf("seed %d: market %d, buyer %d: %v, exact %v (relative error %.2g)", seed, p, b, got[b], w, rel)
				}
			}
		}
	}
	t.Logf("largest relative error %.2g", worst)
}
