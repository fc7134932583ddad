package bootstrap

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"clusterchain/network/internal/neumaier"
)

// Firm is one firm's part of its cluster's figures, the same in every
// replicate.
type Firm struct {
	// Out is its volume to nodes outside the cluster.
	Out float64
	// Market, Buyer and Reach are the parts of Out that go to markets,
	// go to buyers, and end at buyers (directly or through markets).
	Market, Buyer, Reach float64
	// Links are its volumes to each market, by the market's index in the
	// cluster (0…Cluster.Markets−1); an index may appear more than once
	// (the volumes add up).
	Links []Link
}

// Link is a firm's volume to one market.
type Link struct {
	Market int32
	Volume float64
}

// Cluster is one cluster's firms.
type Cluster struct {
	// Key names the cluster's random streams (its id): the bounds of a
	// cluster depend on the seed, its key and its firms only.
	Key     string
	Firms   []Firm
	Markets int
}

// Interval is a percentile interval.
type Interval struct{ Lo, Hi float64 }

// Bounds are one cluster's intervals.
type Bounds struct {
	MarketShare, BuyerShare, BuyerReach Interval
	// Share has one interval per market index of the cluster.
	Share []Interval
}

// Config sets a run.
type Config struct {
	Replicates int    // B ≥ 1
	Seed       uint64 // the run's seed
	Workers    int    // ≤ 0: GOMAXPROCS
}

// Levels are the percentiles the intervals take: 2.5 and 97.5.
const (
	LoLevel = 0.025
	HiLevel = 0.975
)

// ErrReplicates is returned for a replicate count below 1.
var ErrReplicates = errors.New("bootstrap: the number of replicates must be at least 1")

// Run computes the percentile intervals of every cluster, in the order
// given. It returns an error for a bad configuration or input (a
// negative or non-finite volume, a market index out of range) or when
// ctx is done. Its work is O(B · Σ (m + market links)) over the clusters
// and its memory O(B · (3 + markets)) for the largest cluster.
func Run(ctx context.Context, clusters []Cluster, cfg Config) ([]Bounds, error) {
	B := cfg.Replicates
	if B < 1 {
		return nil, fmt.Errorf("%w, got %d", ErrReplicates, B)
	}
	maxFirms, maxMarkets := 0, 0
	for ci, c := range clusters {
		if c.Markets < 0 {
			return nil, fmt.Errorf("bootstrap: cluster %q: %d markets", c.Key, c.Markets)
		}
		for fi, f := range c.Firms {
			for _, x := range []float64{f.Out, f.Market, f.Buyer, f.Reach} {
				if !(x >= 0) || math.IsInf(x, 0) {
					return nil, fmt.Errorf("bootstrap: cluster %d (%q), firm %d: volume %v", ci, c.Key, fi, x)
				}
			}
			for _, l := range f.Links {
				if l.Market < 0 || int(l.Market) >= c.Markets || !(l.Volume >= 0) || math.IsInf(l.Volume, 0) {
					return nil, fmt.Errorf("bootstrap: cluster %d (%q), firm %d: market link %d, volume %v", ci, c.Key, fi, l.Market, l.Volume)
				}
			}
		}
		maxFirms = max(maxFirms, len(c.Firms))
		maxMarkets = max(maxMarkets, c.Markets)
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, B))

	// Every statistic of one cluster: 3 + markets rows of B values.
	stats := make([][]float64, 3+maxMarkets)
	for i := range stats {
		stats[i] = make([]float64, B)
	}
	scratch := make([]*replicator, workers)
	for i := range scratch {
		scratch[i] = &replicator{counts: make([]int, maxFirms), acc: make([]neumaier.Sum, maxMarkets)}
	}
	res := make([]Bounds, len(clusters))
	for ci := range clusters {
		c := &clusters[ci]
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		base := streamBase(cfg.Seed, c.Key)
		rows := stats[:3+c.Markets]
		// Replicates r = w, w + workers, …: each worker its own share,
		// each replicate its own stream and slot.
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rep := scratch[w]
				for i, r := 0, w; r < B; i, r = i+1, r+workers {
					if i%64 == 63 && ctx.Err() != nil {
						return
					}
					rep.replicate(c, base, uint64(r), rows, r)
				}
			}()
		}
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b := Bounds{Share: make([]Interval, c.Markets)}
		iv := func(x []float64) Interval {
			slices.Sort(x)
			return Interval{Percentile(x, LoLevel), Percentile(x, HiLevel)}
		}
		b.MarketShare, b.BuyerShare, b.BuyerReach = iv(rows[0]), iv(rows[1]), iv(rows[2])
		for m := range b.Share {
			b.Share[m] = iv(rows[3+m])
		}
		res[ci] = b
	}
	return res, nil
}

