package network

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
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

var benchSizes = []int{2000, 20000}

func benchEach(b *testing.B, f func(b *testing.B, nw *Network)) {
	for _, n := range benchSizes {
		nw := benchNetwork(b, n)
		b.Run(fmt.Sprintf("firms=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				f(b, nw)
			}
		})
	}
}

func BenchmarkShortestPaths(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) {
		if _, err := ShortestPaths(context.Background(), nw.G(), PathOptions{}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkPageRank(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) { PageRank(nw.G(), Damping, pageRankTol, pageRankSteps) })
}

func BenchmarkTiers(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) { Tiers(nw.S()) })
}

func BenchmarkHITS(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) { HITS(nw.G(), hitsTol, hitsSteps) })
}

func BenchmarkStructuralHoles(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) { StructuralHoles(nw.G(), nw.G().Undirected()) })
}

func BenchmarkCoreAndCut(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) {
		u := nw.G().Undirected()
		CoreNumbers(u)
		CutNodes(u)
	})
}

func BenchmarkBrokerage(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) { Brokerages(nw.G(), nw.Groups()) })
}

func BenchmarkCommunities(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) {
		ids := make([]string, len(nw.Nodes()))
		for i, nd := range nw.Nodes() {
			ids[i] = nd.ID
		}
		FindCommunities(nw.G().Undirected(), ids, 1)
	})
}

func BenchmarkReachAndResilience(b *testing.B) {
	benchEach(b, func(b *testing.B, nw *Network) {
		a := &Analysis{Network: nw}
		sub := Tiers(nw.s)
		in := make([]float64, nw.g.Order())
		a.Clusters, a.Linkage = nw.linkage(in, sub)
		ci := nw.chainIndex()
		t := nw.clusterTargets()
		a.buyerReach(ci, t)
		a.resilience(ci, t)
	})
}
