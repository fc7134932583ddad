package cascade_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"

	"clusterchain/network/internal/cascade"
	"clusterchain/network/internal/digraph"
	"clusterchain/network/internal/gennet"
	"clusterchain/network/internal/neumaier"
)

type (
	Net     = cascade.Net
	Failure = cascade.Failure
	Outcome = cascade.Outcome
	Reason  = cascade.Reason
)

const (
	Standing  = cascade.Standing
	Removed   = cascade.Removed
	Customers = cascade.Customers
	Suppliers = cascade.Suppliers
	Tolerance = cascade.Tolerance
)

var (
	New          = cascade.New
	ErrWork      = cascade.ErrWork
	ErrThreshold = cascade.ErrThreshold
)

// arc is a test arc with its volume.
type arc struct {
	from, to int32
	vol      float64
}

// build makes a Net on n nodes from arcs; buyers lists the immune nodes.
func build(t testing.TB, n int, arcs []arc, buyers ...int32) *Net {
	t.Helper()
	pairs := make([][2]int32, len(arcs))
	vol := map[[2]int32]float64{}
	for i, a := range arcs {
		pairs[i] = [2]int32{a.from, a.to}
		vol[pairs[i]] = a.vol
	}
	g, err := digraph.FromArcs(n, pairs)
	if err != nil {
		t.Fatal(err)
	}
	start, adj := g.OutCSR()
	w := make([]float64, len(adj))
	for u := 0; u < n; u++ {
		for k := start[u]; k < start[u+1]; k++ {
			w[k] = vol[[2]int32{int32(u), adj[k]}]
		}
	}
	immune := make([]bool, n)
	for _, b := range buyers {
		immune[b] = true
	}
	nt, err := New(g, w, immune)
	if err != nil {
		t.Fatal(err)
	}
	return nt
}

