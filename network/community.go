package network

import (
	"math"
	"math/rand/v2"
	"sort"

	"clusterchain/network/internal/csr"
	"clusterchain/network/internal/louvain"
)

// communities are Louvain communities of the undirected projection of G
// weighted by volume (gonum community.Modularize, resolution 1).
type communities struct {
	// Of is the community of every node, numbered 1… by falling size,
	// then by smallest member id.
	Of []int32
	// Modularity is Q of the partition on the same weighted graph.
	Modularity float64
	// UnitWeights is true when no tie had a positive volume and every tie
	// was weighted 1 instead.
	UnitWeights bool
}

// findCommunities runs seeded Louvain on u: the communities of gonum's
// community.Modularize(u, 1, src) with src = rand.NewPCG(seed,
// seed^0x9e3779b97f4a7c15), found by an exact replica of it (package
// louvain) that runs in O(m log d) per pass instead of gonum's time
// quadratic in the community sizes, on any finite weights
// (louvain.Weights). ids are the node ids, used to order communities of
// equal size by their smallest member. The modularity is louvain.Modularity,
// linear in the ties; gonum's community.Q is its test oracle.
func findCommunities(u *csr.Undirected, ids []string, seed uint64) *communities {
	n := u.Order()
	res := &communities{Of: make([]int32, n)}
	if n == 0 {
		return res
	}
	w, unit := louvain.Weights(u)
	res.UnitWeights = unit
	start, adj, _, _ := u.CSR()
	comms := louvain.Communities(start, adj, w, rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
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
	res.Modularity = louvain.Modularity(u, w, res.Of, len(cs))
	return res
}

// nmi returns the normalised mutual information of two labelings of the
// same items, I(X;Y) / ((H(X)+H(Y))/2) — the arithmetic normalisation,
// scikit-learn's default. It is 1 for two constant labelings and 0 for
// no items.
func nmi(x, y []int32) float64 {
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
