package bootstrap

import (
	"bytes"
	"clusterchain/network/internal/neumaier"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestPercentileHand(t *testing.T) {
	for _, tc := range []struct {
		x    []float64
		p    float64
		want float64
	}{
		{[]float64{7}, 0.025, 7},
		{[]float64{7}, 0.975, 7},
		{[]float64{1, 2, 3, 4}, 0.25, 1.75}, // h = 0.75
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},   // h = 1.5
		{[]float64{1, 2, 3, 4}, 0, 1},
		{[]float64{1, 2, 3, 4}, 1, 4},
		{[]float64{0, 10}, 0.025, 0.25},   // h = 0.025
		{[]float64{0, 10}, 0.975, 9.75},   // h = 0.975
		{[]float64{2, 2, 2, 5}, 0.5, 2},   // between equal neighbours
		{[]float64{0, 0, 1, 1}, 0.975, 1}, // h = 2.925: 1
	} {
		if got := Percentile(tc.x, tc.p); got != tc.want {
			t.Errorf("Percentile(%v, %v) = %v, want %v", tc.x, tc.p, got, tc.want)
		}
	}
	// numpy.percentile(x, 2.5) divides 2.5 by 100: the same doubles.
	if LoLevel != 2.5/100 || HiLevel != 97.5/100 {
		t.Error("the levels are not numpy's 2.5 and 97.5 percent")
	}
	if !math.IsNaN(Percentile(nil, 0.5)) {
		t.Error("no values: want NaN")
	}
}

