package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"clusterchain/network"
)

// shockAnalysis: clusters K = {k1, k2} and L = {l1}, a firm f0, market M
// (named 义乌中国小商品城) and buyer B, as network's cascade test draws them.
func shockAnalysis(t *testing.T, opt network.Options) *network.Analysis {
	t.Helper()
	nodes := []network.Node{{ID: "k1", Cluster: "K"}, {ID: "k2", Cluster: "K"}, {ID: "l1", Cluster: "L"}, {ID: "f0"},
		{ID: "M", Type: network.Market, Name: "义乌中国小商品城"}, {ID: "=B", Type: network.Buyer, Name: "Buyer <B>"}}
	links := []network.Link{{From: "k1", To: "M", Kind: network.Sale, Volume: 60}, {From: "k1", To: "k2", Kind: network.Supply, Volume: 40}, {From: "k2", To: "M", Kind: network.Sale, Volume: 30},
		{From: "k2", To: "=B", Kind: network.Sale, Volume: 10}, {From: "l1", To: "k1", Kind: network.Supply, Volume: 20}, {From: "l1", To: "=B", Kind: network.Sale, Volume: 20},
		{From: "f0", To: "=B", Kind: network.Sale, Volume: 60}, {From: "M", To: "=B", Kind: network.Sale, Volume: 100}}
	nw, err := network.New(network.Dataset{Nodes: nodes, Clusters: []network.Cluster{{ID: "K", Name: "Knitwear"}}, Links: links})
	if err != nil {
		t.Fatal(err)
	}
	opt.Seed = 1
	a, err := network.Analyze(context.Background(), nw, opt)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Without M at θ = 0.5: k1 and k2 fail in round 1, l1 in round 2; 180 of
// the firms' 240 of sales (75%); K loses all of out(K).
func TestCascadeTablesAndWords(t *testing.T) {
	a := shockAnalysis(t, network.Options{Risk: network.RiskMarkets})
	nw := a.Network
	m, _ := nw.Index("M")
	c, err := nw.Cascade(context.Background(), []int32{m}, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := CascadeTable(nw, c).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := "id,type,cluster,round,reason\nM,market,,0,removed\nk1,firm,K,1,customers\nk2,firm,K,1,customers\nl1,firm,L,2,customers\n"
	if b.String() != want {
		t.Errorf("cascade.csv\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := CascadeClustersTable(a, c).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want = "cluster,firms,removed,failed,volume_failed,share_failed\nK,2,0,2,100,1\nL,1,0,1,40,1\n"
	if b.String() != want {
		t.Errorf("cascade_clusters.csv\n%s\nwant\n%s", b.String(), want)
	}
	if got, want := CascadeFinding(a, c, []string{"M"}),
		"Without 义乌中国小商品城, 3 firms fail in 2 rounds, 75% of the firms' sales; hardest hit: Knitwear, where 2 of its 2 firms fail, carrying 100% of its outgoing volume."; got != want {
		t.Errorf("finding\n%s\nwant\n%s", got, want)
	}
	// risk.csv: M alone as above; B alone topples l1, f0 and M, then k1
	// and k2: 4 firms, all 240.
	b.Reset()
	if err := WriteRisk(&b, a); err != nil {
		t.Fatal(err)
	}
	want = "id,type,firms_failed,volume_failed,share_failed,nodes_failed,rounds\nM,market,3,180,0.75,3,2\n'=B,buyer,4,240,1,5,2\n"
	if b.String() != want {
		t.Errorf("risk.csv\n%s\nwant\n%s", b.String(), want)
	}
	fs := RiskFindings(nw, a.Risk, a.RiskThreshold, 5)
	wantF := []string{
		"The failure of Buyer <B> (buyer) alone topples 4 firms in 2 rounds, 100% of the firms' sales, and 1 market with them.",
		"The failure of 义乌中国小商品城 (market) alone topples 3 firms in 2 rounds, 75% of the firms' sales.",
	}
	if strings.Join(fs, "\n") != strings.Join(wantF, "\n") {
		t.Errorf("risk findings\n%s\nwant\n%s", strings.Join(fs, "\n"), strings.Join(wantF, "\n"))
	}
	if got := Findings(a); got[len(got)-2] != wantF[0] || got[len(got)-1] != wantF[1] {
		t.Errorf("Findings do not end with the risk findings: %q", got)
	}
	// Nothing topples: one sentence saying so.
	none := RiskFindings(nw, []network.Risk{{Node: m}}, 0.5, 3)
	if len(none) != 1 || !strings.Contains(none[0], "No single one of the 1 node") {
		t.Errorf("no toppling: %q", none)
	}
	var sum bytes.Buffer
	if err := WriteShock(&sum, a, &Shock{Removed: []string{"M"}, Cascade: c, Risk: a.Risk}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"cascade at θ = 0.5: Without 义乌中国小商品城, 3 firms", "K  Knitwear  2 of 2 failed  100% of out(C)", "Buyer <B> (buyer) alone topples 4 firms"} {
		if !strings.Contains(sum.String(), w) {
			t.Errorf("account lacks %q:\n%s", w, sum.String())
		}
	}
}

func TestPercent(t *testing.T) {
	for x, want := range map[float64]string{0: "0%", 0.0004: "less than 0.1%", 0.043: "4.3%", 0.0995: "10%", 0.12: "12%", 1: "100%"} {
		if got := percent(x); got != want {
			t.Errorf("percent(%v) = %q, want %q", x, got, want)
		}
	}
}

// With --bootstrap the report page shows each share's interval.
func TestHTMLBootstrap(t *testing.T) {
	a := shockAnalysis(t, network.Options{Bootstrap: 200})
	var b bytes.Buffer
	if err := WriteHTML(&b, &Run{Analysis: a, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"In brackets: the 95% bootstrap interval of each share, from 200 resamples", "100.0% (100.0%–100.0%)"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("report.html lacks %q", w)
		}
	}
}
