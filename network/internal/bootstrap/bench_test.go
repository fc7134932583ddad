package bootstrap

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkRun times B = 1,000 replicates over clusters of the sizes of
// the sample (8 clusters of 20 firms) and of the 20,000-firm generated
// network (100 clusters of 200 firms, up to 20 markets each).
func BenchmarkRun(b *testing.B) {
	for _, size := range []struct{ clusters, firms, markets int }{{8, 20, 6}, {100, 200, 20}} {
		rng := rand.New(rand.NewPCG(1, 1))
		cs := make([]Cluster, size.clusters)
		for i := range cs {
			cs[i] = randomCluster(rng, fmt.Sprint(i), size.firms, size.markets)
		}
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("firms=%d/workers=%d", size.clusters*size.firms, workers), func(b *testing.B) {
				for b.Loop() {
					if _, err := Run(context.Background(), cs, Config{Replicates: 1000, Seed: 1, Workers: workers}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
