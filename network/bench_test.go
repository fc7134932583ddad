package network

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"clusterchain/network/internal/testgraph"
)

// benchNetwork is a cluster-shaped network of about n firms: clusters of
// 100 firms with subcontracting inside, sales through 1 of n/400+3
// markets, some direct orders to n/1000+5 buyers, 2.5 links per firm.
func benchNetwork(tb testing.TB, n int) *Network {
	tb.Helper()
	r := rand.New(rand.NewPCG(uint64(n), 1))
	nm, nb := n/400+3, n/1000+5
	d := Dataset{}
	for i := 0; i < n; i++ {
		d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("f%07d", i), Cluster: fmt.Sprintf("c%05d", i/100)})
	}
	for i := 0; i < nm; i++ {
		d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("m%05d", i), Type: Market})
	}
	for i := 0; i < nb; i++ {
		d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("b%05d", i), Type: Buyer})
	}
	seen := map[[2]int]bool{}
	add := func(f, t int, from, to string, k Kind) {
		if f == t || seen[[2]int{f, t}] {
			return
		}
		seen[[2]int{f, t}] = true
		d.Links = append(d.Links, Link{From: from, To: to, Kind: k, Volume: float64(1 + r.IntN(1000))})
	}
	firm := func(i int) string { return d.Nodes[i].ID }
	for i := 0; i < n; i++ {
		if i%100 != 0 { // subcontract to an earlier firm of the cluster
			j := i - 1 - r.IntN(i%100)
			add(i, j, firm(i), firm(j), Subcontract)
		}
		m := n + (i/100)%nm
		add(i, m, firm(i), d.Nodes[m].ID, Sale)
		if r.IntN(2) == 0 { // cross-cluster supply
			j := r.IntN(n)
			add(i, j, firm(i), firm(j), Supply)
		}
		if r.IntN(20) == 0 {
			b := n + nm + r.IntN(nb)
			add(i, b, firm(i), d.Nodes[b].ID, Sale)
		}
	}
	for m := 0; m < nm; m++ {
		for k := 0; k < 3; k++ {
			b := n + nm + r.IntN(nb)
			add(n+m, b, d.Nodes[n+m].ID, d.Nodes[b].ID, Sale)
		}
	}
	nw, err := New(d)
	if err != nil {
		tb.Fatal(err)
	}
	return nw
}

var benchFirms = flag.String("network.benchfirms", "2000,20000",
	"comma-separated network sizes (firms) for the benchmarks")

// benchNetworks caches the generated networks across benchmarks.
var benchNetworks = map[int]*Network{}

func benchEach(b *testing.B, f func(b *testing.B, nw *Network)) {
	for _, field := range strings.Split(*benchFirms, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			b.Fatalf("-network.benchfirms: %v", err)
		}
		nw := benchNetworks[n]
		if nw == nil {
			nw = benchNetwork(b, n)
			benchNetworks[n] = nw
		}
		b.Run(fmt.Sprintf("firms=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				f(b, nw)
			}
		})
	}
}

// BenchmarkAnalyze is every figure of SPEC §2, §4 and §5 at once, the
// families running concurrently as the command runs them (five key
// players, --key-players' default).
func BenchmarkAnalyze(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) {
		if _, err := Analyze(context.Background(), nw, Options{Seed: 1, KeyPlayers: 5}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkTiers(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) { tiers(nw.S()) })
}

func BenchmarkStructuralHoles(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) { structuralHoles(nw.G(), nw.G().Undirected()) })
}

func BenchmarkBrokerage(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) { brokerages(nw.G(), nw.Groups()) })
}

func BenchmarkConcentration(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) { concentration(nw.G()) })
}

func BenchmarkLinkage(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) {
		in := make([]float64, nw.g.Order())
		for v := range in {
			_, w := nw.g.In(int32(v))
			for _, x := range w {
				in[v] += x
			}
		}
		nw.linkage(in, tiers(nw.s))
	})
}

func BenchmarkCommunities(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) {
		ids := make([]string, len(nw.Nodes()))
		for i, nd := range nw.Nodes() {
			ids[i] = nd.ID
		}
		findCommunities(nw.G().Undirected(), ids, 1)
	})
}

// BenchmarkFlows is customer concentration per cluster, buyer reach and
// resilience (one absorbing-chain solve per market and buyer removed).
func BenchmarkFlows(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) {
		a := &Analysis{Network: nw}
		in := make([]float64, nw.g.Order())
		a.Clusters, a.Linkage = nw.linkage(in, tiers(nw.s))
		ids := make([]string, len(nw.nodes))
		for i, nd := range nw.nodes {
			ids[i] = nd.ID
		}
		a.flows(ids)
	})
}

// The internal packages benchmark on testgraph.Cluster: it must be the G
// and S of benchNetwork, edge for edge.
func TestTestgraphIsBenchNetwork(t *testing.T) {
	for _, n := range []int{600, 2000} {
		nw := benchNetwork(t, n)
		g, s := testgraph.Cluster(n)
		for _, pair := range [][2]*Graph{{nw.G(), g}, {nw.S(), s}} {
			a, b := pair[0], pair[1]
			if a.Order() != b.Order() || a.Size() != b.Size() {
				t.Fatalf("n=%d: %d nodes %d edges, testgraph %d %d", n, a.Order(), a.Size(), b.Order(), b.Size())
			}
			for u := int32(0); int(u) < a.Order(); u++ {
				x, wx := a.Out(u)
				y, wy := b.Out(u)
				if !slices.Equal(x, y) || !slices.Equal(wx, wy) {
					t.Fatalf("n=%d: node %d differs", n, u)
				}
			}
		}
	}
}
