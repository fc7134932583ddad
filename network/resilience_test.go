package network

import (
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// marketNetwork is a network of nm markets shaped like a wide survey:
// 2·nm firms in clusters of 20, each selling to one or two markets and a
// few directly to buyers; nm/4+2 buyers; every market sells to two to five
// buyers and a firm, a third of them also to another market (chains,
// pairs, the odd cycle), one in twenty to nobody but a market. Volumes
// from 1 to 1,000, some 0.
func marketNetwork(tb testing.TB, nm int, seed uint64) Dataset {
	tb.Helper()
	r := rand.New(rand.NewPCG(uint64(nm), seed))
	nf, nb := 2*nm, nm/4+2
	var d Dataset
	for i := 0; i < nf; i++ {
		d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("f%07d", i), Cluster: fmt.Sprintf("c%05d", i/20)})
	}
	for i := 0; i < nm; i++ {
		d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("m%06d", i), Type: Market})
	}
	for i := 0; i < nb; i++ {
		d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("z%06d", i), Type: Buyer})
	}
	seen := map[[2]int]bool{}
	vol := func() float64 {
		if r.IntN(15) == 0 {
			return 0
		}
		return float64(1 + r.IntN(1000))
	}
	add := func(a, b int, k Kind) {
		if a != b && !seen[[2]int{a, b}] {
			seen[[2]int{a, b}] = true
			d.Links = append(d.Links, Link{d.Nodes[a].ID, d.Nodes[b].ID, k, vol()})
		}
	}
	market := func(i int) int { return nf + i }
	buyer := func(i int) int { return nf + nm + i }
	for f := 0; f < nf; f++ {
		add(f, market(r.IntN(nm)), Sale)
		if r.IntN(2) == 0 {
			add(f, market((f/20+r.IntN(3))%nm), Sale)
		}
		if r.IntN(10) == 0 {
			add(f, buyer(r.IntN(nb)), Sale)
		}
	}
	for m := 0; m < nm; m++ {
		if r.IntN(20) == 0 {
			add(market(m), market(r.IntN(nm)), Sale)
			continue
		}
		for k := 0; k < 2+r.IntN(4); k++ {
			add(market(m), buyer(r.IntN(nb)), Sale)
		}
		add(market(m), r.IntN(nf), Supply)
		if r.IntN(3) == 0 {
			add(market(m), market(r.IntN(nm)), Sale)
		}
	}
	return d
}

// without returns d without node id and its links.
func without(d Dataset, id string) Dataset {
	var out Dataset
	for _, nd := range d.Nodes {
		if nd.ID != id {
			out.Nodes = append(out.Nodes, nd)
		}
	}
	out.Clusters = d.Clusters
	for _, l := range d.Links {
		if l.From != id && l.To != id {
			out.Links = append(out.Links, l)
		}
	}
	return out
}

// Resilience against the straightforward recompute that SPEC §4 defines:
// for every market and buyer X, the network without X and its links
// analysed afresh, R₋X(C) summed from its reach rows.
func TestResilienceMatchesRecompute(t *testing.T) {
	cases := []Dataset{chainDataset()}
	for seed := uint64(1); seed <= 3; seed++ {
		cases = append(cases, marketNetwork(t, 40+20*int(seed), seed))
	}
	for i, d := range cases {
		a := build(t, d)
		nw := a.Network
		reachOf := func(a *Analysis) map[string]float64 {
			R := map[string]float64{}
			for _, r := range a.Reach {
				R[a.Network.Clusters()[r.Cluster].ID] += r.Direct + r.ViaMarkets
			}
			return R
		}
		R := reachOf(a)
		sumR := 0.0
		for _, x := range R {
			sumR += x
		}
		compared := 0
		for _, res := range a.Resilience {
			id := nw.Nodes()[res.Node].ID
			nw2, err := New(without(d, id))
			if err != nil {
				t.Fatal(err)
			}
			b, err := Analyze(context.Background(), nw2, Options{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			R2 := reachOf(b)
			risk, affected, worst, worstShare := 0.0, 0, "", 0.0
			for c, cl := range nw.Clusters() {
				d := R[cl.ID] - R2[cl.ID]
				if math.Abs(d) <= 1e-9*R[cl.ID] {
					continue
				}
				risk += d
				if d > 0 {
					affected++
					if s := d / a.Clusters[c].OutVolume; worst == "" || s > worstShare*(1+1e-9) {
						worst, worstShare = cl.ID, s
					}
				}
			}
			got := ""
			if res.WorstCluster >= 0 {
				got = nw.Clusters()[res.WorstCluster].ID
			}
			if !near(res.VolumeAtRisk, risk, 1e-9*sumR) || res.ClustersAffected != affected || got != worst ||
				!near(res.WorstShare, worstShare, 1e-12) {
				t.Errorf("case %d, without %s: risk %v, %d affected, worst %q %v; recomputed %v, %d, %q %v",
					i, id, res.VolumeAtRisk, res.ClustersAffected, got, res.WorstShare, risk, affected, worst, worstShare)
			}
			compared++
		}
		t.Logf("case %d: %d nodes removed one at a time, %d clusters", i, compared, len(nw.Clusters()))
	}
}

var benchMarkets = flag.String("network.benchmarkets", "2000,8000,40000",
	"comma-separated numbers of markets for BenchmarkResilience")

// BenchmarkResilience is resilience.csv alone on networks of 2,000, 8,000
// and 40,000 markets (issue 13: quadratic before, 0.8 s, 7.5 s and 95 s).
func BenchmarkResilience(b *testing.B) {
	for _, field := range strings.Split(*benchMarkets, ",") {
		nm, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			b.Fatal(err)
		}
		nw, err := New(marketNetwork(b, nm, 1))
		if err != nil {
			b.Fatal(err)
		}
		a := &Analysis{Network: nw}
		a.Clusters, a.Linkage = nw.linkage(nw.inVol, tiers(nw.s))
		ci := nw.chainIndex()
		targets := nw.clusterTargets()
		b.Run(fmt.Sprintf("markets=%d", nm), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				a.resilience(ci, targets)
			}
		})
	}
}
