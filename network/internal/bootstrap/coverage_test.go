package bootstrap

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// population is a synthetic cluster whose every firm is known.
type population struct {
	firms []Firm
	// the population's figures: market, buyer, reach share, share of
	// market 0
	truth [4]float64
}

// newPopulation makes n firms whose out-volume is drawn by vol; a firm
// sends a random part to markets (split over three), a random part to
// buyers, and 60 % of what reaches the markets ends at buyers.
func newPopulation(rng *rand.Rand, n int, vol func() float64) population {
	var p population
	var out, mk, by, rc, m0 float64
	for range n {
		o := vol()
		pm := rng.Float64() * rng.Float64() * 1.6 // mean 0.4, skewed
		pm = min(pm, 1)
		pb := (1 - pm) * rng.Float64()
		f := Firm{Out: o, Market: o * pm, Buyer: o * pb}
		f.Reach = f.Buyer + 0.6*f.Market
		a, b := rng.Float64(), rng.Float64()
		f.Links = []Link{{0, f.Market * a * b}, {1, f.Market * a * (1 - b)}, {2, f.Market * (1 - a)}}
		p.firms = append(p.firms, f)
		out += f.Out
		mk += f.Market
		by += f.Buyer
		rc += f.Reach
		m0 += f.Links[0].Volume
	}
	p.truth = [4]float64{mk / out, by / out, rc / out, m0 / out}
	return p
}

// coverage draws surveys of m firms without replacement from the
// population, bootstraps each with B replicates and returns the share of
// surveys whose interval holds the population's figure, per figure.
func coverage(t *testing.T, p population, surveys, m, B int, seed uint64) [4]float64 {
	rng := rand.New(rand.NewPCG(seed, 99))
	var hit [4]int
	clusters := make([]Cluster, surveys)
	for s := range clusters {
		perm := rng.Perm(len(p.firms))[:m]
		c := Cluster{Key: fmt.Sprintf("survey %d", s), Markets: 3}
		for _, i := range perm {
			c.Firms = append(c.Firms, p.firms[i])
		}
		clusters[s] = c
	}
	bs, err := Run(context.Background(), clusters, Config{Replicates: B, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		for k, iv := range []Interval{b.MarketShare, b.BuyerShare, b.BuyerReach, b.Share[0]} {
			if iv.Lo <= p.truth[k] && p.truth[k] <= iv.Hi {
				hit[k]++
			}
		}
	}
	var cov [4]float64
	for k := range cov {
		cov[k] = float64(hit[k]) / float64(surveys)
	}
	return cov
}

// TestCoverage is the simulation of issue 17: repeated surveys of 200
// firms from a known population of 5,000; the 95 % intervals (B = 1,000)
// must hold the population's figure in about 95 % of the surveys. With
// 400 surveys the standard error of a coverage near 0.95 is 0.011; the
// test accepts 0.91–0.99. A heavy-tailed population (Pareto volumes of
// tail index 1.5, as synth draws them: infinite variance, a few firms
// carry much of the volume) is measured and logged: there the percentile
// interval of a ratio covers less (measured 0.77–0.94 by figure, seed 2),
// and the test only guards against a regression below 0.70.
func TestCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	names := []string{"market_share", "buyer_share", "buyer_reach", "share (market 0)"}
	rng := rand.New(rand.NewPCG(2026, 17))
	logn := newPopulation(rng, 5000, func() float64 { return math.Exp(rng.NormFloat64()) })
	cov := coverage(t, logn, 400, 200, 1000, 1)
	for k, c := range cov {
		t.Logf("lognormal population, %s: coverage %.3f", names[k], c)
		if c < 0.91 || c > 0.99 {
			t.Errorf("lognormal population, %s: coverage %.3f, want about 0.95", names[k], c)
		}
	}
	pareto := newPopulation(rng, 5000, func() float64 { return 10 * math.Pow(1-rng.Float64(), -1/1.5) })
	cov = coverage(t, pareto, 400, 200, 1000, 2)
	for k, c := range cov {
		t.Logf("Pareto(1.5) population, %s: coverage %.3f", names[k], c)
		if c < 0.70 {
			t.Errorf("Pareto population, %s: coverage %.3f", names[k], c)
		}
	}
}
