package structure_test

import (
	"fmt"

	"clusterchain/network/internal/digraph"
	"clusterchain/network/internal/structure"
)

// A pooling ring of three firms (0 → 1 → 2 → 0), fed by a supplier (3),
// selling to a market (4) and on to a buyer (5).
func Example() {
	g, _ := digraph.FromArcs(6, [][2]int32{{0, 1}, {1, 2}, {2, 0}, {3, 0}, {2, 4}, {4, 5}})
	h, _ := structure.FlowHierarchy(g)
	r, _ := structure.Reciprocity(g)
	bt := structure.Decompose(g, nil)
	fmt.Printf("flow hierarchy %.2f, reciprocity %.2f\n", h, r)
	fmt.Printf("core %d, in %d, out %d, rest %d\n", bt.Core, bt.In, bt.Out, bt.Rest)
	ei := structure.EIIndex(g, []int32{0, 0, 0, -1, -1, -1}, 1)
	fmt.Printf("ring E %d, I %d, E-I %.2f\n", ei[0].External, ei[0].Internal, ei[0].Index)
	// Output:
	// flow hierarchy 0.50, reciprocity 0.00
	// core 3, in 1, out 2, rest 0
	// ring E 2, I 3, E-I -0.20
}
