package louvain

import (
	"math"
	"math/rand/v2"
	"slices"
)

// This file is an array-based replica of gonum v0.17.0's
// community.Modularize(g, 1, src) for an undirected graph (the functions
// louvainUndirected, reduceUndirected and undirectedLocalMover in
// graph/community/louvain_undirected.go). It makes the same moves in the
// same order from the same random numbers and adds every floating-point
// sum in the same order, so the partition is identical, not merely as
// good. What differs is the bookkeeping: gonum keeps the reduced graphs'
// weights in maps and, for every candidate community of every visited
// node, walks all of its members to sum their degrees and look up their
// ties, which is quadratic in the community size. Here a visit costs
// O(d log d) for a node of d ties, and most visits are skipped:
//
//   - the weight from the node into each neighbouring community is summed
//     over the node's own ties, sorted by the position of the neighbour in
//     its community's member list — gonum's summation order, which only
//     adds zeros in between;
//   - each community's total degree is a running prefix sum over its
//     member list, kept per member and recomputed only from the first
//     position a move has disturbed (gonum removes a member by moving the
//     last one into its place and adds one at the end); a running total
//     with an error bound stands in for it when the bound cannot change
//     the decision (decideWithin);
//   - a visit that leaves a node where it is records bounds on its gains;
//     later visits are skipped while the moves made since cannot have
//     changed the decision (certify, stays).
//
// Each shortcut is taken only when it provably yields gonum's decision;
// TestLouvainMatchesGonum compares the communities member for member.

// louvainLevel is one level of the hierarchy: an undirected graph whose
// node i is a community of the level below. Each tie is stored in both
// directions with the same weight; neighbours appear in gonum's order
// (ascending at level 0, order of discovery above), self[i] is the
// weight inside node i.
type louvainLevel struct {
	start []int32
	adj   []int32
	w     []float64
	self  []float64
}

func (lv *louvainLevel) order() int { return len(lv.start) - 1 }

func (lv *louvainLevel) degree(v int32) int { return int(lv.start[v+1] - lv.start[v]) }

// louvainEntry is a tie of the node being visited, keyed for sorting by
// (community, position of the neighbour in it).
type louvainEntry struct {
	key uint64
	w   float64
}

// louvainCand is a community the visited node could join or stay in.
type louvainCand struct {
	c   int32
	kaC float64 // weight of the node's ties into c, summed in gonum's order
	// sigma is the summed degree of c's members; bound bounds its
	// distance from gonum's sum, 0 when it is gonum's sum.
	sigma, bound float64
}

// louvainMover is gonum's undirectedLocalMover over a louvainLevel.
type louvainMover struct {
	lv    *louvainLevel
	nodes []int32   // visiting order, reshuffled before each pass
	k     []float64 // weighted degree, self weight included
	m2    float64
	comms [][]int32 // members of each community, in gonum's order
	nd    []louvainNode
	cs    []louvainComm
	// prefix[v] is the sum of k over the members of v's community up to
	// and including v, in member order, valid below the community's dirty.
	prefix []float64
	// integral is true when every weight is a whole number and their sum
	// is below 2⁵³: then every sum is exact, whatever its order.
	integral bool

	ent   []louvainEntry
	keys  []uint64
	wOf   []float64 // per node: the weight of its tie to the node in hand
	cands []louvainCand
	slot  []int32 // per community: its index in cands, or −1

	// moves is the running total of 2·k(x) over the moves made; stay[v]
	// says how far v is from moving (see certify).
	moves float64
	stay  []louvainStay

	moved, changed bool
	sink           int32
}

// louvainNode is where a node stands: its community and its position in
// the community's member list.
type louvainNode struct{ memb, pos int32 }

// louvainComm is what a visit needs to know of a community, in one place.
type louvainComm struct {
	// exact is the summed degree of the members in member order — gonum's
	// sum — when dirty ≥ size; dirty is the first member position whose
	// prefix sum is out of date.
	exact       float64
	dirty, size int32
	// approx is the summed degree kept up to date move by move, within
	// errb of the exact sum.
	approx, errb float64
}

const louvainClean = math.MaxInt32