func TestHandWorked(t *testing.T) {
	// A chain of firms 0 → 1 → 2 → 3; each also sells as much to a buyer
	// of its own (6, 5, 4). When 3 goes, 2 has lost half its customers,
	// then 1, then 0: each failure takes the next at θ = 0.5, and none
	// follows at θ = 0.6. The buyers lose their only supplier and stand.
	// Started in the middle (1), the failure runs both ways: 0 loses half
	// its customers, 2 its only supplier, and then 3 its only supplier.
	// Started at buyer 4, 2 loses half its customers; then 1 fails for its
	// customers and 3 for its suppliers in the same round; then 0.
	chain := []arc{{0, 1, 10}, {0, 6, 10}, {1, 2, 10}, {1, 5, 10}, {2, 3, 10}, {2, 4, 10}}
	// Market 0 supplies firm 1 with 30 of its 40 of inputs (firm 2 gives
	// 10); firm 1 sells everything to buyer 3. Firm 1 fails for its
	// suppliers only (it lost no customer), and then firm 2, whose only
	// customer it was, for its customers.
	supply := []arc{{0, 1, 30}, {2, 1, 10}, {1, 3, 50}}
	// Firm 1 buys from and sells to market 0, and sells as much to buyer
	// 2: it reaches θ on both sides at once, and the reason is customers.
	both := []arc{{0, 1, 10}, {1, 0, 10}, {1, 2, 10}}
	// Firm 1's links to the removed firm 0 have unknown volume (0): it
	// cannot fail through them. Firm 2 sells only unknown volumes, so its
	// out-volume is 0 and it cannot fail for its customers, however many
	// fail. Firm 3 buys only from 0, with volume 5: it fails.
	zero := []arc{{1, 0, 0}, {1, 4, 7}, {2, 0, 0}, {0, 3, 5}, {3, 4, 1}}
	// θ = 1: firm 3 sells 0.1, 0.2 and 0.3 to firms 0, 1, 2, all removed.
	// The lost volume, summed in another order than the out-volume, must
	// still count as all of it.
	whole := []arc{{3, 2, 0.3}, {3, 0, 0.1}, {3, 1, 0.2}}
	for _, tc := range []struct {
		name    string
		n       int
		arcs    []arc
		buyers  []int32
		removed []int32
		theta   float64
		want    []Failure
	}{
		{"chain θ=0.5", 7, chain, []int32{4, 5, 6}, []int32{3}, 0.5, []Failure{
			{3, 0, Removed}, {2, 1, Customers}, {1, 2, Customers}, {0, 3, Customers}}},
		{"chain θ=0.6", 7, chain, []int32{4, 5, 6}, []int32{3}, 0.6, []Failure{{3, 0, Removed}}},
		{"chain θ=1", 7, chain, []int32{4, 5, 6}, []int32{3}, 1, []Failure{{3, 0, Removed}}},
		{"chain from the middle", 7, chain, []int32{4, 5, 6}, []int32{1}, 0.5, []Failure{
			{1, 0, Removed}, {0, 1, Customers}, {2, 1, Suppliers}, {3, 2, Suppliers}}},
		{"removing a buyer", 7, chain, []int32{4, 5, 6}, []int32{4, 4}, 0.5, []Failure{
			{4, 0, Removed}, {2, 1, Customers}, {1, 2, Customers}, {3, 2, Suppliers}, {0, 3, Customers}}},
		{"supply side only", 4, supply, []int32{3}, []int32{0}, 0.5, []Failure{
			{0, 0, Removed}, {1, 1, Suppliers}, {2, 2, Customers}}},
		{"supply side, θ above the share", 4, supply, []int32{3}, []int32{0}, 0.76, []Failure{{0, 0, Removed}}},
		{"both sides: customers", 3, both, []int32{2}, []int32{0}, 0.5, []Failure{{0, 0, Removed}, {1, 1, Customers}}},
		{"zero volumes", 5, zero, []int32{4}, []int32{0}, 0.5, []Failure{{0, 0, Removed}, {3, 1, Suppliers}}},
		{"θ = 1, rounding", 4, whole, nil, []int32{1, 2, 0}, 1, []Failure{
			{0, 0, Removed}, {1, 0, Removed}, {2, 0, Removed}, {3, 1, Customers}}},
		{"nothing removed", 4, whole, nil, nil, 0.5, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nt := build(t, tc.n, tc.arcs, tc.buyers...)
			got, err := nt.Run(context.Background(), tc.removed, tc.theta)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if ref := reference(nt, tc.removed, tc.theta); !reflect.DeepEqual(ref, tc.want) {
				t.Errorf("reference %v, want %v", ref, tc.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	nt := build(t, 3, []arc{{0, 1, 1}, {1, 2, 1}})
	ctx := context.Background()
	for _, theta := range []float64{0, -0.5, 1.0000001, math.NaN(), math.Inf(1)} {
		if _, err := nt.Run(ctx, []int32{0}, theta); !errors.Is(err, ErrThreshold) {
			t.Errorf("θ = %v: error %v", theta, err)
		}
		if _, err := nt.Risk(ctx, []int32{0}, theta, nil, 1); !errors.Is(err, ErrThreshold) {
			t.Errorf("Risk θ = %v: error %v", theta, err)
		}
	}
	for _, v := range []int32{-1, 3} {
		if _, err := nt.Run(ctx, []int32{v}, 0.5); err == nil {
			t.Errorf("node %d: no error", v)
		}
		if _, err := nt.Risk(ctx, []int32{v}, 0.5, nil, 1); err == nil {
			t.Errorf("Risk node %d: no error", v)
		}
	}
	if _, err := nt.Risk(ctx, []int32{0}, 0.5, []bool{true}, 1); err == nil {
		t.Error("short counted flags: no error")
	}
	g, _ := digraph.FromArcs(2, [][2]int32{{0, 1}})
	for _, w := range [][]float64{{}, {-1}, {math.NaN()}, {math.Inf(1)}} {
		if _, err := New(g, w, nil); err == nil {
			t.Errorf("volumes %v: no error", w)
		}
	}
	if _, err := New(g, []float64{1}, []bool{true}); err == nil {
		t.Error("short immunity flags: no error")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := nt.Run(cancelled, []int32{0}, 0.5); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Run: %v", err)
	}
	if _, err := nt.Risk(cancelled, []int32{0, 1, 2}, 0.5, nil, 2); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Risk: %v", err)
	}
	var empty digraph.Graph
	e, err := New(&empty, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f, err := e.Run(ctx, nil, 0.5); err != nil || f != nil {
		t.Errorf("empty graph: %v, %v", f, err)
	}
	if r, err := e.Risk(ctx, nil, 0.5, nil, 0); err != nil || len(r) != 0 {
		t.Errorf("empty graph risk: %v, %v", r, err)
	}
}

// reference is the SPEC §6 text transcribed: every round recomputes, for
// every standing node that can fail, the volume of its links to failed
// nodes and from failed nodes, from scratch.
func reference(nt *Net, removed []int32, theta float64) []Failure {
	n := nt.Order()
	round := make([]int32, n)
	reason := make([]Reason, n)
	for i := range round {
		round[i] = -1
	}
	var res []Failure
	for v := int32(0); v < int32(n); v++ {
		for _, r := range removed {
			if r == v {
				round[v], reason[v] = 0, Removed
				res = append(res, Failure{v, 0, Removed})
				break
			}
		}
	}
	for t := int32(0); ; t++ {
		var add []Failure
		for v := int32(0); v < int32(n); v++ {
			if round[v] >= 0 || nt.Immune(v) {
				continue
			}
			var outV, inV, lostC, lostS neumaier.Sum
			adj, w := nt.Out(v)
			for k, u := range adj {
				outV.Add(w[k])
				if round[u] >= 0 {
					lostC.Add(w[k])
				}
			}
			adj, w = nt.In(v)
			for k, u := range adj {
				inV.Add(w[k])
				if round[u] >= 0 {
					lostS.Add(w[k])
				}
			}
			switch {
			case outV.Value() > 0 && lostC.Value() >= theta*outV.Value()*(1-Tolerance):
				add = append(add, Failure{v, t + 1, Customers})
			case inV.Value() > 0 && lostS.Value() >= theta*inV.Value()*(1-Tolerance):
				add = append(add, Failure{v, t + 1, Suppliers})
			}
		}
		if len(add) == 0 {
			return res
		}
		for _, f := range add {
			round[f.Node], reason[f.Node] = f.Round, f.Reason
		}
		res = append(res, add...)
	}
}

// TestAgainstReferenceRandom compares Run with the reference on random
// graphs with random volumes, some of them 0, and random immune nodes.
func TestAgainstReferenceRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	ctx := context.Background()
	multi := 0
	for trial := 0; trial < 400; trial++ {
		n := 2 + rng.IntN(30)
		var arcs []arc
		seen := map[[2]int32]bool{}
		for k := rng.IntN(4 * n); k > 0; k-- {
			u, v := int32(rng.IntN(n)), int32(rng.IntN(n))
			if u == v || seen[[2]int32{u, v}] {
				continue
			}
			seen[[2]int32{u, v}] = true
			x := float64(rng.IntN(5)) // small integers: many exact ties with θ·volume
			if rng.IntN(3) == 0 {
				x = rng.Float64() * 10
			}
			arcs = append(arcs, arc{u, v, x})
		}
		var buyers []int32
		for v := int32(0); v < int32(n); v++ {
			if rng.IntN(5) == 0 {
				buyers = append(buyers, v)
			}
		}
		nt := build(t, n, arcs, buyers...)
		var removed []int32
		for k := 1 + rng.IntN(3); k > 0; k-- {
			removed = append(removed, int32(rng.IntN(n)))
		}
		theta := []float64{0.1, 0.25, 1.0 / 3, 0.5, 0.75, 1}[rng.IntN(6)]
		got, err := nt.Run(ctx, removed, theta)
		if err != nil {
			t.Fatal(err)
		}
		want := reference(nt, removed, theta)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d (n %d, θ %v, removed %v):\n got %v\nwant %v", trial, n, theta, removed, got, want)
		}
		if len(got) > 0 && got[len(got)-1].Round >= 2 {
			multi++
		}
	}
	if multi < 20 {
		t.Errorf("only %d random cascades ran two rounds or more: the test exercises too little", multi)
	}
}

// generated reads a synth network with its volumes; buyers are immune.
func generated(t testing.TB, firms int, seed uint64) (*gennet.Net, *Net) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "gen")
	nw, err := gennet.Make(dir, firms, seed)
	if err != nil {
		t.Fatal(err)
	}
	w, err := gennet.Volumes(dir, nw)
	if err != nil {
		t.Fatal(err)
	}
	immune := make([]bool, len(nw.Type))
	for v, typ := range nw.Type {
		immune[v] = typ == gennet.Buyer
	}
	nt, err := New(nw.Graph, w, immune)
	if err != nil {
		t.Fatal(err)
	}
	return nw, nt
}

