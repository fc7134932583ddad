package network

import (
	"context"
	"errors"
	"fmt"

	"clusterchain/network/internal/bootstrap"
	"clusterchain/network/internal/neumaier"
)

// Sampling uncertainty (SPEC §6): every share of a cluster comes from a
// survey of its firms, so analyze --bootstrap B resamples each cluster's
// firms with replacement B times and gives the 2.5th and 97.5th
// percentiles of the replicates (package network/internal/bootstrap).

// Interval is a percentile interval [Lo, Hi].
type Interval struct{ Lo, Hi float64 }

// ClusterBounds are the bootstrap intervals of one cluster's shares.
type ClusterBounds struct {
	MarketShare, BuyerShare, BuyerReach Interval
}

// Bootstrap holds the intervals of a run with Options.Bootstrap > 0.
type Bootstrap struct {
	// Replicates is B, Seed the seed of the random streams (Options.Seed).
	Replicates int
	Seed       uint64
	// Clusters has one entry per cluster (as Analysis.Clusters), Linkage
	// one per linkage row (as Analysis.Linkage, for its share).
	Clusters []ClusterBounds
	Linkage  []Interval
}

// bootstrap computes a.Bootstrap: B replicates per cluster on workers
// goroutines, from the run's seed. A firm's volume outside its cluster,
// to markets (per market), to buyers and ending at buyers (directly, or
// through the markets' absorbing chain, which does not depend on the
// cluster's firms) are the same in every replicate.
func (a *Analysis) bootstrap(ctx context.Context, B int, seed uint64, workers int) error {
	cs, rowOf := a.bootstrapClusters()
	units := 0.0 // a firm drawn, or one of its market links added
	for _, c := range cs {
		units += float64(len(c.Firms))
		for _, f := range c.Firms {
			units += float64(len(f.Links))
		}
	}
	if w := float64(B) * units; w > BootstrapBudget {
		return fmt.Errorf("bootstrap: %d replicates of %.0f firms and market links are %.2g steps, more than %.0e; "+
			"at most %d replicates fit: %w", B, units, w, float64(BootstrapBudget), int(BootstrapBudget/max(units, 1)), ErrBootstrapWork)
	}
	res, err := bootstrap.Run(ctx, cs, bootstrap.Config{Replicates: B, Seed: seed, Workers: workers})
	if err != nil {
		return err
	}
	bs := &Bootstrap{Replicates: B, Seed: seed, Clusters: make([]ClusterBounds, len(res)), Linkage: make([]Interval, len(a.Linkage))}
	for c, r := range res {
		bs.Clusters[c] = ClusterBounds{MarketShare: Interval(r.MarketShare), BuyerShare: Interval(r.BuyerShare), BuyerReach: Interval(r.BuyerReach)}
		for k, row := range rowOf[c] {
			bs.Linkage[row] = Interval(r.Share[k])
		}
	}
	a.Bootstrap = bs
	return nil
}

// BootstrapBudget bounds the work of Options.Bootstrap: B times the
// clusters' firms and their market links, about a minute of one core.
const BootstrapBudget = 4e9

// ErrBootstrapWork is Analyze's error when B replicates exceed
// BootstrapBudget.
var ErrBootstrapWork = errors.New("the bootstrap exceeds the work budget")

// bootstrapClusters returns every cluster's firms as the bootstrap takes
// them, and for each cluster the linkage rows of its markets (market k of
// the cluster is linkage row rowOf[c][k]).
func (a *Analysis) bootstrapClusters() (cs []bootstrap.Cluster, rowOf [][]int) {
	nw := a.Network
	ci := nw.chainIndex()
	ch := newChain(nw.g, ci, ci.one, 1)
	F := ch.solve(ci.all(), -1, nil) // per market: the share of a unit that ends at any buyer
	toBuyers := func(m int32) float64 {
		for _, sh := range F[ci.mpos[m]] {
			return sh.f // one target column: every buyer at once
		}
		return 0
	}
	// Each cluster's markets are its linkage rows, in order.
	local := make([]map[int32]int32, len(nw.clusters))
	markets := make([]int, len(nw.clusters))
	rowOf = make([][]int, len(nw.clusters))
	for i, l := range a.Linkage {
		if local[l.Cluster] == nil {
			local[l.Cluster] = map[int32]int32{}
		}
		local[l.Cluster][l.Market] = int32(markets[l.Cluster])
		markets[l.Cluster]++
		rowOf[l.Cluster] = append(rowOf[l.Cluster], i)
	}
	cs = make([]bootstrap.Cluster, len(nw.clusters))
	for c := range cs {
		cs[c] = bootstrap.Cluster{Key: nw.clusters[c].ID, Markets: markets[c]}
	}
	for u := range nw.nodes {
		c := nw.clusterOf[u]
		if c < 0 {
			continue
		}
		var out, mk, by, rc neumaier.Sum
		f := bootstrap.Firm{}
		adj, w := nw.g.Out(int32(u))
		for k, v := range adj {
			if nw.clusterOf[v] == c {
				continue
			}
			out.Add(w[k])
			switch nw.nodes[v].Type {
			case Market:
				mk.Add(w[k])
				rc.Add(w[k] * toBuyers(v))
				if m, ok := local[c][v]; ok {
					f.Links = append(f.Links, bootstrap.Link{Market: m, Volume: w[k]})
				}
			case Buyer:
				by.Add(w[k])
				rc.Add(w[k])
			}
		}
		f.Out, f.Market, f.Buyer, f.Reach = out.Value(), mk.Value(), by.Value(), rc.Value()
		cs[c].Firms = append(cs[c].Firms, f)
	}
	return cs, rowOf
}

// BootstrapOf computes a.Bootstrap afresh with B replicates from seed, on
// workers goroutines (≤ 0: GOMAXPROCS): what Analyze does with
// Options.Bootstrap, for an analysis already made.
func BootstrapOf(ctx context.Context, a *Analysis, B int, seed uint64, workers int) error {
	return a.bootstrap(ctx, B, seed, workers)
}
