package network

import (
	"clusterchain/network/internal/csr"
	"clusterchain/network/internal/neumaier"
	"clusterchain/network/internal/topo"
	"math"
	"slices"
)

// The buyer-reach figures of SPEC §4 treat markets as the transient states
// of an absorbing Markov chain: a unit of volume entering market m moves on
// along m's outgoing links in proportion to their volumes. Buyers absorb
// it (it reaches that buyer); firms absorb it (it does not reach a buyer);
// a market with no outgoing volume, or a group of markets that only pass
// goods among themselves, keeps it (it does not reach a buyer either).
// The chain is solved exactly, strongly connected group by group in
// topological order — no path is enumerated.
//
// A group is solved by Gaussian elimination in the form of Grassmann,
// Taksar and Heyman (GTH): the system is kept as out-volumes, d_i F_i =
// Σ_j W_ij F_j + b_i over the markets j of the group, and each pivot d_k
// is recomputed as the sum of what is left of row k — the volume to the
// group's markets not yet eliminated plus the volume that leaves the
// group — instead of as 1 − Σ P. Nothing is ever subtracted, so every
// share keeps its relative precision even on stiff cycles: two markets
// trading 1e8 each way with an exit of 0.01 still pass on all of it, where
// I − P built as 1 − w/out loses eight digits (TestStiffMarketPair).
// Each row is scaled by a power of two (exact) so that its entries lie
// below 1, which keeps every product finite whatever the volumes.

// share is the part of a unit entering a market that ends at one target
// column (a buyer, or every buyer at once).
type share struct {
	t int32
	f float64
}

// chain solves the absorbing chain over the markets of a network.
type chain struct {
	g       *Graph
	markets []int32 // node of each market position
	mpos    []int32 // per node: market position, or −1
	col     []int32 // per node: target column of a buyer, or −1
	// gone, if not nil, marks nodes taken out of the network as well as
	// the one a solve removes (the key players found so far).
	gone []bool
	// scratch, all −1 between solves
	local []int32 // per market position: index in the set being solved
	colAt []int32 // per target column: column in the group being solved
	cols  []int32 // the target columns of the group, in order of discovery
}

func newChain(g *Graph, ci *chainIndex, col []int32, ncol int) *chain {
	ch := &chain{g: g, markets: ci.markets, mpos: ci.mpos, col: col,
		local: make([]int32, len(ci.markets)), colAt: make([]int32, ncol)}
	for i := range ch.local {
		ch.local[i] = -1
	}
	for i := range ch.colAt {
		ch.colAt[i] = -1
	}
	return ch
}

// without reports whether node v is out of the network of a solve that
// removes the node removed.
func (ch *chain) without(v, removed int32) bool {
	return v == removed || (ch.gone != nil && ch.gone[v])
}

// solve computes the shares of the markets at the positions set (in
// increasing order) on the network without the node removed (or −1) and
// the nodes gone:
// res[x] for set[x]. Markets outside set that the set's markets pass goods
// to must be solved already: known(q) gives their shares. Each row of res
// is sorted by target column.
func (ch *chain) solve(set []int32, removed int32, known func(q int32) []share) [][]share {
	g := ch.g
	for x, p := range set {
		ch.local[p] = int32(x)
	}
	defer func() {
		for _, p := range set {
			ch.local[p] = -1
		}
	}()
	var arcs []csr.Arc
	for x, p := range set {
		adj, w := g.Out(ch.markets[p])
		for j, v := range adj {
			if q := ch.mpos[v]; q >= 0 && !ch.without(v, removed) && w[j] > 0 && ch.local[q] >= 0 {
				arcs = append(arcs, csr.Arc{From: int32(x), To: ch.local[q], Weight: w[j]})
			}
		}
	}
	comp, roots := topo.SCC(csr.New(len(set), arcs))
	res := make([][]share, len(set))
	get := func(q int32) []share {
		if x := ch.local[q]; x >= 0 {
			return res[x]
		}
		return known(q)
	}
	// Markets tied to no other market of the set first: they depend on
	// none; then the groups in completion order, successors first.
	for x := range set {
		if comp[x] < 0 {
			ch.group([]int32{int32(x)}, set, removed, get, res)
		}
	}
	members := make([][]int32, len(roots))
	for x, c := range comp {
		if c >= 0 {
			members[c] = append(members[c], int32(x))
		}
	}
	for _, grp := range members {
		ch.group(grp, set, removed, get, res)
	}
	return res
}