func newLouvainMover(lv *louvainLevel) *louvainMover {
	n := lv.order()
	l := &louvainMover{
		lv:       lv,
		nodes:    make([]int32, n),
		k:        make([]float64, n),
		comms:    make([][]int32, n),
		nd:       make([]louvainNode, n),
		cs:       make([]louvainComm, n),
		prefix:   make([]float64, n),
		slot:     make([]int32, n),
		stay:     make([]louvainStay, n),
		wOf:      make([]float64, n),
		integral: true,
	}
	for i := 0; i < n; i++ {
		w := lv.self[i]
		l.integral = l.integral && w == math.Trunc(w)
		for _, x := range lv.w[lv.start[i]:lv.start[i+1]] {
			w += x
			l.integral = l.integral && x == math.Trunc(x)
		}
		l.k[i] = w
		l.m2 += w
	}
	if l.m2 == 0 {
		return nil
	}
	l.integral = l.integral && l.m2 <= 1<<53
	// Every node in a community of its own.
	members := make([]int32, n)
	for i := 0; i < n; i++ {
		l.nodes[i] = int32(i)
		members[i] = int32(i)
		l.comms[i] = members[i : i+1 : i+1]
		l.nd[i] = louvainNode{int32(i), 0}
		l.prefix[i] = l.k[i]
		l.cs[i] = louvainComm{exact: l.k[i], dirty: louvainClean, size: 1, approx: l.k[i]}
		l.slot[i] = -1
		l.stay[i].add = math.Inf(1)
	}
	return l
}

// localMovingHeuristic is gonum's: passes over the shuffled nodes until
// one moves nothing. It reports whether nothing moved at all.
func (l *louvainMover) localMovingHeuristic(rnd *rand.Rand) (done bool) {
	for {
		l.moved = false
		nodes := l.nodes
		for i := 0; i < len(nodes)-1; i++ {
			j := i + rnd.IntN(len(nodes)-i)
			nodes[i], nodes[j] = nodes[j], nodes[i]
		}
		var sink int32
		for i, v := range nodes {
			// Touch what the visit a few nodes ahead will read first, so
			// that its cache miss overlaps with this visit's work.
			if j := i + 16; j < len(nodes) {
				sink += int32(l.stay[nodes[j]].w)
			}
			if l.stays(v) {
				continue
			}
			move, dst, add, rem := l.decide(v)
			if move {
				l.move(v, dst)
			} else {
				l.certify(v, add, rem)
			}
		}
		l.sink += sink
		if !l.moved {
			return !l.changed
		}
	}
}

// louvainDeltaQTol is gonum's deltaQtol.
const louvainDeltaQTol = 1e-15

// unitRoundoff is the relative rounding error of one float64 operation.
const unitRoundoff = 0x1p-53

// sigmaTot returns the summed degree of the members of community c, added
// in member order.
func (l *louvainMover) sigmaTot(c int32) float64 {
	cs := &l.cs[c]
	if cs.dirty < cs.size {
		m := l.comms[c]
		p := 0.0
		if cs.dirty > 0 {
			p = l.prefix[m[cs.dirty-1]]
		}
		for _, v := range m[cs.dirty:] {
			p += l.k[v]
			l.prefix[v] = p
		}
		cs.exact = p
		cs.dirty = louvainClean
		// The sum in member order is within γ(size) of the exact sum.
		cs.approx = p
		cs.errb = p * gamma(int(cs.size)) * 1.01
	}
	return cs.exact
}

// gamma is the bound γ(n) = n·u/(1−n·u) on the relative error of a sum of
// n non-negative numbers added one by one.
func gamma(n int) float64 {
	nu := float64(n) * unitRoundoff
	return nu / (1 - nu)
}

// sigma returns the summed degree of community c's members, gonum's sum
// or, when that would need recomputing, the running sum and a bound on
// its distance from gonum's.
func (l *louvainMover) sigma(c int32) (float64, float64) {
	cs := &l.cs[c]
	if l.integral {
		return cs.approx, 0
	}
	if cs.dirty >= cs.size {
		return cs.exact, 0
	}
	r, e := cs.approx, cs.errb
	return r, (e + gamma(int(cs.size))*(r+e)) * 1.01
}