// TestAgainstReferenceGenerated compares every round and reason with the
// reference on generated networks: each market and buyer alone, and
// random sets of firms, at several thresholds; and Risk's outcome of
// every node with the full cascade from Run.
func TestAgainstReferenceGenerated(t *testing.T) {
	ctx := context.Background()
	for _, seed := range []uint64{1, 2} {
		nw, nt := generated(t, 300, seed)
		rng := rand.New(rand.NewPCG(seed, 3))
		var starts [][]int32
		for v, typ := range nw.Type {
			if typ != gennet.Firm {
				starts = append(starts, []int32{int32(v)})
			}
		}
		for k := 0; k < 30; k++ {
			var s []int32
			for j := 1 + rng.IntN(6); j > 0; j-- {
				s = append(s, int32(rng.IntN(len(nw.IDs))))
			}
			starts = append(starts, s)
		}
		deepest := int32(0)
		for _, theta := range []float64{0.2, 0.35, 0.5, 1} {
			for _, s := range starts {
				got, err := nt.Run(ctx, s, theta)
				if err != nil {
					t.Fatal(err)
				}
				want := reference(nt, s, theta)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("seed %d, θ %v, removed %v:\n got %v\nwant %v", seed, theta, s, got, want)
				}
				deepest = max(deepest, got[len(got)-1].Round)
			}
		}
		t.Logf("seed %d: %d start sets, deepest cascade %d rounds", seed, len(starts), deepest)
		if deepest < 2 {
			t.Errorf("seed %d: no cascade ran two rounds: the comparison exercises too little", seed)
		}
	}
}

