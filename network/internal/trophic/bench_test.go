package trophic_test

import (
	"context"
	"fmt"
	"testing"

	"clusterchain/network/internal/gennet"
	"clusterchain/network/internal/trophic"
)

// BenchmarkLevels times the levels of generated networks of 20,000 and
// 50,000 firms (about 2.4 arcs per firm), F₀ included.
func BenchmarkLevels(b *testing.B) {
	for _, firms := range []int{20000, 50000} {
		nw, err := gennet.Make(b.TempDir(), firms, 1)
		if err != nil {
			b.Fatal(err)
		}
		g := nw.Graph
		b.Run(fmt.Sprintf("firms=%d", firms), func(b *testing.B) {
			var r *trophic.Result
			for b.Loop() {
				r, err = trophic.Levels(context.Background(), g)
				if err != nil {
					b.Fatal(err)
				}
				trophic.Incoherence(g, r.Levels)
			}
			b.ReportMetric(float64(r.Core), "core-nodes")
			b.ReportMetric(float64(r.Iterations), "cg-steps")
			b.ReportMetric(r.Bound, "bound")
			b.ReportMetric(float64(g.Size()), "arcs")
		})
	}
}