// gather lists the communities of v's neighbours and v's own, ascending,
// with the weight of v's ties into each summed in gonum's order: by the
// position of the neighbour in the community's member list, v's own
// weight at its own position.
func (l *louvainMover) gather(v int32) []louvainCand {
	lv := l.lv
	s, e := lv.start[v], lv.start[v+1]
	cands := l.cands[:0]
	if l.integral {
		// Whole numbers: any order gives the same sums.
		add := func(c int32, w float64) {
			i := l.slot[c]
			if i < 0 {
				i = int32(len(cands))
				l.slot[c] = i
				cands = append(cands, louvainCand{c: c})
			}
			cands[i].kaC += w
		}
		for i, u := range lv.adj[s:e] {
			add(l.nd[u].memb, lv.w[int(s)+i])
		}
		add(l.nd[v].memb, lv.self[v])
		for _, c := range cands {
			l.slot[c.c] = -1
		}
		if len(cands) < 12 {
			for i := 1; i < len(cands); i++ {
				for j := i; j > 0 && cands[j].c < cands[j-1].c; j-- {
					cands[j], cands[j-1] = cands[j-1], cands[j]
				}
			}
		} else {
			slices.SortFunc(cands, func(a, b louvainCand) int { return int(a.c - b.c) })
		}
		l.cands = cands
		return cands
	}
	if e-s >= 32 {
		return l.gatherMany(v)
	}
	ent := l.ent[:0]
	for i, u := range lv.adj[s:e] {
		x := l.nd[u]
		ent = append(ent, louvainEntry{uint64(x.memb)<<32 | uint64(x.pos), lv.w[int(s)+i]})
	}
	x := l.nd[v]
	ent = append(ent, louvainEntry{uint64(x.memb)<<32 | uint64(x.pos), lv.self[v]})
	for i := 1; i < len(ent); i++ {
		for j := i; j > 0 && ent[j].key < ent[j-1].key; j-- {
			ent[j], ent[j-1] = ent[j-1], ent[j]
		}
	}
	l.ent = ent
	for i := 0; i < len(ent); {
		c := int32(ent[i].key >> 32)
		var kaC float64
		for ; i < len(ent) && int32(ent[i].key>>32) == c; i++ {
			kaC += ent[i].w
		}
		cands = append(cands, louvainCand{c: c, kaC: kaC})
	}
	l.cands = cands
	return cands
}

// gatherMany is gather for a node with many ties: it sorts bare
// (community, position) keys and finds each tie's weight again through
// the member at that position, which is faster than sorting records.
func (l *louvainMover) gatherMany(v int32) []louvainCand {
	lv := l.lv
	s, e := lv.start[v], lv.start[v+1]
	keys := l.keys[:0]
	for i, u := range lv.adj[s:e] {
		x := l.nd[u]
		keys = append(keys, uint64(x.memb)<<32|uint64(x.pos))
		l.wOf[u] = lv.w[int(s)+i]
	}
	x := l.nd[v]
	keys = append(keys, uint64(x.memb)<<32|uint64(x.pos))
	l.wOf[v] = lv.self[v]
	slices.Sort(keys)
	cands := l.cands[:0]
	for i := 0; i < len(keys); {
		c := int32(keys[i] >> 32)
		m := l.comms[c]
		var kaC float64
		for ; i < len(keys) && int32(keys[i]>>32) == c; i++ {
			kaC += l.wOf[m[uint32(keys[i])]]
		}
		cands = append(cands, louvainCand{c: c, kaC: kaC})
	}
	for _, u := range lv.adj[s:e] {
		l.wOf[u] = 0
	}
	l.wOf[v] = 0
	l.keys, l.cands = keys, cands
	return cands
}

