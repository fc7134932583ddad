package cascade_test

import (
	"context"
	"fmt"

	"clusterchain/network/internal/cascade"
	"clusterchain/network/internal/digraph"
)

// Firm 0 sells 10 to firm 1 and 10 to buyer 3; firm 1 sells 30 to market
// 2. When the market goes, firm 1 has lost all its customers, and then
// firm 0 half of its: at θ = 0.5 both fail, one round after the other.
func ExampleNet_Run() {
	g, _ := digraph.FromArcs(4, [][2]int32{{0, 1}, {0, 3}, {1, 2}})
	// Volumes in out-CSR order: 0→1, 0→3, 1→2.
	nt, _ := cascade.New(g, []float64{10, 10, 30}, []bool{false, false, false, true})
	failures, _ := nt.Run(context.Background(), []int32{2}, 0.5)
	for _, f := range failures {
		fmt.Println(f.Node, f.Round, f.Reason)
	}
	// Output:
	// 2 0 removed
	// 1 1 customers
	// 0 2 customers
}

// Risk runs the cascade started by each node alone; the counted nodes
// (here the firms 0 and 1) give the count and the volume. Without buyer
// 3, firm 0 loses half its customers; then firm 1 its only supplier, and
// then market 2 its only supplier (a node that is not counted).
func ExampleNet_Risk() {
	g, _ := digraph.FromArcs(4, [][2]int32{{0, 1}, {0, 3}, {1, 2}})
	nt, _ := cascade.New(g, []float64{10, 10, 30}, []bool{false, false, false, true})
	firms := []bool{true, true, false, false}
	out, _ := nt.Risk(context.Background(), []int32{2, 3}, 0.5, firms, 0)
	for _, o := range out {
		fmt.Printf("node %d: %d firms, volume %g, %d rounds\n", o.Start, o.Counted, o.Volume, o.Rounds)
	}
	// Output:
	// node 2: 2 firms, volume 50, 2 rounds
	// node 3: 2 firms, volume 50, 3 rounds
}
