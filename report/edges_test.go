package report

import (
	"context"
	"strings"
	"testing"

	"clusterchain/network"
)

// edges.csv has one row per (from, to) pair, sorted by id in byte order
// (not by node type), with the summed volume and the kinds of its links.
func TestEdgesTable(t *testing.T) {
	d := network.Dataset{
		Nodes: []network.Node{
			{ID: "b", Cluster: "K"}, {ID: "a", Cluster: "K"},
			{ID: "0m", Type: network.Market}, {ID: "=x", Type: network.Buyer},
		},
		Links: []network.Link{
			{From: "a", To: "b", Kind: network.Supply, Volume: 1},
			{From: "a", To: "b", Kind: network.Subcontract, Volume: 2},
			{From: "b", To: "0m", Kind: network.Sale, Volume: 3.5},
			{From: "a", To: "0m", Kind: network.Sale, Volume: 0},
			{From: "0m", To: "=x", Kind: network.Sale, Volume: 4},
			{From: "0m", To: "a", Kind: network.Supply, Volume: 1e-7},
		},
	}
	nw, err := network.New(d)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteEdges(&b, a); err != nil {
		t.Fatal(err)
	}
	want := "from,to,volume,kinds\n" +
		"0m,'=x,4,sale\n" +
		"0m,a,1e-07,supply\n" +
		"a,0m,0,sale\n" +
		"a,b,3,subcontract;supply\n" +
		"b,0m,3.5,sale\n"
	if b.String() != want {
		t.Errorf("edges.csv:\n%s\nwant\n%s", b.String(), want)
	}
}