// decide is gonum's undirectedLocalMover.deltaQ at resolution 1 and the
// test of its result: whether v moves, and where to. The summed degrees of
// the candidate communities are gonum's sums where they are at hand; where
// one would have to be recomputed, the running sum stands in for it and
// the decision is taken only if the bound on its error cannot change it —
// otherwise the sums are recomputed and the decision is gonum's to the
// last bit.
//
// When v stays, add and rem bound gonum's dQadd from above and dQremove
// from below, for certify.
func (l *louvainMover) decide(v int32) (move bool, dst int32, add, rem float64) {
	const gamma = 1.0
	a_aa := l.lv.self[v]
	k_a := l.k[v]
	m2 := l.m2
	own := l.nd[v].memb
	cands := l.gather(v)
	approx := false
	for i := range cands {
		c := &cands[i]
		c.sigma, c.bound = l.sigma(c.c)
		approx = approx || c.bound > 0
	}
	if approx {
		if move, dst, add, rem, sure := l.decideWithin(v, cands); sure {
			return move, dst, add, rem
		}
		for i := range cands {
			if c := &cands[i]; c.bound > 0 {
				c.sigma, c.bound = l.sigmaTot(c.c), 0
			}
		}
	}
	var dQremove float64
	dQadd, dst := math.Inf(-1), int32(-1)
	for _, c := range cands {
		k_aC, sigma_totC := c.kaC, c.sigma
		if c.c == own {
			dQremove = k_aC - a_aa - gamma*k_a*(sigma_totC-k_a)/m2
		} else {
			dQ := k_aC - gamma*k_a*sigma_totC/m2
			if dQ > dQadd {
				dQadd = dQ
				dst = c.c
			}
		}
	}
	dQ := 2 * (dQadd - dQremove) / m2
	return !(dQ <= louvainDeltaQTol) && dst >= 0, dst, dQadd, dQremove
}

// louvainStay is what a visit that left a node in place proved: gonum's
// dQadd was at most add and its dQremove at least rem, when the running
// total of moves was t0; kq = k(v)/2m. w adds up the weights of the node's
// ties to neighbours that have moved since.
type louvainStay struct {
	t0, add, rem, kq, w float64
}

// certify records what decide found when v stayed, so that later visits
// can be skipped while they are sure to leave v in place too (stays).
// The bounds are widened by the rounding that changes when members change
// places in their lists: each sum is within γ(terms) of the exact one.
func (l *louvainMover) certify(v int32, add, rem float64) {
	k := l.k[v]
	n := float64(len(l.nodes) + l.lv.degree(v) + 8)
	slack := 12 * n * unitRoundoff * (k + l.lv.self[v])
	l.stay[v] = louvainStay{t0: l.moves, add: add + slack, rem: rem - slack, kq: k / l.m2 * (1 + 1e-9)}
}

// stays reports whether v is sure to stay where it is: gonum's gain for
// moving, 2·(dQadd − dQremove)/2m, cannot have reached the tolerance since
// certify. What has changed since is bounded two ways:
//   - a neighbour x that moved changed the weight of v's ties into its old
//     and new community by w(v,x) each: dQadd grows and dQremove shrinks
//     by at most the sum w of those weights, and a community v had no tie
//     to before offers a gain of at most w;
//   - every move of a node x changes the summed degrees of two
//     communities by k(x) each; moves adds up 2·k(x). The summed degrees
//     of a community c and of v's own change by Δ(c) + Δ(own) ≤ Δmoves
//     together, so dQ(c) − dQremove grows by at most k(v)·Δmoves/2m.
func (l *louvainMover) stays(v int32) bool {
	const u = unitRoundoff
	st := &l.stay[v]
	// The running total drifts by rounding: 1e-6 of it covers 10¹⁰ moves.
	d := st.kq * (l.moves - st.t0 + 1e-6*l.moves)
	w := st.w * (1 + 1e-9)
	add := max(st.add+w, w)
	rem := st.rem - w - d
	hi := 2 * (add - rem) / l.m2
	return hi+8*u*math.Abs(hi) < louvainDeltaQTol
}

