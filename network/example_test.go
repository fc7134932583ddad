package network_test

import (
	"context"
	"fmt"

	"clusterchain/network"
)

// A three-tier subcontracting chain selling through a market to a buyer.
// lead lies on 4 of the (n−1)(n−2) = 12 ordered pairs' shortest paths
// (sub1 and sub2 to the market and the buyer): betweenness 1/3.
func ExampleAnalyze() {
	nw, err := network.New(network.Dataset{
		Nodes: []network.Node{
			{ID: "lead", Cluster: "datang"}, {ID: "sub1", Cluster: "datang"}, {ID: "sub2", Cluster: "datang"},
			{ID: "socks-city", Type: network.Market}, {ID: "walmart", Type: network.Buyer},
		},
		Links: []network.Link{
			{From: "sub2", To: "sub1", Kind: network.Subcontract, Volume: 10},
			{From: "sub1", To: "lead", Kind: network.Subcontract, Volume: 30},
			{From: "lead", To: "socks-city", Kind: network.Sale, Volume: 60},
			{From: "lead", To: "walmart", Kind: network.Sale, Volume: 40},
			{From: "socks-city", To: "walmart", Kind: network.Sale, Volume: 60},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, nd := range nw.Nodes() {
		f := a.Nodes[i]
		fmt.Printf("%-10s tier %2d depth %2d betweenness %.3f\n", nd.ID, f.Tier, f.Depth, f.Betweenness)
	}
	c := a.Clusters[0]
	fmt.Printf("datang: market_share %.1f buyer_share %.1f buyer_reach %.1f\n", c.MarketShare, c.BuyerShare, c.BuyerReach)
	// Output:
	// lead       tier  0 depth  2 betweenness 0.333
	// sub1       tier  1 depth  1 betweenness 0.250
	// sub2       tier  2 depth  0 betweenness 0.000
	// socks-city tier -1 depth -1 betweenness 0.000
	// walmart    tier -1 depth -1 betweenness 0.000
	// datang: market_share 0.6 buyer_share 0.4 buyer_reach 1.0
}
