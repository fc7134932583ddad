package dominators_test

import (
	"context"
	"fmt"
	"testing"

	"clusterchain/network/internal/dominators"
	"clusterchain/network/internal/gennet"
)

// BenchmarkTrees times one dominator tree per cluster of generated
// networks of 20,000 and 50,000 firms (what Reach would need if every
// cluster had a one-channel buyer).
func BenchmarkTrees(b *testing.B) {
	for _, firms := range []int{20000, 50000} {
		nw, err := gennet.Make(b.TempDir(), firms, 1)
		if err != nil {
			b.Fatal(err)
		}
		members := nw.Members()
		b.Run(fmt.Sprintf("firms=%d", firms), func(b *testing.B) {
			f := dominators.New(nw.Graph)
			for b.Loop() {
				for _, c := range members {
					if _, err := f.Tree(context.Background(), c); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(len(members)), "trees")
		})
	}
}
