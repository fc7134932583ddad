package network

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

var louvainGraphs = flag.Int("louvain.graphs", 32, "random graphs TestLouvainMatchesGonum compares")

// louvainCase is an undirected graph for the comparison with gonum.
type louvainCase struct {
	name string
	u    *Undirected
	unit bool // weigh every tie 1
}

// louvainCases returns count graphs of up to a few thousand nodes: sparse
// random graphs, planted partitions (several levels of aggregation), the
// benchmark's cluster networks; weights fractional, integer, partly zero
// or all 1; isolated nodes included.
func louvainCases(count int) []louvainCase {
	var cases []louvainCase
	for i := 0; len(cases) < count; i++ {
		r := rand.New(rand.NewPCG(uint64(i), 99))
		n := 20 + r.IntN(3000)
		if i%4 == 0 {
			n = 5 + r.IntN(60)
		}
		weight := func() float64 {
			switch i % 5 {
			case 0: // fractional: summation order shows in the last bits
				return r.Float64() * 100
			case 1:
				return float64(1 + r.IntN(9))
			case 2: // heavy-tailed, some ties of volume 0
				if r.IntN(5) == 0 {
					return 0
				}
				return math.Round(100*math.Pow(r.Float64(), -1/1.5)) / 100
			case 3:
				return 1
			}
			return 0.1 * float64(r.IntN(30))
		}
		var arcs []Arc
		switch i % 3 {
		case 0: // sparse random, a tenth of the nodes isolated
			m := n + r.IntN(3*n)
			for len(arcs) < m {
				a, b := r.IntN(n), r.IntN(n)
				if a != b && a%10 != 0 && b%10 != 0 {
					arcs = append(arcs, Arc{From: int32(a), To: int32(b), Weight: weight()})
				}
			}
		case 1: // planted partition: dense blocks, sparse between
			block := 5 + r.IntN(40)
			for a := 0; a < n; a++ {
				for k := 0; k < 3; k++ {
					b := a - a%block + r.IntN(block)
					if r.IntN(6) == 0 {
						b = r.IntN(n)
					}
					if b < n && a != b {
						arcs = append(arcs, Arc{From: int32(a), To: int32(b), Weight: weight()})
					}
				}
			}
		default: // a star-heavy graph: a few hubs with many ties
			hubs := 1 + r.IntN(8)
			for a := hubs; a < n; a++ {
				arcs = append(arcs, Arc{From: int32(a), To: int32(r.IntN(hubs)), Weight: weight()})
				if r.IntN(3) == 0 {
					arcs = append(arcs, Arc{From: int32(a), To: int32(r.IntN(n)), Weight: weight()})
				}
			}
		}
		arcs = slices.DeleteFunc(arcs, func(a Arc) bool { return a.From == a.To })
		cases = append(cases, louvainCase{fmt.Sprintf("random%d/n=%d", i, n), NewGraph(n, arcs).Undirected(), i%5 == 3 && i%2 == 0})
	}
	return cases
}

// gonumCommunities runs gonum's Modularize as FindCommunities seeds it.
func gonumCommunities(u *Undirected, unit bool, seed uint64) [][]int32 {
	var g graph.WeightedUndirected = u
	if unit {
		g = unitWeights{u}
	}
	reduced := community.Modularize(g, 1, rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var res [][]int32
	for _, c := range reduced.Communities() {
		m := make([]int32, len(c))
		for i, nd := range c {
			m[i] = int32(nd.ID())
		}
		res = append(res, m)
	}
	return res
}

// The replica must return gonum's communities in gonum's order, member
// for member, for any graph and seed.
func TestLouvainMatchesGonum(t *testing.T) {
	cases := louvainCases(*louvainGraphs)
	for _, nw := range []*Network{benchNetwork(t, 600), benchNetwork(t, 2500)} {
		cases = append(cases, louvainCase{fmt.Sprintf("bench/n=%d", nw.G().Order()), nw.G().Undirected(), false},
			louvainCase{fmt.Sprintf("bench-unit/n=%d", nw.G().Order()), nw.G().Undirected(), true})
	}
	multiLevel := 0
	for i, tc := range cases {
		seed := uint64(1 + i%3)
		want := gonumCommunities(tc.u, tc.unit, seed)
		var w []float64
		if !tc.unit {
			w = tc.u.w
		}
		got := louvain(tc.u.start, tc.u.adj, w, rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		if len(got) != len(want) {
			t.Errorf("%s: %d communities, gonum %d", tc.name, len(got), len(want))
			continue
		}
		for c := range want {
			if !slices.Equal(got[c], want[c]) {
				t.Errorf("%s: community %d is %v, gonum %v", tc.name, c, got[c], want[c])
				break
			}
		}
		if len(want) < tc.u.Order()/3 {
			multiLevel++
		}
	}
	t.Logf("%d graphs identical to gonum, %d of them with communities of 3 or more nodes on average", len(cases), multiLevel)
}

// FindCommunities: the modularity equals gonum's Q of the same partition,
// by gonum itself on small partitions and by the linear sum above.
func TestCommunityModularity(t *testing.T) {
	for _, tc := range louvainCases(8) {
		ids := make([]string, tc.u.Order())
		for i := range ids {
			ids[i] = fmt.Sprintf("n%05d", i)
		}
		res := FindCommunities(tc.u, ids, 1)
		var g graph.Undirected = tc.u
		var w []float64 = tc.u.w
		if res.UnitWeights {
			g, w = unitWeights{tc.u}, nil
		}
		nc := int32(0)
		for _, c := range res.Of {
			nc = max(nc, c)
		}
		comms := make([][]graph.Node, nc)
		for v, c := range res.Of {
			comms[c-1] = append(comms[c-1], simple.Node(v))
		}
		want := community.Q(g, comms, 1)
		if d := math.Abs(res.Modularity - want); d > 1e-12 {
			t.Errorf("%s: modularity %v, gonum Q %v", tc.name, res.Modularity, want)
		}
		if d := math.Abs(modularity(tc.u, w, res.Of, int(nc)) - want); d > 1e-12 {
			t.Errorf("%s: linear modularity off by %g", tc.name, d)
		}
		for c := 1; c < len(comms); c++ {
			if len(comms[c]) > len(comms[c-1]) {
				t.Fatalf("%s: community %d larger than %d", tc.name, c+1, c)
			}
		}
	}
}
