package report

import (
	"context"
	"math"
	"strings"
	"testing"

	"clusterchain/network"
)

// starThroughMarket: firms a1, a2 of cluster A sell through market m to
// buyer IKEA; a3 of cluster B sells to IKEA directly and through m;
// m also supplies firm s.
func starThroughMarket(t *testing.T) *network.Analysis {
	t.Helper()
	nw, err := network.New(network.Dataset{
		Nodes: []network.Node{
			{ID: "a1", Cluster: "A"}, {ID: "a2", Cluster: "A"}, {ID: "a3", Cluster: "B"}, {ID: "s"},
			{ID: "m", Type: network.Market, Name: "大唐轻纺袜业城"},
			{ID: "ikea", Type: network.Buyer, Name: "IKEA"},
		},
		Clusters: []network.Cluster{{ID: "A", Name: "Datang hosiery"}, {ID: "B", Name: "Other"}},
		Links: []network.Link{
			{From: "a1", To: "m", Kind: network.Sale, Volume: 10}, {From: "a2", To: "m", Kind: network.Sale, Volume: 5},
			{From: "a1", To: "a2", Kind: network.Subcontract, Volume: 1},
			{From: "a3", To: "m", Kind: network.Sale, Volume: 2}, {From: "a3", To: "ikea", Kind: network.Sale, Volume: 4},
			{From: "m", To: "ikea", Kind: network.Sale, Volume: 9}, {From: "m", To: "s", Kind: network.Supply, Volume: 1},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{KeyPlayers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// The cluster profile's sentence names the chokepoint; a cluster with
// two routes (direct and through m) has two channels and none.
func TestClusterChainSentences(t *testing.T) {
	a := starThroughMarket(t)
	got := strings.Join(ClusterChainSentences(a, 0), " ")
	if want := "Every sale of Datang hosiery to IKEA passes through 大唐轻纺袜业城."; got != want {
		t.Errorf("cluster A: %q, want %q", got, want)
	}
	// a3 is the one firm of B: every path, direct or through m, starts
	// at it, so a3 itself is the chokepoint (one channel).
	got = strings.Join(ClusterChainSentences(a, 1), " ")
	if want := "Every sale of Other to IKEA passes through a3."; got != want {
		t.Errorf("cluster B: %q, want %q", got, want)
	}
	if sentence("to Yiwu Co.") != "to Yiwu Co." || sentence("to m") != "to m." {
		t.Error("sentence")
	}
	if joinThen([]string{"a", "b", "c"}) != "a, b and then c" || joinThen([]string{"a", "b"}) != "a and then b" {
		t.Error("joinThen")
	}
}

// Trophic summaries by type and cluster, the degree distribution and the
// findings' sentences on the same network.
func TestChainFindings(t *testing.T) {
	a := starThroughMarket(t)
	types := TrophicByType(a)
	if len(types) != 3 || types[0].Label != "firms" || types[0].Nodes != 4 || types[2].Label != "buyers" {
		t.Fatalf("by type %+v", types)
	}
	for _, s := range types {
		if s.Min > s.Mean || s.Mean > s.Max {
			t.Errorf("%s: min %v mean %v max %v", s.Label, s.Min, s.Mean, s.Max)
		}
	}
	if types[2].Mean <= types[0].Mean {
		t.Errorf("buyers (%v) not above firms (%v)", types[2].Mean, types[0].Mean)
	}
	if cs := TrophicByCluster(a); len(cs) != 2 || cs[0].ID != "A" || cs[0].Nodes != 2 {
		t.Errorf("by cluster %+v", cs)
	}
	// Total degrees: a1 2, a2 2, a3 2, s 1, m 5, ikea 2 (n = 6).
	ccdf := DegreeCCDF(a)
	want := []DegreePoint{{1, 1}, {2, 5.0 / 6}, {5, 1.0 / 6}}
	if len(ccdf) != len(want) {
		t.Fatalf("CCDF %v, want %v", ccdf, want)
	}
	for i := range want {
		if ccdf[i].Degree != want[i].Degree || math.Abs(ccdf[i].Share-want[i].Share) > 1e-15 {
			t.Errorf("CCDF %v, want %v", ccdf, want)
		}
	}
	text := strings.Join(ChainFindings(a, "万元"), "\n")
	for _, w := range []string{"Average trophic level (0 at the rawest supplier): firms ", "Trophic incoherence F₀ = ",
		"cluster–buyer ties hang on a single chokepoint", "大唐轻纺袜业城 (market)",
		"Taken together, the 2 key players ", " 万元, "} {
		if !strings.Contains(text, w) {
			t.Errorf("findings lack %q:\n%s", w, text)
		}
	}
	if IncoherenceWords(math.NaN()) != "" || !strings.Contains(IncoherenceWords(0.05), "clean chain") ||
		!strings.Contains(IncoherenceWords(0.9), "pure cycles") {
		t.Error("IncoherenceWords")
	}
}
