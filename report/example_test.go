package report_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"

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

// Writing report.html in Chinese with the volume unit and what a citation
// needs; the page's sections, in order.
func ExampleWriteHTML() {
	nw, _ := network.New(network.Dataset{
		Name: "datang",
		Nodes: []network.Node{
			{ID: "f1", Cluster: "datang"}, {ID: "f2", Cluster: "datang"},
			{ID: "socks-city", Name: "大唐轻纺袜业城", Type: network.Market}, {ID: "ikea", Name: "IKEA", Type: network.Buyer},
		},
		Links: []network.Link{
			{From: "f2", To: "f1", Kind: network.Subcontract, Volume: 30},
			{From: "f1", To: "socks-city", Kind: network.Sale, Volume: 60},
			{From: "f2", To: "ikea", Kind: network.Sale, Volume: 40},
			{From: "socks-city", To: "ikea", Kind: network.Sale, Volume: 60},
		},
	})
	a, _ := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	var page bytes.Buffer
	report.WriteHTML(&page, &report.Run{Analysis: a, Lang: "zh", Unit: "万元", Seed: 1,
		Provenance: &report.Provenance{Version: "clusterchain v1.0.0", Command: "clusterchain analyze datang --lang zh"}}, nil)
	for _, m := range regexp.MustCompile(`<section id="([a-z]+)"[^>]*>\s*<h2>([^<]*)</h2>`).FindAllStringSubmatch(page.String(), -1) {
		fmt.Println(m[1], m[2])
	}
	// Output:
	// findings 主要发现
	// clusters 产业集群与专业市场
	// profiles 产业集群概况
	// central 最核心的节点
	// chain 分包
	// structure 网络结构
	// methods 方法
	// provenance 引用与复现
}
