package report_test

import (
	"context"
	"os"

	"clusterchain/network"
	"clusterchain/report"
)

// Writing linkage.csv: a cluster selling 60 through a market and 40
// directly to a buyer; the market's whole intake comes from the cluster.
func ExampleWriteLinkage() {
	nw, _ := network.New(network.Dataset{
		Nodes: []network.Node{
			{ID: "f1", Cluster: "datang"}, {ID: "f2", Cluster: "datang"},
			{ID: "socks-city", Type: network.Market}, {ID: "walmart", Type: network.Buyer},
		},
		Links: []network.Link{
			{From: "f1", To: "socks-city", Kind: network.Sale, Volume: 60},
			{From: "f2", To: "walmart", Kind: network.Sale, Volume: 40},
		},
	})
	a, _ := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	report.WriteLinkage(os.Stdout, a)
	// Output:
	// cluster,market,volume,share,reach,dependence
	// datang,socks-city,60,0.6,0.5,1
}