// replicator is one worker's scratch space.
type replicator struct {
	src    rand.PCG
	counts []int
	acc    []neumaier.Sum
}

// replicate draws replicate r of cluster c and stores its figures in
// slot r of rows (market share, buyer share, buyer reach, then the share
// of each market).
func (rep *replicator) replicate(c *Cluster, base, r uint64, rows [][]float64, slot int) {
	m := len(c.Firms)
	counts := rep.counts[:m]
	clear(counts)
	if m > 0 {
		rep.src.Seed(streamSeeds(base, r))
		for range m {
			counts[below(&rep.src, uint64(m))]++
		}
	}
	acc := rep.acc[:c.Markets]
	clear(acc)
	// A firm drawn k times weighs k / 2^e with 2^e > m: an exact scaling
	// (the shares are ratios) that keeps every sum at most the largest
	// volume of one firm, so a replicate cannot overflow when out(C) did
	// not.
	scale := math.Ldexp(1, -bits.Len(uint(m)))
	var out, market, buyer, reach neumaier.Sum
	for i, k := range counts {
		if k == 0 {
			continue
		}
		f := &c.Firms[i]
		x := float64(k) * scale
		out.Add(x * f.Out)
		market.Add(x * f.Market)
		buyer.Add(x * f.Buyer)
		reach.Add(x * f.Reach)
		for _, l := range f.Links {
			acc[l.Market].Add(x * l.Volume)
		}
	}
	o := out.Value()
	rows[0][slot] = share(market.Value(), o)
	rows[1][slot] = share(buyer.Value(), o)
	rows[2][slot] = share(reach.Value(), o)
	for j := range acc {
		rows[3+j][slot] = share(acc[j].Value(), o)
	}
}

// share is a/b clamped to [0, 1]; 0 when b is 0.
func share(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return min(max(a/b, 0), 1)
}

// Percentile returns the p-quantile (0 ≤ p ≤ 1) of the sorted values by
// linear interpolation between order statistics, Hyndman & Fan's type 7:
// with h = (n − 1)·p, the value x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
// It is computed as numpy.percentile(x, 100·p) (numpy ≥ 1.22, method
// "linear") computes it, which interpolates from the upper neighbour when
// the fraction is at least one half, so the two agree to the last bit.
// It returns NaN for no values.
func Percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p
	if h >= float64(n-1) || math.IsNaN(h) {
		return sorted[n-1]
	}
	if h < 0 {
		return sorted[0]
	}
	lo := math.Floor(h)
	i := int(lo)
	g := h - lo
	a, b := sorted[i], sorted[i+1]
	d := b - a
	if g >= 0.5 {
		return b - d*(1-g)
	}
	return a + d*g
}

// streamBase mixes the seed and the cluster's key.
func streamBase(seed uint64, key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return splitmix(seed ^ splitmix(h.Sum64()))
}

// streamSeeds returns the PCG seeds of replicate r.
func streamSeeds(base, r uint64) (uint64, uint64) {
	return splitmix(base + r), splitmix(base ^ (r + 0x9e3779b97f4a7c15))
}

// splitmix is SplitMix64's output function (Steele, Lea & Flood 2014).
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// below returns a uniform integer in [0, n), n > 0, by Lemire's method.
func below(src *rand.PCG, n uint64) uint64 {
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return hi
}
