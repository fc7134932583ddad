package dominators_test

import (
	"context"
	"fmt"

	"clusterchain/network/internal/digraph"
	"clusterchain/network/internal/dominators"
)

// A cluster of firms 0, 1, 2 sells to buyer 5 only through market 3 and
// then trading company 4, and to buyer 6 through market 3 and, directly,
// from firm 2: every path to 5 passes through 3 and 4, no node is on
// every path to 6.
func ExampleFinder_Tree() {
	g, _ := digraph.FromArcs(7, [][2]int32{{0, 3}, {1, 3}, {2, 3}, {3, 4}, {4, 5}, {3, 6}, {2, 6}})
	f := dominators.New(g)
	tr, err := f.Tree(context.Background(), []int32{0, 1, 2})
	if err != nil {
		panic(err)
	}
	fmt.Println(tr.Chain(5, nil), tr.Chain(6, nil))
	// Output: [3 4] []
}