// TestRisk checks Risk over every node against Run, and that the result
// does not depend on the number of workers.
func TestRisk(t *testing.T) {
	ctx := context.Background()
	nw, nt := generated(t, 400, 5)
	all := make([]int32, len(nw.IDs))
	for i := range all {
		all[i] = int32(i)
	}
	firm := make([]bool, len(nw.IDs))
	for v, typ := range nw.Type {
		firm[v] = typ == gennet.Firm
	}
	for _, theta := range []float64{0.3, 0.5} {
		one, err := nt.Risk(ctx, all, theta, firm, 1)
		if err != nil {
			t.Fatal(err)
		}
		toppled := 0
		for i, o := range one {
			f, err := nt.Run(ctx, []int32{all[i]}, theta)
			if err != nil {
				t.Fatal(err)
			}
			want := Outcome{Start: all[i]}
			var vol neumaier.Sum
			for _, x := range f[1:] {
				want.Rounds = x.Round
				want.Failed++
				if firm[x.Node] {
					want.Counted++
					vol.Add(nt.OutVolume(x.Node))
				}
			}
			want.Volume = vol.Value()
			if o != want {
				t.Fatalf("θ %v, start %d: %+v, want %+v", theta, all[i], o, want)
			}
			if o.Counted > 0 {
				toppled++
			}
		}
		t.Logf("θ %v: %d of %d nodes topple a firm", theta, toppled, len(all))
		if toppled == 0 {
			t.Errorf("θ %v: no start topples anything", theta)
		}
		for _, workers := range []int{2, 3, 0} {
			r, err := nt.Risk(ctx, all, theta, firm, workers)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r, one) {
				t.Errorf("θ %v: %d workers differ from one", theta, workers)
			}
		}
	}
	// nil counted: every node counts.
	r, err := nt.Risk(ctx, all[:50], 0.5, nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range r {
		if o.Counted != o.Failed {
			t.Errorf("start %d: counted %d of %d failed with every node counted", o.Start, o.Counted, o.Failed)
		}
	}
}

func TestReasonString(t *testing.T) {
	got := fmt.Sprint(Standing, Removed, Customers, Suppliers)
	if got != " removed customers suppliers" {
		t.Errorf("got %q", got)
	}
}

// A chain where every failure takes the next: the cascade from node i
// scans about 2(n − i) arcs, Risk over every node about n², and a budget
// below that stops it with ErrWork whatever the number of workers.
func TestRiskBudget(t *testing.T) {
	const n = 400
	var arcs []arc
	for i := int32(0); i+1 < n; i++ {
		arcs = append(arcs, arc{i, i + 1, 1})
	}
	nt := build(t, n, arcs)
	all := make([]int32, n)
	for i := range all {
		all[i] = int32(i)
	}
	ctx := context.Background()
	full, err := nt.RiskWithin(ctx, all, 0.5, nil, 2, 1<<40)
	if err != nil {
		t.Fatal(err)
	}
	if full[0].Failed != n-1 || full[n/2].Failed != n-1 {
		t.Fatalf("a chain: %+v, %+v", full[0], full[n/2])
	}
	for _, w := range []int{1, 3} {
		if _, err := nt.RiskWithin(ctx, all, 0.5, nil, w, n*n/2); !errors.Is(err, ErrWork) {
			t.Errorf("%d workers, budget n²/2: %v", w, err)
		}
		if _, err := nt.RiskWithin(ctx, all, 0.5, nil, w, 2*n*n); err != nil {
			t.Errorf("%d workers, budget 2n²: %v", w, err)
		}
	}
}