// group solves one strongly connected group of markets (local indices
// into set, increasing) by GTH elimination, into res.
func (ch *chain) group(grp []int32, set []int32, removed int32, get func(q int32) []share, res [][]share) {
	g := ch.g
	s := len(grp)
	at := func(x int32) int { // position of local x in grp, or −1
		if s == 1 {
			if grp[0] == x {
				return 0
			}
			return -1
		}
		i, ok := slices.BinarySearch(grp, x)
		if !ok {
			return -1
		}
		return i
	}
	// The target columns the group's rows reach in one step, directly or
	// through a solved market.
	cols := ch.cols[:0]
	addCol := func(t int32) {
		if ch.colAt[t] < 0 {
			ch.colAt[t] = int32(len(cols))
			cols = append(cols, t)
		}
	}
	for _, x := range grp {
		adj, w := g.Out(ch.markets[set[x]])
		for j, v := range adj {
			if w[j] == 0 || ch.without(v, removed) {
				continue
			}
			if t := ch.col[v]; t >= 0 {
				addCol(t)
			} else if q := ch.mpos[v]; q >= 0 && (ch.local[q] < 0 || at(ch.local[q]) < 0) {
				for _, sh := range get(q) {
					addCol(sh.t)
				}
			}
		}
	}
	nc := len(cols)
	defer func() {
		for _, t := range cols {
			ch.colAt[t] = -1
		}
		ch.cols = cols[:0]
	}()
	// N (s×s): scaled volume to the group's markets; leak: scaled volume
	// leaving the group; B (s×nc): scaled volume that ends at each column
	// in one step or through markets outside the group.
	N := make([]float64, s*s)
	B := make([]float64, s*nc)
	leak := make([]float64, s)
	for r, x := range grp {
		adj, w := g.Out(ch.markets[set[x]])
		maxW := 0.0
		for j, v := range adj {
			if !ch.without(v, removed) {
				maxW = max(maxW, w[j])
			}
		}
		if maxW == 0 {
			continue // no outgoing volume: keeps what it gets
		}
		_, e := math.Frexp(maxW)
		var lk neumaier.Sum
		for j, v := range adj {
			if w[j] == 0 || ch.without(v, removed) {
				continue
			}
			sw := math.Ldexp(w[j], -e)
			q := ch.mpos[v]
			if q >= 0 && ch.local[q] >= 0 {
				if y := at(ch.local[q]); y >= 0 {
					N[r*s+y] = sw
					continue
				}
			}
			lk.Add(sw)
			if t := ch.col[v]; t >= 0 {
				B[r*nc+int(ch.colAt[t])] += sw
			} else if q >= 0 {
				for _, sh := range get(q) {
					B[r*nc+int(ch.colAt[sh.t])] += sw * sh.f
				}
			}
		}
		leak[r] = lk.Value()
	}
	// Elimination: the pivot of row k is what is left of it.
	d := make([]float64, s)
	for k := 0; k < s; k++ {
		var dk neumaier.Sum
		for y := k + 1; y < s; y++ {
			dk.Add(N[k*s+y])
		}
		dk.Add(leak[k])
		d[k] = dk.Value()
		if d[k] == 0 {
			continue
		}
		for i := k + 1; i < s; i++ {
			nik := N[i*s+k]
			if nik == 0 {
				continue
			}
			f := nik / d[k]
			for y := k + 1; y < s; y++ {
				if y != i {
					N[i*s+y] += f * N[k*s+y]
				}
			}
			leak[i] += f * leak[k]
			for c := 0; c < nc; c++ {
				B[i*nc+c] += f * B[k*nc+c]
			}
		}
	}
	// Back substitution, last eliminated first.
	F := make([]float64, s*nc)
	for k := s - 1; k >= 0; k-- {
		if d[k] == 0 {
			continue // nothing leaves: nothing reaches a buyer
		}
		for c := 0; c < nc; c++ {
			v := B[k*nc+c]
			for y := k + 1; y < s; y++ {
				v += N[k*s+y] * F[y*nc+c]
			}
			F[k*nc+c] = v / d[k]
		}
	}
	order := make([]int, nc) // columns in increasing target order
	for c := range order {
		order[c] = c
	}
	slices.SortFunc(order, func(a, b int) int { return int(cols[a] - cols[b]) })
	for r, x := range grp {
		row := make([]share, 0, nc)
		for _, c := range order {
			if f := F[r*nc+c]; f > 0 {
				row = append(row, share{cols[c], min(f, 1)})
			}
		}
		res[x] = row
	}
}

