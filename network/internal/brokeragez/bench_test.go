package brokeragez_test

import (
	"fmt"
	"testing"

	"clusterchain/network/internal/brokeragez"
	"clusterchain/network/internal/gennet"
)

// BenchmarkZScores times the null model and the z-scores of every node
// of generated networks of 20,000 and 50,000 firms (the cost does not
// depend on the counts).
func BenchmarkZScores(b *testing.B) {
	for _, firms := range []int{20000, 50000} {
		nw, err := gennet.Make(b.TempDir(), firms, 1)
		if err != nil {
			b.Fatal(err)
		}
		group := nw.Groups()
		raw := make([]brokeragez.Counts, len(group))
		b.Run(fmt.Sprintf("firms=%d", firms), func(b *testing.B) {
			for b.Loop() {
				brokeragez.ZScores(raw, group, nw.Graph.Size())
			}
			b.ReportMetric(float64(len(nw.Clusters)+3), "groups")
		})
	}
}
