package connectivity_test

import (
	"context"
	"fmt"

	"clusterchain/network/internal/connectivity"
	"clusterchain/network/internal/digraph"
)

// Two markets in parallel: firms 0 and 1 sell through markets 2 and 3 to
// buyer 4 — two channels; firm 0 alone has one.
func ExampleSolver_To() {
	g, _ := digraph.FromArcs(5, [][2]int32{{0, 2}, {1, 3}, {0, 3}, {2, 4}, {3, 4}})
	s := connectivity.New(g)
	ctx := context.Background()
	s.From([]int32{0, 1})
	both, _ := s.To(ctx, 4)
	s.From([]int32{0})
	one, _ := s.To(ctx, 4)
	fmt.Println(both, one)
	// Output: 2 1
}

// Reach gives every (cluster, buyer) pair its chokepoints and channels.
// Cluster A = {0, 1} sells through market 4 only, cluster B = {2, 3}
// through markets 4 and 5; both markets sell to buyer 6.
func ExampleReach() {
	g, _ := digraph.FromArcs(7, [][2]int32{{0, 4}, {1, 4}, {2, 4}, {3, 5}, {4, 6}, {5, 6}})
	pairs, err := connectivity.Reach(context.Background(), g, [][]int32{{0, 1}, {2, 3}}, []int32{6}, 2)
	if err != nil {
		panic(err)
	}
	for _, p := range pairs {
		fmt.Println(p.Group, p.Target, p.Chokepoints, p.Channels)
	}
	// Output:
	// 0 6 [4] 1
	// 1 6 [] 2
}
