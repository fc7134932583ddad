package network

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/graph"
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

// FindCommunities runs seeded Louvain on u: the communities of gonum's
// community.Modularize(u, 1, src) with src = rand.NewPCG(seed,
// seed^0x9e3779b97f4a7c15), found by an exact replica of it (louvain.go)
// that runs in O(m log d) per pass instead of gonum's time quadratic in
// the community sizes. ids are the node ids, used to order communities of
// equal size by their smallest member.
//
// Any finite weights work: where the summed degree 2m could come within
// 2⁵⁰⁰ of overflowing float64 (Louvain multiplies two degrees), every
// weight is first multiplied by a power of two that brings 2m below 2⁴⁰⁰
// (louvainShift). That is exact, and every quantity Louvain compares is
// a ratio of sums of weights, so the partition is the one the unscaled
// weights give wherever those do not overflow (and no scaled weight
// falls below 2⁻¹⁰²², into the subnormal range);
// TestCommunitiesScaleFree checks it.
func FindCommunities(u *Undirected, ids []string, seed uint64) *Communities {
	n := u.Order()
	res := &Communities{Of: make([]int32, n)}
	if n == 0 {
		return res
	}
	var w []float64 = u.w
	total := 0.0
	for _, x := range u.g.outW {
		total += x
	}
	if total == 0 {
		res.UnitWeights = true
		w = nil
	} else if shift := louvainShift(u); shift != 0 {
		w = u.scaledWeights(shift)
	}
	comms := louvain(u.start, u.adj, w, rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	type comm struct {
		members []int32
		first   string
	}
	cs := make([]comm, len(comms))
	for i, c := range comms {
		cs[i].members = c
		for k, v := range c {
			if id := ids[v]; k == 0 || id < cs[i].first {
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
	for i, c := range cs {
		for _, v := range c.members {
			res.Of[v] = int32(i + 1)
		}
	}
	res.Modularity = modularity(u, w, res.Of, len(cs))
	return res
}

// louvainShift returns the power of two by which FindCommunities divides
// the weights of u: 0 while the summed degree 2m is sure to stay below
// 2⁵⁰⁰, so that no product of two degrees can overflow; otherwise the
// shift that brings the bound on 2m to 2⁴⁰⁰.
func louvainShift(u *Undirected) int {
	maxW := 0.0
	for _, x := range u.g.outW {
		maxW = max(maxW, x)
	}
	if maxW == 0 {
		return 0
	}
	// A tie weighs at most 2·maxW and 2m counts each tie twice.
	_, e := math.Frexp(maxW) // maxW < 2^e
	e += 1 + bits.Len(uint(len(u.adj)))
	if e <= 500 {
		return 0
	}
	return e - 400
}

// modularity returns Q = Σ_c [in(c)/2m − (tot(c)/2m)²] of the partition of
// u into communities of (numbered 1…nc), with tie weights w (nil: 1): in(c)
// is the weight of the ties inside c counted from both ends, tot(c) the
// summed weighted degree of its members, 2m the summed weighted degree.
// It is the figure of gonum's community.Q(u, communities, 1) — the test
// oracle — in linear time; the two agree to rounding.
func modularity(u *Undirected, w []float64, of []int32, nc int) float64 {
	in := make([]neumaier, nc+1)
	tot := make([]neumaier, nc+1)
	var m2s neumaier
	for v := 0; v < u.Order(); v++ {
		c := of[v]
		var k neumaier
		for i := u.start[v]; i < u.start[v+1]; i++ {
			x := 1.0
			if w != nil {
				x = w[i]
			}
			k.add(x)
			if of[u.adj[i]] == c {
				in[c].add(x)
			}
		}
		kv := k.value()
		tot[c].add(kv)
		m2s.add(kv)
	}
	m2 := m2s.value()
	if m2 == 0 {
		return 0
	}
	var q neumaier
	for c := range in {
		t := tot[c].value() / m2
		q.add(in[c].value()/m2 - t*t)
	}
	return q.value()
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
