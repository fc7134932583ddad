package trophic_test

import (
	"context"
	"fmt"

	"clusterchain/network/internal/digraph"
	"clusterchain/network/internal/trophic"
)

// A subcontractor (0) works for a firm (1) that sells through a market
// (2) to a buyer (3); the firm also sells to the buyer directly. The
// subcontractor is a leaf one level below the firm; the triangle 1, 2, 3
// solves like a feed-forward triangle (rises 2/3, 2/3, 4/3), so each of
// its arcs misses 1 by 1/3: F₀ = 3·(1/9)/4 = 1/12.
func ExampleLevels() {
	g, _ := digraph.FromArcs(4, [][2]int32{{0, 1}, {1, 2}, {2, 3}, {1, 3}})
	r, err := trophic.Levels(context.Background(), g)
	if err != nil {
		panic(err)
	}
	f0, _ := trophic.Incoherence(g, r.Levels)
	fmt.Printf("levels %.4f, F0 %.4f\n", r.Levels, f0)
	// Output: levels [0.0000 1.0000 1.6667 2.3333], F0 0.0833
}
