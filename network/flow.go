package network

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// The buyer-reach figures of SPEC §4 treat markets as the transient states
// of an absorbing Markov chain: a unit of volume entering market m moves on
// along m's outgoing links in proportion to their volumes. Buyers absorb
// it (it reaches that buyer); firms absorb it (it does not reach a buyer);
// a market with no outgoing volume, or a group of markets that only pass
// goods among themselves, keeps it (it does not reach a buyer either).
// The chain is solved exactly, strongly connected group by group in
// topological order, with an LU solve for each group of more than one
// market — no path is enumerated.

// absorption returns, for every market (by position in markets), the
// share of a unit entering it that ends at each of k targets: per buyer
// (k = number of buyers, target(b) = position in buyers) or in total
// (k = 1, target(b) = 0). removed (or −1) is a node taken out of the
// network with its links. If affected is not nil, only the markets it
// marks are solved afresh and every other market i keeps base[i]: a market
// that cannot reach removed sees the same chain with or without it, and
// its rows come out of the same arithmetic.
func (nw *Network) absorption(markets []int32, mpos, target []int32, k int, removed int32, base [][]float64, affected []bool) [][]float64 {
	g := nw.g
	nm := len(markets)
	F := make([][]float64, nm)
	if k == 0 { // no buyer: nothing reaches one, and there is nothing to solve
		for i := range F {
			F[i] = []float64{}
		}
		return F
	}
	out := make([]float64, nm)
	var arcs []Arc
	for i, m := range markets {
		if affected != nil && !affected[i] {
			F[i] = base[i]
			continue
		}
		if m == removed {
			continue
		}
		adj, w := g.Out(m)
		for j, v := range adj {
			if v == removed {
				continue
			}
			out[i] += w[j]
			if p := mpos[v]; p >= 0 && w[j] > 0 && (affected == nil || affected[p]) {
				arcs = append(arcs, Arc{From: int32(i), To: p, Weight: w[j]})
			}
		}
	}
	mg := NewGraph(nm, arcs)
	comp, roots := sccs(mg)

	// rhs adds to dst the one-step absorption at buyers plus the flow on
	// to markets outside the group of m (whose F is already known).
	rhs := func(i int, dst []float64, inGroup func(p int32) bool) {
		if out[i] == 0 {
			return
		}
		adj, w := g.Out(markets[i])
		for j, v := range adj {
			if v == removed || w[j] == 0 {
				continue
			}
			p := w[j] / out[i]
			if t := target[v]; t >= 0 {
				dst[t] += p
			} else if q := mpos[v]; q >= 0 && !inGroup(q) {
				for x, f := range F[q] {
					dst[x] += p * f
				}
			}
		}
	}
	// Isolated markets (no market neighbour) first: they depend on none.
	for i := range markets {
		if comp[i] < 0 && F[i] == nil {
			F[i] = make([]float64, k)
			if markets[i] != removed {
				rhs(i, F[i], func(int32) bool { return false })
			}
		}
	}
	members := make([][]int32, len(roots))
	for i, c := range comp {
		if c >= 0 {
			members[c] = append(members[c], int32(i))
		}
	}
	for c := range members { // completion order: successors first
		grp := members[c]
		in := func(p int32) bool { return comp[p] == int32(c) }
		if len(grp) == 1 {
			i := grp[0]
			F[i] = make([]float64, k)
			rhs(int(i), F[i], in)
			continue
		}
		// Does anything leave the group? If not, it is closed: nothing
		// entering it reaches a buyer.
		leaks := false
		for _, i := range grp {
			adj, w := g.Out(markets[i])
			for j, v := range adj {
				if v != removed && w[j] > 0 && !(mpos[v] >= 0 && in(mpos[v])) {
					leaks = true
				}
			}
		}
		if !leaks {
			for _, i := range grp {
				F[i] = make([]float64, k)
			}
			continue
		}
		// (I − P_KK) F_K = B: one LU solve for all k columns.
		size := len(grp)
		local := make(map[int32]int, size)
		for x, i := range grp {
			local[i] = x
		}
		A := mat.NewDense(size, size, nil)
		B := mat.NewDense(size, k, nil)
		row := make([]float64, k)
		for x, i := range grp {
			A.Set(x, x, 1)
			adj, w := g.Out(markets[i])
			for j, v := range adj {
				if v == removed || w[j] == 0 {
					continue
				}
				if q := mpos[v]; q >= 0 && in(q) {
					A.Set(x, local[q], A.At(x, local[q])-w[j]/out[i])
				}
			}
			clear(row)
			rhs(int(i), row, in)
			B.SetRow(x, row)
		}
		var X mat.Dense
		if err := X.Solve(A, B); err != nil {
			// Cannot happen for a group that leaks (its matrix is
			// strictly substochastic and irreducible); keep it safe.
			for _, i := range grp {
				F[i] = make([]float64, k)
			}
			continue
		}
		for x, i := range grp {
			F[i] = make([]float64, k)
			mat.Row(F[i], x, &X)
		}
	}
	return F
}

