package structure_test

import (
	"fmt"
	"testing"

	"clusterchain/network/internal/gennet"
	"clusterchain/network/internal/structure"
)

// BenchmarkAll times every figure of the package on generated networks
// of 20,000 and 50,000 firms.
func BenchmarkAll(b *testing.B) {
	for _, firms := range []int{20000, 50000} {
		nw, err := gennet.Make(b.TempDir(), firms, 1)
		if err != nil {
			b.Fatal(err)
		}
		g := nw.Graph
		b.Run(fmt.Sprintf("firms=%d", firms), func(b *testing.B) {
			for b.Loop() {
				structure.FlowHierarchy(g)
				structure.Reciprocity(g)
				structure.Assortativity(g)
				structure.Decompose(g, nil)
				structure.TailExponent(g)
				structure.EIIndex(g, nw.Cluster, len(nw.Clusters))
			}
		})
	}
}