// decideWithin takes decide's decision from summed degrees known only
// within their bounds, and reports whether it is sure to be gonum's, with
// an upper bound of gonum's gain when it decides to stay.
// Each gain is computed as gonum does; its distance from gonum's value is
// bounded by the effect of the sum's bound and of rounding the other way.
func (l *louvainMover) decideWithin(v int32, cands []louvainCand) (move bool, dst int32, add, rem float64, sure bool) {
	const u = unitRoundoff
	a_aa := l.lv.self[v]
	k_a := l.k[v]
	m2 := l.m2
	own := l.nd[v].memb
	var remErr float64
	best, bestVal, bestErr := -1, math.Inf(-1), 0.0
	upper := math.Inf(-1) // largest gain any other community could have
	for i, c := range cands {
		if c.c == own {
			rem = c.kaC - a_aa - k_a*(c.sigma-k_a)/m2
			if c.bound > 0 {
				remErr = 1.01*k_a*c.bound/m2 + 8*u*(k_a*(c.sigma+c.bound+k_a)/m2+c.kaC+a_aa+math.Abs(rem))
			}
			continue
		}
		val := c.kaC - k_a*c.sigma/m2
		err := 0.0
		if c.bound > 0 {
			err = 1.01*k_a*c.bound/m2 + 8*u*(k_a*(c.sigma+c.bound)/m2+c.kaC+math.Abs(val))
		}
		upper = math.Max(upper, val+err)
		if val > bestVal {
			best, bestVal, bestErr = i, val, err
		}
	}
	if best < 0 {
		return false, -1, math.Inf(-1), rem - remErr, true // nowhere to go
	}
	// Sure not to move: even the best any community could offer is below
	// the tolerance.
	if hi := 2 * (upper - (rem - remErr)) / m2; hi+8*u*math.Abs(hi) < louvainDeltaQTol {
		return false, -1, upper, rem - remErr, true
	}
	// Sure to move to best: it beats every other candidate and the
	// tolerance whatever the sums' errors.
	for i, c := range cands {
		if i == best || c.c == own {
			continue
		}
		val := c.kaC - k_a*c.sigma/m2
		err := 0.0
		if c.bound > 0 {
			err = 1.01*k_a*c.bound/m2 + 8*u*(k_a*(c.sigma+c.bound)/m2+c.kaC+math.Abs(val))
		}
		if !(bestVal-bestErr > val+err) {
			return false, -1, 0, 0, false
		}
	}
	if lo := 2 * ((bestVal - bestErr) - (rem + remErr)) / m2; lo-8*u*math.Abs(lo) > louvainDeltaQTol {
		return true, cands[best].c, 0, 0, true
	}
	return false, -1, 0, 0, false
}

// move is gonum's: v is taken out of its community by moving that
// community's last member into its place, and appended to dst.
func (l *louvainMover) move(v, dst int32) {
	l.moved = true
	l.changed = true
	src, p := l.nd[v].memb, l.nd[v].pos
	kv := l.k[v]
	l.moves += 2 * kv
	l.stay[v].add = math.Inf(1)
	lv := l.lv
	s, e := lv.start[v], lv.start[v+1]
	for i, u := range lv.adj[s:e] {
		l.stay[u].w += lv.w[int(s)+i]
	}

	// Out of src: its last member takes v's place.
	cs := &l.cs[src]
	ms := l.comms[src]
	last := ms[len(ms)-1]
	ms[p] = last
	l.nd[last].pos = p
	l.comms[src] = ms[:len(ms)-1]
	cs.size--
	switch {
	case p < cs.size:
		cs.dirty = min(cs.dirty, p)
	case cs.size == 0:
		cs.exact = 0
	case cs.dirty >= cs.size: // the prefix sums up to the new last member hold
		cs.exact = l.prefix[ms[cs.size-1]]
	}
	cs.approx -= kv
	if !l.integral {
		cs.errb += unitRoundoff * math.Abs(cs.approx)
	}

	// Onto the end of dst.
	cd := &l.cs[dst]
	if cd.dirty >= cd.size {
		cd.exact += kv
		l.prefix[v] = cd.exact
	}
	l.nd[v] = louvainNode{dst, cd.size}
	l.comms[dst] = append(l.comms[dst], v)
	cd.size++
	cd.approx += kv
	if !l.integral {
		cd.errb += unitRoundoff * math.Abs(cd.approx)
	}
}