// BuyerFlow is one row of reach.csv: the volume of a cluster that ends
// at a buyer, directly and through markets.
type BuyerFlow struct {
	Cluster, Buyer int32
	Direct         float64
	ViaMarkets     float64
	// Share is (Direct + ViaMarkets) / out(C).
	Share float64
}

// chainIndex lists markets and buyers with their positions.
type chainIndex struct {
	markets, buyers []int32
	mpos, bpos      []int32 // per node: position, or −1
	one             []int32 // per node: 0 for a buyer, −1 otherwise
}

func (nw *Network) chainIndex() *chainIndex {
	n := len(nw.nodes)
	ci := &chainIndex{mpos: make([]int32, n), bpos: make([]int32, n), one: make([]int32, n)}
	for i, nd := range nw.nodes {
		ci.mpos[i], ci.bpos[i], ci.one[i] = -1, -1, -1
		switch nd.Type {
		case Market:
			ci.mpos[i] = int32(len(ci.markets))
			ci.markets = append(ci.markets, int32(i))
		case Buyer:
			ci.bpos[i] = int32(len(ci.buyers))
			ci.one[i] = 0
			ci.buyers = append(ci.buyers, int32(i))
		}
	}
	return ci
}

// clusterTargets returns, per cluster, the summed volume from its firms
// to each market and buyer, sorted by target node index.
func (nw *Network) clusterTargets() [][]target {
	per := make([]map[int32]float64, len(nw.clusters))
	for u := range nw.nodes {
		c := nw.clusterOf[u]
		if c < 0 {
			continue
		}
		adj, w := nw.g.Out(int32(u))
		for j, v := range adj {
			if t := nw.nodes[v].Type; t == Market || t == Buyer {
				if per[c] == nil {
					per[c] = map[int32]float64{}
				}
				per[c][v] += w[j]
			}
		}
	}
	res := make([][]target, len(per))
	for c, m := range per {
		for v, x := range m {
			res[c] = append(res[c], target{v, x})
		}
		sortTargets(res[c])
	}
	return res
}

type target struct {
	node int32
	vol  float64
}

func sortTargets(t []target) {
	for i := 1; i < len(t); i++ {
		for j := i; j > 0 && t[j].node < t[j-1].node; j-- {
			t[j], t[j-1] = t[j-1], t[j]
		}
	}
}

// BuyerReach returns per cluster the share of out(C) that ends at buyers
// (buyer_reach) and the (cluster, buyer) rows of reach.csv with volume > 0,
// sorted by cluster then buyer id.
func (a *Analysis) buyerReach(ci *chainIndex, targets [][]target) ([]float64, []BuyerFlow) {
	nw := a.Network
	F := nw.absorption(ci.markets, ci.mpos, ci.bpos, len(ci.buyers), -1, nil, nil)
	reach := make([]float64, len(nw.clusters))
	var rows []BuyerFlow
	direct := make([]float64, len(ci.buyers))
	via := make([]float64, len(ci.buyers))
	for c, ts := range targets {
		clear(direct)
		clear(via)
		for _, t := range ts {
			if b := ci.bpos[t.node]; b >= 0 {
				direct[b] += t.vol
			} else {
				for b, f := range F[ci.mpos[t.node]] {
					via[b] += t.vol * f
				}
			}
		}
		out := a.Clusters[c].OutVolume
		total := 0.0
		for b := range ci.buyers {
			v := direct[b] + via[b]
			if v <= 0 {
				continue
			}
			total += v
			rows = append(rows, BuyerFlow{Cluster: int32(c), Buyer: ci.buyers[b],
				Direct: direct[b], ViaMarkets: via[b], Share: ratio(v, out)})
		}
		reach[c] = ratio(total, out)
	}
	return reach, rows
}

