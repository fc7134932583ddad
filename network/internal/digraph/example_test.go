package digraph_test

import (
	"fmt"

	"clusterchain/network/internal/digraph"
)

// Firms 0 and 1 sell to market 2, which sells to buyer 3; the duplicate
// arc is merged.
func ExampleFromArcs() {
	g, err := digraph.FromArcs(4, [][2]int32{{0, 2}, {1, 2}, {2, 3}, {0, 2}})
	if err != nil {
		panic(err)
	}
	fmt.Println(g.Order(), g.Size(), g.In(2), g.Out(2))
	// Output: 4 3 [0 1] [3]
}

// New adapts an existing CSR graph without copying it, after checking it.
func ExampleNew() {
	outStart := []int32{0, 1, 2, 2}
	outAdj := []int32{1, 2}
	g, err := digraph.New(outStart, outAdj, nil, nil)
	fmt.Println(g.Size(), err)
	_, err = digraph.New([]int32{0, 1}, []int32{0}, nil, nil)
	fmt.Println(err)
	// Output:
	// 2 <nil>
	// digraph: self-loop at node 0
}