// BuyerFlow is one row of reach.csv: the volume of a cluster that ends
// at a buyer, directly and through markets.
type BuyerFlow struct {
	Cluster, Buyer int32
	Direct         float64
	ViaMarkets     float64
	// Share is (Direct + ViaMarkets) / out(C).
	Share float64
	// Chokepoints are the nodes every path from the cluster's firms to
	// the buyer passes through, from the cluster's side to the buyer's
	// (empty when there are none); Channels is the most such paths that
	// share no node (SPEC §5).
	Chokepoints []int32
	Channels    int
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
	per := make([]map[int32]*neumaier.Sum, len(nw.clusters))
	for u := range nw.nodes {
		c := nw.clusterOf[u]
		if c < 0 {
			continue
		}
		adj, w := nw.g.Out(int32(u))
		for j, v := range adj {
			if t := nw.nodes[v].Type; t == Market || t == Buyer {
				if per[c] == nil {
					per[c] = map[int32]*neumaier.Sum{}
				}
				if per[c][v] == nil {
					per[c][v] = new(neumaier.Sum)
				}
				per[c][v].Add(w[j])
			}
		}
	}
	res := make([][]target, len(per))
	for c, m := range per {
		for v, x := range m {
			res[c] = append(res[c], target{v, x.Value()})
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

// buyerReach returns per cluster the share of out(C) that ends at buyers
// (buyer_reach) and the (cluster, buyer) rows of reach.csv with volume > 0,
// sorted by cluster then buyer id.
func (a *Analysis) buyerReach(ci *chainIndex, targets [][]target) ([]float64, []BuyerFlow) {
	nw := a.Network
	ch := newChain(nw.g, ci, ci.bpos, len(ci.buyers))
	F := ch.solve(ci.all(), -1, nil)
	reach := make([]float64, len(nw.clusters))
	var rows []BuyerFlow
	direct := make([]neumaier.Sum, len(ci.buyers))
	via := make([]neumaier.Sum, len(ci.buyers))
	var touched []int32
	seen := make([]bool, len(ci.buyers))
	touch := func(b int32) {
		if !seen[b] {
			seen[b] = true
			touched = append(touched, b)
		}
	}
	for c, ts := range targets {
		touched = touched[:0]
		for _, t := range ts {
			if b := ci.bpos[t.node]; b >= 0 {
				touch(b)
				direct[b].Add(t.vol)
			} else {
				for _, sh := range F[ci.mpos[t.node]] {
					touch(sh.t)
					via[sh.t].Add(t.vol * sh.f)
				}
			}
		}
		slices.Sort(touched)
		out := a.Clusters[c].OutVolume
		var total neumaier.Sum
		for _, b := range touched {
			dv, vv := direct[b].Value(), via[b].Value()
			direct[b], via[b], seen[b] = neumaier.Sum{}, neumaier.Sum{}, false
			v := dv + vv
			if v <= 0 {
				continue
			}
			total.Add(v)
			rows = append(rows, BuyerFlow{Cluster: int32(c), Buyer: ci.buyers[b],
				Direct: dv, ViaMarkets: vv, Share: shareOf(v, out)})
		}
		reach[c] = shareOf(total.Value(), out)
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

// resilience computes resilience.csv. Removing X changes the shares of
// the markets upstream of X only (those that can reach it): every other
// market's group sees the same chain with or without X. So the chain is
// solved once, and for each X only the upstream markets are solved again
// (chain.solve on them, the others at their base shares) and only the
// clusters with a target among them or at X are revisited, each through
// the change of its targets' shares: R(C) − R₋X(C) = Σ over C's targets t
// upstream of X of vol(C,t)·(T(t) − T₋X(t)), plus vol(C,X)·T(X) for the
// volume C sent to X itself (T of a buyer is 1). The work for X is that of
// its upstream markets and their clusters' ties, not of the whole network;
// TestResilienceMatchesRecompute checks the result against analysing the
// network without X afresh.
func (a *Analysis) resilience(ci *chainIndex, targets [][]target) []Resilience {
	nw := a.Network
	up := nw.newUpstream(ci)
	ch := newChain(nw.g, ci, ci.one, 1)
	base := ch.solve(ci.all(), -1, nil)
	total := func(F []share) float64 {
		if len(F) == 0 {
			return 0
		}
		return F[0].f
	}
	R := make([]float64, len(nw.clusters))
	for c := range R {
		var r neumaier.Sum
		for _, t := range targets[c] {
			if ci.bpos[t.node] >= 0 {
				r.Add(t.vol)
			} else {
				r.Add(t.vol * total(base[ci.mpos[t.node]]))
			}
		}
		R[c] = r.Value()
	}
	// by[v] lists the clusters with volume to node v, by cluster.
	byStart := make([]int32, len(nw.nodes)+1)
	for _, ts := range targets {
		for _, t := range ts {
			byStart[t.node+1]++
		}
	}
	for v := range nw.nodes {
		byStart[v+1] += byStart[v]
	}
	next := slices.Clone(byStart[:len(nw.nodes)])
	type tie struct {
		c   int32
		vol float64
	}
	by := make([]tie, byStart[len(nw.nodes)])
	for c, ts := range targets {
		for _, t := range ts {
			by[next[t.node]] = tie{int32(c), t.vol}
			next[t.node]++
		}
	}
	baseOf := func(q int32) []share { return base[q] }
	diff := make([]neumaier.Sum, len(nw.clusters))
	hit := make([]bool, len(nw.clusters))
	var touched []int32
	lose := func(v int32, dt float64) {
		if dt == 0 {
			return
		}
		for _, tc := range by[byStart[v]:byStart[v+1]] {
			if !hit[tc.c] {
				hit[tc.c] = true
				touched = append(touched, tc.c)
			}
			diff[tc.c].Add(tc.vol * dt)
		}
	}
	var res []Resilience
	for _, x := range append(append([]int32{}, ci.markets...), ci.buyers...) {
		set := up.of(x)
		T := ch.solve(set, x, baseOf)
		touched = touched[:0]
		for i, p := range set {
			lose(ci.markets[p], total(base[p])-total(T[i]))
		}
		if p := ci.mpos[x]; p >= 0 {
			lose(x, total(base[p]))
		} else {
			lose(x, 1)
		}
		slices.Sort(touched)
		r := Resilience{Node: x, WorstCluster: -1}
		var risk neumaier.Sum
		for _, c := range touched {
			d := diff[c].Value()
			diff[c], hit[c] = neumaier.Sum{}, false
			if math.Abs(d) <= riskEpsilon*R[c] {
				continue
			}
			risk.Add(d)
			if d < 0 {
				continue // X's absence sends more of C to the other buyers
			}
			r.ClustersAffected++
			if s := shareOf(d, a.Clusters[c].OutVolume); r.WorstCluster < 0 || s > r.WorstShare {
				r.WorstCluster, r.WorstShare = c, s
			}
		}
		r.VolumeAtRisk = risk.Value()
		res = append(res, r)
	}
	return res
}

// upstream finds the markets whose shares depend on a node: those with a
// link of positive volume to it, and the markets that pass goods on to
// those, through any chain of markets.
type upstream struct {
	nw       *Network
	ci       *chainIndex
	affected []bool
	list     []int32
	// gone, if not nil, marks nodes out of the network: a market gone
	// passes nothing on.
	gone []bool
}

func (nw *Network) newUpstream(ci *chainIndex) *upstream {
	return &upstream{nw: nw, ci: ci, affected: make([]bool, len(ci.markets))}
}

// of returns the positions of the markets that can reach x, x left out,
// in increasing order. The slice is reused by the next call.
func (up *upstream) of(x int32) []int32 {
	for _, i := range up.list {
		up.affected[i] = false
	}
	list := up.list[:0]
	mark := func(p int32) {
		if up.gone != nil && up.gone[up.ci.markets[p]] {
			return
		}
		if !up.affected[p] {
			up.affected[p] = true
			list = append(list, p)
		}
	}
	g := up.nw.g
	if p := up.ci.mpos[x]; p >= 0 {
		mark(p) // a cycle through x must not bring it back
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
	out := list
	if p := up.ci.mpos[x]; p >= 0 {
		out = list[1:]
	}
	res := slices.Clone(out)
	slices.Sort(res)
	return res
}

// all returns every market position, in order.
func (ci *chainIndex) all() []int32 {
	p := make([]int32, len(ci.markets))
	for i := range p {
		p[i] = int32(i)
	}
	return p
}