// reduce is gonum's reduceUndirected: empty communities are dropped (the
// last one taking the place of each), and each community becomes a node
// of the next level. It returns that level and the communities it was
// made from.
func (l *louvainMover) reduce() (*louvainLevel, [][]int32) {
	comms := l.comms
	for i := 0; i < len(comms); {
		if len(comms[i]) == 0 {
			comms[i] = comms[len(comms)-1]
			comms = comms[:len(comms)-1]
		} else {
			i++
		}
	}
	lv := l.lv
	nc := len(comms)
	commOf := make([]int32, lv.order()) // the community of each node, renumbered
	pos := make([]int32, lv.order())    // position of each node in its community
	for c, m := range comms {
		for i, v := range m {
			commOf[v], pos[v] = int32(c), int32(i)
		}
	}
	next := &louvainLevel{
		start: make([]int32, nc+1),
		self:  make([]float64, nc),
	}
	slot := make([]int32, nc) // position of a neighbour community in the list being built, or −1
	for i := range slot {
		slot[i] = -1
	}
	type tie struct {
		pos int32
		w   float64
	}
	var inner []tie
	nForward := 0
	for c, m := range comms {
		first := len(next.adj)
		self := 0.0
		for i, u := range m {
			self += lv.self[u]
			inner = inner[:0]
			s, e := lv.start[u], lv.start[u+1]
			for j, v := range lv.adj[s:e] {
				w := lv.w[int(s)+j]
				vc := commOf[v]
				if vc == int32(c) {
					if pos[v] > int32(i) {
						inner = append(inner, tie{pos[v], w})
					}
					continue
				}
				at := slot[vc]
				if at < 0 {
					at = int32(len(next.adj))
					slot[vc] = at
					next.adj = append(next.adj, vc)
					next.w = append(next.w, 0)
					if int32(c) < vc {
						nForward++
					}
				}
				if int32(c) < vc {
					next.w[at] += w
				}
			}
			slices.SortFunc(inner, func(a, b tie) int { return int(a.pos - b.pos) })
			for _, t := range inner {
				self += 2 * t.w
			}
		}
		for _, vc := range next.adj[first:] {
			slot[vc] = -1
		}
		next.self[c] = self
		next.start[c+1] = int32(len(next.adj))
	}
	// A tie to a community with a smaller number carries the weight summed
	// from that community's side, as gonum stores each tie once.
	cnt := make([]int32, nc+1)
	for c := 0; c < nc; c++ {
		for _, vc := range next.adj[next.start[c]:next.start[c+1]] {
			if int32(c) < vc {
				cnt[vc+1]++
			}
		}
	}
	for c := 0; c < nc; c++ {
		cnt[c+1] += cnt[c]
	}
	fromC := make([]int32, nForward)
	fromW := make([]float64, nForward)
	fill := slices.Clone(cnt[:nc])
	for c := 0; c < nc; c++ {
		s, e := next.start[c], next.start[c+1]
		for j, vc := range next.adj[s:e] {
			if int32(c) < vc {
				fromC[fill[vc]], fromW[fill[vc]] = int32(c), next.w[int(s)+j]
				fill[vc]++
			}
		}
	}
	wOf := make([]float64, nc)
	for c := 0; c < nc; c++ {
		for x := cnt[c]; x < cnt[c+1]; x++ {
			wOf[fromC[x]] = fromW[x]
		}
		s, e := next.start[c], next.start[c+1]
		for j, vc := range next.adj[s:e] {
			if vc < int32(c) {
				next.w[int(s)+j] = wOf[vc]
			}
		}
	}
	return next, comms
}

// Communities returns the communities gonum's community.Modularize(g, 1,
// src) finds on the undirected graph with sorted neighbour lists
// adj[start[v]:start[v+1]] and tie weights w (nil: every tie weighs 1), as
// ReducedGraph.Communities() lists them: same communities, same order,
// same member order.
func Communities(start, adj []int32, w []float64, src rand.Source) [][]int32 {
	n := len(start) - 1
	if w == nil {
		w = make([]float64, len(adj))
		for i := range w {
			w[i] = 1
		}
	}
	lv := &louvainLevel{start: start, adj: adj, w: w, self: make([]float64, n)}
	rnd := rand.New(src)
	var levels [][][]int32
	for {
		l := newLouvainMover(lv)
		if l == nil || l.localMovingHeuristic(rnd) {
			break
		}
		var comms [][]int32
		lv, comms = l.reduce()
		levels = append(levels, comms)
	}
	// Expand the top level's nodes down to the original nodes.
	res := make([][]int32, n)
	for i := range res {
		res[i] = []int32{int32(i)}
	}
	for _, comms := range levels {
		next := make([][]int32, len(comms))
		for c, m := range comms {
			size := 0
			for _, v := range m {
				size += len(res[v])
			}
			out := make([]int32, 0, size)
			for _, v := range m {
				out = append(out, res[v]...)
			}
			next[c] = out
		}
		res = next
	}
	return res
}
