package network

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
)

// Communities are Louvain communities of the undirected projection of G
// weighted by volume (gonum community.Modularize, resolution 1).
type Communities struct {
	// Of is the community of every node, numbered 1… by falling size,
	// then by smallest member id.
	Of []int32
	// Modularity is Q of the partition on the same weighted graph.
	Modularity float64
	// UnitWeights is true when no tie had a positive volume and every tie
	// was weighted 1 instead.
	UnitWeights bool
}

// unitWeights is an undirected projection whose ties all weigh 1.
type unitWeights struct{ *Undirected }

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

// FindCommunities runs seeded Louvain on u. ids are the node ids, used to
// order communities of equal size by their smallest member.
func FindCommunities(u *Undirected, ids []string, seed uint64) *Communities {
	n := u.Order()
	res := &Communities{Of: make([]int32, n)}
	if n == 0 {
		return res
	}
	var g graph.WeightedUndirected = u
	total := 0.0
	for _, w := range u.w {
		total += w
	}
	if total == 0 {
		g = unitWeights{u}
		res.UnitWeights = true
	}
	reduced := community.Modularize(g, 1, rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	comms := reduced.Communities()
	type comm struct {
		members []graph.Node
		first   string
	}
	cs := make([]comm, len(comms))
	for i, c := range comms {
		cs[i].members = c
		for k, nd := range c {
			if id := ids[nd.ID()]; k == 0 || id < cs[i].first {
				cs[i].first = id
			}
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if len(cs[i].members) != len(cs[j].members) {
			return len(cs[i].members) > len(cs[j].members)
		}
		return cs[i].first < cs[j].first
	})
	sorted := make([][]graph.Node, len(cs))
	for i, c := range cs {
		sorted[i] = c.members
		for _, nd := range c.members {
			res.Of[nd.ID()] = int32(i + 1)
		}
	}
	res.Modularity = community.Q(g, sorted, 1)
	return res
}

// NMI returns the normalised mutual information of two labelings of the
// same items, I(X;Y) / ((H(X)+H(Y))/2) — the arithmetic normalisation,
// scikit-learn's default. It is 1 for two constant labelings and 0 for
// no items.
func NMI(x, y []int32) float64 {
	n := len(x)
	if n == 0 {
		return 0
	}
	type pair struct{ a, b int32 }
	joint := map[pair]int{}
	cx := map[int32]int{}
	cy := map[int32]int{}
	for i := range x {
		joint[pair{x[i], y[i]}]++
		cx[x[i]]++
		cy[y[i]]++
	}
	entropy := func(c map[int32]int) float64 {
		keys := make([]int32, 0, len(c))
		for k := range c {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		h := 0.0
		for _, k := range keys {
			p := float64(c[k]) / float64(n)
			h -= p * math.Log(p)
		}
		return h
	}
	hx, hy := entropy(cx), entropy(cy)
	if hx+hy == 0 {
		return 1
	}
	pairs := make([]pair, 0, len(joint))
	for p := range joint {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].a != pairs[j].a {
			return pairs[i].a < pairs[j].a
		}
		return pairs[i].b < pairs[j].b
	})
	mi := 0.0
	for _, p := range pairs {
		pxy := float64(joint[p]) / float64(n)
		mi += pxy * math.Log(pxy*float64(n)*float64(n)/(float64(cx[p.a])*float64(cy[p.b])))
	}
	return math.Max(0, mi/((hx+hy)/2))
}
