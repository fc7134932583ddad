package cascade_test

import (
	"context"
	"fmt"
	"testing"

	"clusterchain/network/internal/gennet"
)

// BenchmarkRisk times risk.csv with --risk all: the cascade started by
// every node alone, at θ = 0.5, on one and two workers. The metrics give
// the work: failures and arcs passed on, summed over the cascades.
func BenchmarkRisk(b *testing.B) {
	for _, firms := range []int{2000, 20000} {
		nw, nt := generated(b, firms, 1)
		all := make([]int32, len(nw.IDs))
		firm := make([]bool, len(nw.IDs))
		for i := range all {
			all[i] = int32(i)
			firm[i] = nw.Type[i] == gennet.Firm
		}
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("firms=%d/workers=%d", firms, workers), func(b *testing.B) {
				var res []Outcome
				var err error
				for b.Loop() {
					if res, err = nt.Risk(context.Background(), all, 0.5, firm, workers); err != nil {
						b.Fatal(err)
					}
				}
				failed, maxRounds := 0, int32(0)
				for _, o := range res {
					failed += o.Failed
					maxRounds = max(maxRounds, o.Rounds)
				}
				b.ReportMetric(float64(len(all)), "cascades")
				b.ReportMetric(float64(failed)/float64(len(all)), "failed/cascade")
				b.ReportMetric(float64(maxRounds), "max-rounds")
			})
		}
	}
}
