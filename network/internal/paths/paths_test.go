package paths_test

import (
	"context"
	"flag"
	"math"
	"math/rand/v2"
	"testing"

	"clusterchain/network"
	"clusterchain/network/internal/csr"
	"clusterchain/network/internal/paths"
	"clusterchain/synth"

	gonet "gonum.org/v1/gonum/graph/network"
)

// straightPaths is the straightforward path: gonum's Betweenness, and
// closeness and harmonic from one plain breadth-first search per source.
func straightPaths(g *csr.Graph) *paths.Result {
	n := g.Order()
	p := &paths.Result{
		Betweenness: make([]float64, n),
		Closeness:   make([]float64, n),
		Harmonic:    make([]float64, n),
	}
	bc := gonet.Betweenness(g)
	scale := 1.0
	if n > 2 {
		scale = 1 / float64((n-1)*(n-2))
	}
	reach := make([]int, n)
	sum := make([]int, n)
	dist := make([]int, n)
	for s := 0; s < n; s++ {
		for i := range dist {
			dist[i] = -1
		}
		dist[s] = 0
		queue := []int32{int32(s)}
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			out, _ := g.Out(v)
			for _, w := range out {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue = append(queue, w)
					reach[w]++
					sum[w] += dist[w]
					p.Harmonic[w] += 1 / float64(dist[w])
				}
			}
		}
	}
	for v := 0; v < n; v++ {
		p.Betweenness[v] = bc[int64(v)] * scale
		p.Harmonic[v] /= float64(n - 1)
		if reach[v] > 0 {
			p.Closeness[v] = float64(reach[v]) / float64(sum[v]) * float64(reach[v]) / float64(n-1)
		}
	}
	return p
}

// treeGraph has what the sweep folds: sources in no cycle with one
// out-neighbour (pendants, chains of them, pendants of sinks) and sources
// in no cycle with the same out-neighbours, around a few cycles.
func treeGraph(n int, seed uint64) *csr.Graph {
	r := rand.New(rand.NewPCG(seed, 3))
	var arcs []csr.Arc
	add := func(a, b int) {
		if a != b {
			arcs = append(arcs, csr.Arc{From: int32(a), To: int32(b), Weight: 1})
		}
	}
	core := n / 10
	for v := 0; v < core; v++ { // a ring with chords
		add(v, (v+1)%core)
		if r.IntN(3) == 0 {
			add(v, r.IntN(core))
		}
	}
	for v := core; v < n; v++ {
		switch r.IntN(4) {
		case 0: // pendant of an earlier node
			add(v, r.IntN(v))
		case 1: // the same two targets as many others
			a := r.IntN(3)
			add(v, a)
			add(v, core+a)
		case 2: // a sink's pendant
			add(v, n-1-r.IntN(3))
		default:
			add(v, r.IntN(v))
			add(v, r.IntN(n))
		}
	}
	return csr.New(n, arcs)
}

var agreeFirms = flag.Int("paths.agreefirms", 0,
	"also check the sweep against the straightforward path on a generated network of this many firms (issue 6: 20000; about a minute)")

// The sweep against the straightforward path on generated networks.
// -paths.agreefirms 20000 adds the 20,000-firm network of the speed
// targets and logs the largest differences.
func TestShortestPathsMatchStraightforward(t *testing.T) {
	type tc struct {
		name string
		g    *csr.Graph
	}
	var cases []tc
	sizes := []int{300, 1200}
	if *agreeFirms > 0 {
		sizes = append(sizes, *agreeFirms)
	}
	for i, firms := range sizes {
		seed := uint64(firms)
		if i == 2 {
			seed = 1 // the network of bench/run.sh: generate --firms N --seed 1
		}
		d, err := synth.Generate(synth.Config{Firms: firms, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		nw, err := network.New(*d)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, tc{"synth", nw.G()})
	}
	for _, n := range []int{3, 40, 700} {
		cases = append(cases, tc{"tree", treeGraph(n, uint64(n))})
	}
	for _, c := range cases {
		got, err := paths.Exact(context.Background(), c.g, paths.Options{Workers: 3})
		if err != nil {
			t.Fatal(err)
		}
		want := straightPaths(c.g)
		worst := [3]float64{}
		for v := range want.Betweenness {
			worst[0] = math.Max(worst[0], math.Abs(got.Betweenness[v]-want.Betweenness[v]))
			worst[1] = math.Max(worst[1], math.Abs(got.Closeness[v]-want.Closeness[v]))
			worst[2] = math.Max(worst[2], math.Abs(got.Harmonic[v]-want.Harmonic[v]))
		}
		t.Logf("%s n=%d: largest differences betweenness %.2g, closeness %.2g, harmonic %.2g",
			c.name, c.g.Order(), worst[0], worst[1], worst[2])
		if worst[0] > 1e-12 || worst[1] > 1e-12 || worst[2] > 1e-12 {
			t.Errorf("%s n=%d: largest differences (betweenness, closeness, harmonic) %g", c.name, c.g.Order(), worst)
		}
	}
}
