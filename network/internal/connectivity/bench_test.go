package connectivity_test

import (
	"context"
	"fmt"
	"testing"

	"clusterchain/network/internal/connectivity"
	"clusterchain/network/internal/gennet"
)

// BenchmarkReach times what reach.csv needs for every (cluster, buyer)
// pair of a generated network — one dominator tree per cluster, each
// buyer's chokepoints, and its channels by maximum flow where it has no
// chokepoint — on one and two workers.
func BenchmarkReach(b *testing.B) {
	for _, firms := range []int{20000, 50000} {
		nw, err := gennet.Make(b.TempDir(), firms, 1)
		if err != nil {
			b.Fatal(err)
		}
		members, buyers := nw.Members(), nw.Buyers()
		ctx := context.Background()
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("firms=%d/workers=%d", firms, workers), func(b *testing.B) {
				var pairs []connectivity.Pair
				for b.Loop() {
					if pairs, err = connectivity.Reach(ctx, nw.Graph, members, buyers, workers); err != nil {
						b.Fatal(err)
					}
				}
				flows, channels := 0, 0
				for _, p := range pairs {
					if p.Reachable && len(p.Chokepoints) == 0 {
						flows++
					}
					channels += p.Channels
				}
				b.ReportMetric(float64(len(pairs)), "pairs")
				b.ReportMetric(float64(flows), "flows")
				b.ReportMetric(float64(channels), "channels")
			})
		}
	}
}