// Resilience is one row of resilience.csv: what the clusters lose when a
// market or buyer X goes away.
type Resilience struct {
	Node int32
	// VolumeAtRisk is Σ over clusters of R(C) − R₋X(C), where R(C) is the
	// volume of C that ends at buyers and R₋X(C) the same on the network
	// without X and its links. A cluster can gain when X goes (a market
	// that passed goods to firms or to a dead end no longer takes them),
	// so a term, and the sum, can be negative.
	VolumeAtRisk float64
	// ClustersAffected counts the clusters where R(C) − R₋X(C) > 0.
	ClustersAffected int
	// WorstCluster has the largest (R(C) − R₋X(C)) / out(C), ties to the
	// smallest id; −1 when no cluster is affected. WorstShare is that ratio.
	WorstCluster int32
	WorstShare   float64
}

// riskEpsilon is the relative size below which a change of R(C) counts as
// rounding, not loss: renormalising a market's outgoing shares when X
// goes can move the last bits of an otherwise unchanged sum.
const riskEpsilon = 1e-12

func (a *Analysis) resilience(ci *chainIndex, targets [][]target) []Resilience {
	nw := a.Network
	up := nw.newUpstream(ci)
	reachOf := func(removed int32, c int, T [][]float64) float64 {
		r := 0.0
		for _, t := range targets[c] {
			if t.node == removed {
				continue
			}
			if ci.bpos[t.node] >= 0 {
				r += t.vol
			} else {
				r += t.vol * T[ci.mpos[t.node]][0]
			}
		}
		return r
	}
	base := nw.absorption(ci.markets, ci.mpos, ci.one, 1, -1, nil, nil)
	R := make([]float64, len(nw.clusters))
	for c := range R {
		R[c] = reachOf(-1, c, base)
	}
	var res []Resilience
	for _, x := range append(append([]int32{}, ci.markets...), ci.buyers...) {
		T := nw.absorption(ci.markets, ci.mpos, ci.one, 1, x, base, up.of(x))
		r := Resilience{Node: x, WorstCluster: -1}
		for c := range R {
			d := R[c] - reachOf(x, c, T)
			if math.Abs(d) <= riskEpsilon*R[c] {
				continue
			}
			r.VolumeAtRisk += d
			if d < 0 {
				continue // X's absence sends more of C to the other buyers
			}
			r.ClustersAffected++
			if s := ratio(d, a.Clusters[c].OutVolume); r.WorstCluster < 0 || s > r.WorstShare {
				r.WorstCluster, r.WorstShare = int32(c), s
			}
		}
		res = append(res, r)
	}
	return res
}

// upstream finds the markets whose absorption depends on a node: those
// with a link of positive volume to it, and the markets that pass goods
// on to those, through any chain of markets.
type upstream struct {
	nw       *Network
	ci       *chainIndex
	affected []bool
	list     []int32
}

func (nw *Network) newUpstream(ci *chainIndex) *upstream {
	return &upstream{nw: nw, ci: ci, affected: make([]bool, len(ci.markets))}
}

// of returns the markets (by position) that can reach x, x included when
// it is a market. The slice is reused by the next call.
func (up *upstream) of(x int32) []bool {
	for _, i := range up.list {
		up.affected[i] = false
	}
	list := up.list[:0]
	mark := func(p int32) {
		if !up.affected[p] {
			up.affected[p] = true
			list = append(list, p)
		}
	}
	g := up.nw.g
	if p := up.ci.mpos[x]; p >= 0 {
		mark(p)
	}
	in, w := g.In(x)
	for j, v := range in {
		if p := up.ci.mpos[v]; p >= 0 && w[j] > 0 {
			mark(p)
		}
	}
	for head := 0; head < len(list); head++ {
		in, w := g.In(up.ci.markets[list[head]])
		for j, v := range in {
			if p := up.ci.mpos[v]; p >= 0 && w[j] > 0 {
				mark(p)
			}
		}
	}
	up.list = list
	return up.affected
}
