package network

import (
	"fmt"
	"math/rand/v2"
	"time"

	"clusterchain/network/internal/paths"
)

// Sampling chooses between the exact all-pairs figures (betweenness,
// closeness, harmonic) and estimates from sampled sources. The zero value
// is exact at any size.
type Sampling struct {
	// Auto applies the default policy: exact up to AutoSampleNodes nodes,
	// above that estimated from AutoSources(n, m) sources.
	Auto bool
	// Sources, when Auto is false and it is above 0, estimates the
	// figures from that many sources drawn with Options.Seed; at or
	// above the node count the figures are exact.
	Sources int
}

// AutoSampleNodes is the size above which Sampling{Auto: true} estimates:
// above it the exact all-pairs figures take minutes.
const AutoSampleNodes = 100000

// The default sample: one source costs a sweep over the links it reaches,
// a large share of them on supply networks, so the sample is sized to a
// budget of sampleBudget node-and-link visits, between minSample and
// maxSample sources: at a million firms 117 sources, about 4 s of CPU;
// at 100,000 firms about 1,100. Every estimate comes with its standard
// error, and the statement Analysis.Estimate makes about those errors was
// measured to hold at these sizes (TestSampledCoverage).
const (
	sampleBudget = 4e8
	minSample    = 100
	maxSample    = 2000
)

// AutoSources is the number of sources the default policy samples on a
// network of n nodes and m edges above AutoSampleNodes.
func AutoSources(n, m int) int {
	return max(minSample, min(maxSample, int(sampleBudget/float64(n+m))))
}

// sources returns the number of sources to sample on a network of n
// nodes and m edges, 0 for the exact figures.
func (o Options) sources(n, m int) int {
	k := o.Sampling.Sources
	switch {
	case o.Sampling.Auto && n > AutoSampleNodes:
		k = AutoSources(n, m)
	case o.Sampling.Auto:
		k = 0
	case k == 0:
		k = o.Sources
	}
	if k <= 0 || k >= n {
		return 0
	}
	return k
}

// Estimate describes estimated all-pairs figures and what their standard
// errors mean: the stated interval, each estimate ± Z standard errors,
// holds the exact value for at least Coverage of the Top nodes of highest
// estimated betweenness, and of every node with a positive estimated
// closeness or harmonic centrality. That statement was measured against
// the exact figures (TestSampledCoverage, three seeds each): on generated
// networks of 5,000 firms with 50 and 200 sources the three coverages were
// at least 0.95, 0.988 and 0.925; of 100,000 firms (100,358 nodes) with
// 300 and 1,142 sources (AutoSources) at least 0.96, 1.000 and 0.996.
// Below the top of the betweenness ranking the statement does not hold: a
// node whose shortest paths start mostly among a handful of its own
// subcontractors gets large contributions from a few sources that a
// sample rarely draws, and its standard error then understates its error
// (over all nodes with a positive estimate, ±3 SE held for 54–62%).
type Estimate struct {
	Sources, Nodes int
	Seed           uint64
	Z              float64
	Top            int
	Coverage       float64
}

// The statement of Estimate.
const (
	estimateZ        = 3
	estimateTop      = 100
	estimateCoverage = 0.9
)

// Estimate reports whether the all-pairs figures are estimates and, if
// so, what their standard errors mean.
func (a *Analysis) Estimate() (Estimate, bool) {
	if a.SampledSources == 0 {
		return Estimate{}, false
	}
	return Estimate{Sources: a.SampledSources, Nodes: len(a.Nodes), Seed: a.seed,
		Z: estimateZ, Top: estimateTop, Coverage: estimateCoverage}, true
}

// String states the estimate in one sentence for a person.
func (e Estimate) String() string {
	return fmt.Sprintf("betweenness, closeness and harmonic are estimates from %d of %d sources (seed %d), "+
		"each with its standard error (SE): the exact value lies within ±%g SE of the estimate for at least %.0f%% "+
		"of the %d nodes of highest estimated betweenness, and of the nodes with a closeness or harmonic estimate above 0",
		e.Sources, e.Nodes, e.Seed, e.Z, 100*e.Coverage, e.Top)
}

// Work is what the all-pairs sweep of Analyze will cost, estimated before
// it starts: the searches it runs and the links they visit.
type Work struct {
	// Sources is the number of breadth-first searches: the sampled
	// sources, or the sources left once those that see the network as
	// another does are folded into it.
	Sources int
	// Sampled is true when the figures will be estimates.
	Sampled bool
	// LinkVisits is the expected number of links the searches visit, from
	// the reach of a few seeded sample searches.
	LinkVisits float64
}

// sweepRate is the number of link visits per second one core makes in
// the Brandes sweep (forward search, dependencies, the sums), measured on
// a generated network of 20,000 firms: 1.5e8 on a quiet machine, 1e7 on
// one shared with other work. A figure for Work.Duration to tell seconds
// from minutes and hours, not a promise.
const sweepRate = 1e8

// Duration is the expected wall time of the sweep on the given number of
// cores.
func (w Work) Duration(workers int) time.Duration {
	return time.Duration(w.LinkVisits / (sweepRate * float64(max(workers, 1))) * float64(time.Second))
}

// SweepWork estimates the work of the all-pairs sweep Analyze runs on nw
// with opt: the number of searches and, from the reach of up to eight
// seeded sample searches (each one breadth-first search, so this costs
// about eight links visits per link), the links they visit. Where even
// every source reaching every node and link would take under a second,
// it returns that bound without searching.
func SweepWork(nw *Network, opt Options) Work {
	g := nw.g
	n := g.Order()
	w := Work{}
	if n == 0 {
		return w
	}
	k := opt.sources(n, g.Size())
	w.Sampled = k > 0
	if bound := float64(n) * float64(n+g.Size()); bound < sweepRate {
		w.Sources, w.LinkVisits = n, bound
		if w.Sampled {
			w.Sources, w.LinkVisits = k, float64(k)*float64(n+g.Size())
		}
		return w
	}
	var sources []int32
	if w.Sampled {
		w.Sources = k
	} else {
		sources = paths.Searches(g)
		w.Sources = len(sources)
	}
	r := rand.New(rand.NewPCG(opt.Seed, 0x3a7))
	seen := make([]uint32, n)
	queue := make([]int32, 0, n)
	total, probes := 0.0, min(8, max(w.Sources, 1))
	for p := 1; p <= probes; p++ {
		var s int32
		if sources != nil {
			s = sources[r.IntN(len(sources))]
		} else {
			s = int32(r.IntN(n))
		}
		queue = append(queue[:0], s)
		seen[s] = uint32(p)
		visits := 0
		for head := 0; head < len(queue); head++ {
			adj, _ := g.Out(queue[head])
			visits += len(adj) + 1
			for _, v := range adj {
				if seen[v] != uint32(p) {
					seen[v] = uint32(p)
					queue = append(queue, v)
				}
			}
		}
		total += float64(visits)
	}
	w.LinkVisits = total / float64(probes) * float64(w.Sources)
	return w
}