// TestPercentileNumpy compares Percentile with numpy.percentile (default
// method "linear") bit for bit on random samples of many sizes, with ties.
func TestPercentileNumpy(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	if err := exec.Command(py, "-c", "import numpy").Run(); err != nil {
		t.Skip("no numpy")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	levels := []float64{0.025, 0.975, 0, 0.5, 1, 0.1, 0.9, 1.0 / 3}
	var samples [][]float64
	for _, n := range []int{1, 2, 3, 5, 10, 39, 40, 41, 100, 999, 1000, 1001, 2000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.Float64()
			if i%7 == 3 {
				x[i] = x[i/2] // ties
			}
			if i%11 == 5 {
				x[i] = rng.ExpFloat64() * 1e6
			}
		}
		samples = append(samples, x)
	}
	dir := t.TempDir()
	in, _ := json.Marshal(map[string]any{"samples": samples, "levels": levels})
	if err := os.WriteFile(filepath.Join(dir, "in.json"), in, 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sys, numpy as np
d = json.load(open(sys.argv[1]))
for x in d["samples"]:
    print(" ".join(repr(float(np.percentile(np.array(x), 100 * p))) for p in d["levels"]))
`
	out, err := exec.Command(py, "-c", script, filepath.Join(dir, "in.json")).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(samples) {
		t.Fatalf("numpy gave %d lines for %d samples", len(lines), len(samples))
	}
	checked := 0
	for i, x := range samples {
		sorted := append([]float64(nil), x...)
		sortFloats(sorted)
		for j, f := range strings.Fields(lines[i]) {
			want, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatal(err)
			}
			// numpy takes the level in percent and divides it by 100:
			// the same double as p for 2.5 % and 97.5 %, not for 1/3.
			q := (100 * levels[j]) / 100
			if got := Percentile(sorted, q); got != want {
				t.Errorf("n %d, p %v: %v, numpy %v", len(x), levels[j], got, want)
			}
			checked++
		}
	}
	t.Logf("%d percentiles equal to numpy's bit for bit", checked)
}

func sortFloats(x []float64) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

// TestReplicateReference recomputes replicates from the drawn firms'
// links, added up one by one as the definition reads, and compares with
// the weighted sums.
func TestReplicateReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	c := randomCluster(rng, "C1", 25, 4)
	rows := make([][]float64, 3+c.Markets)
	for i := range rows {
		rows[i] = make([]float64, 1)
	}
	rep := &replicator{counts: make([]int, len(c.Firms)), acc: make([]neumaier.Sum, c.Markets)}
	base := streamBase(9, c.Key)
	for r := uint64(0); r < 200; r++ {
		rep.replicate(&c, base, r, rows, 0)
		var src rand.PCG
		src.Seed(streamSeeds(base, r))
		var out, mk, by, rc float64
		per := make([]float64, c.Markets)
		for range c.Firms {
			f := c.Firms[below(&src, uint64(len(c.Firms)))]
			out += f.Out
			mk += f.Market
			by += f.Buyer
			rc += f.Reach
			for _, l := range f.Links {
				per[l.Market] += l.Volume
			}
		}
		want := []float64{mk / out, by / out, rc / out}
		for _, v := range per {
			want = append(want, v/out)
		}
		for i := range want {
			if d := math.Abs(rows[i][0] - want[i]); d > 1e-14 {
				t.Fatalf("replicate %d, statistic %d: %v, by hand %v", r, i, rows[i][0], want[i])
			}
		}
	}
}

// randomCluster makes m firms with lognormal volumes split between
// markets, buyers and other firms, and k markets.
func randomCluster(rng *rand.Rand, key string, m, k int) Cluster {
	c := Cluster{Key: key, Markets: k}
	for range m {
		out := math.Exp(rng.NormFloat64())
		pm, pb := rng.Float64(), rng.Float64()
		f := Firm{Out: out, Market: out * pm * 0.7, Buyer: out * (1 - pm*0.7) * pb * 0.5}
		f.Reach = f.Buyer + f.Market*0.6
		left := f.Market
		for j := 0; j < k && left > 0; j++ {
			v := left
			if j < k-1 {
				v = left * rng.Float64()
			}
			if rng.IntN(3) > 0 || j == k-1 {
				f.Links = append(f.Links, Link{int32(j), v})
				left -= v
			}
		}
		if left > 0 {
			f.Links = append(f.Links, Link{int32(k - 1), left})
		}
		c.Firms = append(c.Firms, f)
	}
	return c
}

// Two firms, one selling all to a market, one all to a buyer: the
// replicates are AA (market share 1), AB or BA (½) and BB (0), with
// probabilities ¼, ½, ¼; at B = 4,000 the interval is [0, 1].
func TestTwoFirms(t *testing.T) {
	c := Cluster{Key: "K", Markets: 1, Firms: []Firm{
		{Out: 10, Market: 10, Reach: 6, Links: []Link{{0, 10}}},
		{Out: 10, Buyer: 10, Reach: 10},
	}}
	b, err := Run(context.Background(), []Cluster{c}, Config{Replicates: 4000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := Bounds{MarketShare: Interval{0, 1}, BuyerShare: Interval{0, 1}, BuyerReach: Interval{0.6, 1},
		Share: []Interval{{0, 1}}}
	if !reflect.DeepEqual(b[0], want) {
		t.Errorf("got %+v, want %+v", b[0], want)
	}
	// The frequencies of the three replicates.
	rows := [][]float64{make([]float64, 4000), make([]float64, 4000), make([]float64, 4000), make([]float64, 4000)}
	rep := &replicator{counts: make([]int, 2), acc: make([]neumaier.Sum, 1)}
	base := streamBase(1, "K")
	n := map[float64]int{}
	for r := range 4000 {
		rep.replicate(&c, base, uint64(r), rows, r)
		n[rows[0][r]]++
	}
	for v, p := range map[float64]float64{1: 0.25, 0.5: 0.5, 0: 0.25} {
		sd := math.Sqrt(p * (1 - p) / 4000)
		if got := float64(n[v]) / 4000; math.Abs(got-p) > 4*sd {
			t.Errorf("market share %v in %.3f of the replicates, want %.2f", v, got, p)
		}
	}
	// One firm, or firms all alike: every replicate is the sample.
	one := Cluster{Key: "one", Markets: 2, Firms: []Firm{{Out: 4, Market: 3, Buyer: 1, Reach: 2,
		Links: []Link{{0, 1}, {1, 2}}}}}
	b, err = Run(context.Background(), []Cluster{one, {Key: "empty", Markets: 1}}, Config{Replicates: 7, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want = Bounds{MarketShare: Interval{0.75, 0.75}, BuyerShare: Interval{0.25, 0.25}, BuyerReach: Interval{0.5, 0.5},
		Share: []Interval{{0.25, 0.25}, {0.5, 0.5}}}
	if !reflect.DeepEqual(b[0], want) {
		t.Errorf("one firm: got %+v, want %+v", b[0], want)
	}
	if want := (Bounds{Share: []Interval{{}}}); !reflect.DeepEqual(b[1], want) {
		t.Errorf("no firms: got %+v, want %+v", b[1], want)
	}
}

// TestDeterministic: the bounds of a cluster depend on the seed, its key
// and its firms only — not on the workers, the other clusters or their
// order.
func TestDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var cs []Cluster
	for i := range 6 {
		cs = append(cs, randomCluster(rng, fmt.Sprintf("C%d", i), 3+rng.IntN(40), 1+rng.IntN(5)))
	}
	ctx := context.Background()
	ref, err := Run(ctx, cs, Config{Replicates: 301, Seed: 42, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{2, 3, 8, 0} {
		got, err := Run(ctx, cs, Config{Replicates: 301, Seed: 42, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, ref) {
			t.Errorf("%d workers differ from one", w)
		}
	}
	rev := []Cluster{cs[5], cs[3], cs[1]}
	got, err := Run(ctx, rev, Config{Replicates: 301, Seed: 42, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []Bounds{ref[5], ref[3], ref[1]}) {
		t.Error("the bounds of a cluster depend on the other clusters")
	}
	other, err := Run(ctx, cs, Config{Replicates: 301, Seed: 43})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(other, ref) {
		t.Error("seed 43 gives the bounds of seed 42")
	}
	// Same seed, same bytes: the bounds as text.
	text := func(b []Bounds) []byte {
		var buf bytes.Buffer
		for _, x := range b {
			fmt.Fprintf(&buf, "%s %s %s %s %s %s", g(x.MarketShare.Lo), g(x.MarketShare.Hi),
				g(x.BuyerShare.Lo), g(x.BuyerShare.Hi), g(x.BuyerReach.Lo), g(x.BuyerReach.Hi))
			for _, s := range x.Share {
				fmt.Fprintf(&buf, " %s %s", g(s.Lo), g(s.Hi))
			}
			buf.WriteByte('\n')
		}
		return buf.Bytes()
	}
	again, _ := Run(ctx, cs, Config{Replicates: 301, Seed: 42, Workers: 2})
	if !bytes.Equal(text(again), text(ref)) {
		t.Error("same seed, different bytes")
	}
}

func g(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func TestErrors(t *testing.T) {
	ctx := context.Background()
	ok := Cluster{Key: "k", Markets: 1, Firms: []Firm{{Out: 1, Market: 1, Links: []Link{{0, 1}}}}}
	if _, err := Run(ctx, []Cluster{ok}, Config{Replicates: 0}); !errors.Is(err, ErrReplicates) {
		t.Errorf("B = 0: %v", err)
	}
	for _, c := range []Cluster{
		{Key: "neg", Markets: 1, Firms: []Firm{{Out: -1}}},
		{Key: "nan", Markets: 1, Firms: []Firm{{Out: 1, Reach: math.NaN()}}},
		{Key: "inf", Markets: 1, Firms: []Firm{{Out: math.Inf(1)}}},
		{Key: "idx", Markets: 1, Firms: []Firm{{Out: 1, Links: []Link{{1, 1}}}}},
		{Key: "lnk", Markets: 1, Firms: []Firm{{Out: 1, Links: []Link{{0, -2}}}}},
		{Key: "mk", Markets: -1},
	} {
		if _, err := Run(ctx, []Cluster{ok, c}, Config{Replicates: 5}); err == nil {
			t.Errorf("cluster %s: no error", c.Key)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Run(cancelled, []Cluster{ok}, Config{Replicates: 5}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// Volumes near the largest float64: a firm drawn twice doubles a volume
// that out(C) held once, and the replicate must not overflow.
func TestHugeVolumes(t *testing.T) {
	big := math.MaxFloat64 / 2
	c := Cluster{Key: "big", Markets: 1, Firms: []Firm{
		{Out: big, Market: big, Links: []Link{{0, big}}},
		{Out: big * 0.5, Buyer: big * 0.5, Reach: big * 0.5},
	}}
	b, err := Run(context.Background(), []Cluster{c}, Config{Replicates: 200, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := Bounds{MarketShare: Interval{0, 1}, BuyerShare: Interval{0, 1}, BuyerReach: Interval{0, 1}, Share: []Interval{{0, 1}}}
	if !reflect.DeepEqual(b[0], want) {
		t.Errorf("got %+v, want %+v", b[0], want)
	}
}
