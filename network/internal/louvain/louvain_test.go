package louvain

import (
	"flag"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"clusterchain/network/internal/csr"
	"clusterchain/network/internal/testgraph"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

var louvainGraphs = flag.Int("louvain.graphs", 32, "random graphs TestLouvainMatchesGonum compares")

// louvainCase is an undirected graph for the comparison with gonum.
type louvainCase struct {
	name string
	u    *csr.Undirected
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
		var arcs []csr.Arc
		switch i % 3 {
		case 0: // sparse random, a tenth of the nodes isolated
			m := n + r.IntN(3*n)
			for len(arcs) < m {
				a, b := r.IntN(n), r.IntN(n)
				if a != b && a%10 != 0 && b%10 != 0 {
					arcs = append(arcs, csr.Arc{From: int32(a), To: int32(b), Weight: weight()})
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
						arcs = append(arcs, csr.Arc{From: int32(a), To: int32(b), Weight: weight()})
					}
				}
			}
		default: // a star-heavy graph: a few hubs with many ties
			hubs := 1 + r.IntN(8)
			for a := hubs; a < n; a++ {
				arcs = append(arcs, csr.Arc{From: int32(a), To: int32(r.IntN(hubs)), Weight: weight()})
				if r.IntN(3) == 0 {
					arcs = append(arcs, csr.Arc{From: int32(a), To: int32(r.IntN(n)), Weight: weight()})
				}
			}
		}
		arcs = slices.DeleteFunc(arcs, func(a csr.Arc) bool { return a.From == a.To })
		cases = append(cases, louvainCase{fmt.Sprintf("random%d/n=%d", i, n), csr.New(n, arcs).Undirected(), i%5 == 3 && i%2 == 0})
	}
	return cases
}

// gonumCommunities runs gonum's Modularize as FindCommunities seeds it.
func gonumCommunities(u *csr.Undirected, unit bool, seed uint64) [][]int32 {
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
	for _, n := range []int{600, 2500} {
		g, _ := testgraph.Cluster(n)
		cases = append(cases, louvainCase{fmt.Sprintf("bench/n=%d", g.Order()), g.Undirected(), false},
			louvainCase{fmt.Sprintf("bench-unit/n=%d", g.Order()), g.Undirected(), true})
	}
	multiLevel := 0
	for i, tc := range cases {
		seed := uint64(1 + i%3)
		want := gonumCommunities(tc.u, tc.unit, seed)
		start, adj, w, _ := tc.u.CSR()
		if tc.unit {
			w = nil
		}
		got := Communities(start, adj, w, rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
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

// Modularity equals gonum's community.Q of the same partition (its
// oracle) on every case, weighted and unit, for the Louvain partition and
// for an arbitrary one.
func TestModularityMatchesGonum(t *testing.T) {
	for _, tc := range louvainCases(12) {
		start, adj, _, _ := tc.u.CSR()
		w, unit := Weights(tc.u)
		var g graph.Undirected = tc.u
		if unit || tc.unit {
			g, w = unitWeights{tc.u}, nil
		}
		comms := Communities(start, adj, w, rand.NewPCG(1, 1^0x9e3779b97f4a7c15))
		r := rand.New(rand.NewPCG(2, 5))
		for _, part := range [][][]int32{comms, randomPartition(tc.u.Order(), 1+r.IntN(9), r)} {
			of := make([]int32, tc.u.Order())
			nodes := make([][]graph.Node, len(part))
			for c, m := range part {
				for _, v := range m {
					of[v] = int32(c + 1)
					nodes[c] = append(nodes[c], simple.Node(v))
				}
			}
			want := community.Q(g, nodes, 1)
			if math.IsNaN(want) {
				want = 0 // no ties: gonum divides by 0; modularity is 0
			}
			if got := Modularity(tc.u, w, of, len(part)); !scalar.EqualWithinAbsOrRel(got, want, 1e-12, 1e-12) {
				t.Errorf("%s: modularity %v, gonum Q %v", tc.name, got, want)
			}
		}
	}
}

func randomPartition(n, k int, r *rand.Rand) [][]int32 {
	p := make([][]int32, k)
	for v := 0; v < n; v++ {
		c := r.IntN(k)
		p[c] = append(p[c], int32(v))
	}
	return slices.DeleteFunc(p, func(m []int32) bool { return len(m) == 0 })
}

// unitWeights is an undirected projection whose ties all weigh 1, for
// gonum's Modularize and Q.
type unitWeights struct{ *csr.Undirected }

func (u unitWeights) Weight(x, y int64) (float64, bool) {
	w, ok := u.Undirected.Weight(x, y)
	if ok && x != y {
		w = 1
	}
	return w, ok
}

func (u unitWeights) WeightedEdge(x, y int64) graph.WeightedEdge {
	e := u.Undirected.WeightedEdge(x, y)
	if e == nil {
		return nil
	}
	return unitEdge{e}
}

func (u unitWeights) WeightedEdgeBetween(x, y int64) graph.WeightedEdge { return u.WeightedEdge(x, y) }

type unitEdge struct{ graph.WeightedEdge }

func (unitEdge) Weight() float64 { return 1 }

// Louvain and the modularity are free of the scale of the weights: every
// arc weight times 2^k gives the same partition and the same modularity to
// the last bit, both where no scaling is needed and where Weights scales
// the weights down because 2m would overflow.
func TestScaleFree(t *testing.T) {
	for _, tc := range louvainCases(10) {
		g := tc.u.Graph()
		_, _, outW := g.OutCSR()
		maxW := 0.0
		for _, x := range outW {
			maxW = max(maxW, x)
		}
		if maxW == 0 || tc.unit {
			continue
		}
		run := func(u *csr.Undirected) ([][]int32, float64) {
			start, adj, _, _ := u.CSR()
			w, _ := Weights(u)
			comms := Communities(start, adj, w, rand.NewPCG(3, 3^0x9e3779b97f4a7c15))
			of := make([]int32, u.Order())
			for c, m := range comms {
				for _, v := range m {
					of[v] = int32(c + 1)
				}
			}
			return comms, Modularity(u, w, of, len(comms))
		}
		want, wantQ := run(tc.u)
		_, adj, _, _ := tc.u.CSR()
		_, e := math.Frexp(maxW)
		for _, k := range []int{-300, 200, 1015 - e - bits.Len(uint(len(adj)))} {
			var arcs []csr.Arc
			for u := int32(0); int(u) < g.Order(); u++ {
				adj, w := g.Out(u)
				for j, v := range adj {
					arcs = append(arcs, csr.Arc{From: u, To: v, Weight: math.Ldexp(w[j], k)})
				}
			}
			su := csr.New(g.Order(), arcs).Undirected()
			got, q := run(su)
			same := len(got) == len(want)
			for c := 0; same && c < len(got); c++ {
				same = slices.Equal(got[c], want[c])
			}
			if !same || q != wantQ {
				t.Errorf("%s, weights × 2^%d (shift %d): modularity %v, unscaled %v; same partition: %v",
					tc.name, k, shift(su), q, wantQ, same)
			}
		}
	}
}

// BenchmarkCommunities is Louvain on the benchmark networks.
func BenchmarkCommunities(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		g, _ := testgraph.Cluster(n)
		u := g.Undirected()
		start, adj, _, _ := u.CSR()
		w, _ := Weights(u)
		b.Run(fmt.Sprintf("firms=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				Communities(start, adj, w, rand.NewPCG(1, 1^0x9e3779b97f4a7c15))
			}
		})
	}
}
