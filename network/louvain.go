package network

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
// O(d log d) for a node of d ties:
//
//   - the weight from the node into each neighbouring community is summed
//     over the node's own ties, sorted by the position of the neighbour in
//     its community's member list — gonum's summation order, which only
//     adds zeros in between;
//   - each community's total degree is a running prefix sum over its
//     member list, kept per member and recomputed only from the first
//     position a move has disturbed (gonum removes a member by moving the
//     last one into its place and adds one at the end).

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

// louvainEntry is a tie of the node being visited, keyed for sorting by
// (community, position of the neighbour in it).
type louvainEntry struct {
	key uint64
	w   float64
}

// louvainMover is gonum's undirectedLocalMover over a louvainLevel.
type louvainMover struct {
	lv    *louvainLevel
	nodes []int32   // visiting order, reshuffled before each pass
	k     []float64 // weighted degree, self weight included
	m2    float64
	comms [][]int32 // members of each community, in gonum's order
	memb  []int32   // community of each node
	pos   []int32   // position of each node in its community
	// prefix[v] is the sum of k over the members of v's community up to
	// and including v, in member order, valid below dirty[community].
	prefix []float64
	dirty  []int32
	ent    []louvainEntry

	moved, changed bool
}

const louvainClean = math.MaxInt32

func newLouvainMover(lv *louvainLevel) *louvainMover {
	n := lv.order()
	l := &louvainMover{
		lv:     lv,
		nodes:  make([]int32, n),
		k:      make([]float64, n),
		comms:  make([][]int32, n),
		memb:   make([]int32, n),
		pos:    make([]int32, n),
		prefix: make([]float64, n),
		dirty:  make([]int32, n),
	}
	for i := 0; i < n; i++ {
		w := lv.self[i]
		for _, x := range lv.w[lv.start[i]:lv.start[i+1]] {
			w += x
		}
		l.k[i] = w
		l.m2 += w
	}
	if l.m2 == 0 {
		return nil
	}
	// Every node in a community of its own.
	members := make([]int32, n)
	for i := 0; i < n; i++ {
		l.nodes[i] = int32(i)
		members[i] = int32(i)
		l.comms[i] = members[i : i+1 : i+1]
		l.memb[i] = int32(i)
		l.prefix[i] = l.k[i]
		l.dirty[i] = louvainClean
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
		for _, v := range nodes {
			dQ, dst := l.deltaQ(v)
			if dQ <= louvainDeltaQTol {
				continue
			}
			l.move(v, dst)
		}
		if !l.moved {
			return !l.changed
		}
	}
}

// louvainDeltaQTol is gonum's deltaQtol.
const louvainDeltaQTol = 1e-15

// sigmaTot returns the summed degree of the members of community c, added
// in member order.
func (l *louvainMover) sigmaTot(c int32) float64 {
	m := l.comms[c]
	if d := l.dirty[c]; int(d) < len(m) {
		p := 0.0
		if d > 0 {
			p = l.prefix[m[d-1]]
		}
		for _, v := range m[d:] {
			p += l.k[v]
			l.prefix[v] = p
		}
		l.dirty[c] = louvainClean
	}
	return l.prefix[m[len(m)-1]]
}

// deltaQ is gonum's undirectedLocalMover.deltaQ at resolution 1: the
// modularity gain of the best move of v and its destination.
func (l *louvainMover) deltaQ(v int32) (float64, int32) {
	const gamma = 1.0
	lv := l.lv
	a_aa := lv.self[v]
	k_a := l.k[v]
	m2 := l.m2
	own := l.memb[v]

	ent := l.ent[:0]
	s, e := lv.start[v], lv.start[v+1]
	for i, u := range lv.adj[s:e] {
		ent = append(ent, louvainEntry{uint64(l.memb[u])<<32 | uint64(l.pos[u]), lv.w[int(s)+i]})
	}
	ent = append(ent, louvainEntry{uint64(own)<<32 | uint64(l.pos[v]), a_aa})
	if len(ent) < 12 {
		for i := 1; i < len(ent); i++ {
			for j := i; j > 0 && ent[j].key < ent[j-1].key; j-- {
				ent[j], ent[j-1] = ent[j-1], ent[j]
			}
		}
	} else {
		slices.SortFunc(ent, func(a, b louvainEntry) int {
			switch {
			case a.key < b.key:
				return -1
			case a.key > b.key:
				return 1
			}
			return 0
		})
	}
	l.ent = ent

	var dQremove float64
	dQadd, dst := math.Inf(-1), int32(-1)
	for i := 0; i < len(ent); {
		c := int32(ent[i].key >> 32)
		var k_aC float64
		for ; i < len(ent) && int32(ent[i].key>>32) == c; i++ {
			k_aC += ent[i].w
		}
		sigma_totC := l.sigmaTot(c)
		if c == own {
			dQremove = k_aC - a_aa - gamma*k_a*(sigma_totC-k_a)/m2
		} else {
			dQ := k_aC - gamma*k_a*sigma_totC/m2
			if dQ > dQadd {
				dQadd = dQ
				dst = c
			}
		}
	}
	return 2 * (dQadd - dQremove) / m2, dst
}

// move is gonum's: v is taken out of its community by moving that
// community's last member into its place, and appended to dst.
func (l *louvainMover) move(v, dst int32) {
	l.moved = true
	l.changed = true
	src, p := l.memb[v], l.pos[v]

	ms := l.comms[src]
	last := ms[len(ms)-1]
	ms[p] = last
	l.pos[last] = p
	l.comms[src] = ms[:len(ms)-1]
	if int(p) < len(ms)-1 && p < l.dirty[src] {
		l.dirty[src] = p
	}

	md := l.comms[dst]
	if int(l.dirty[dst]) >= len(md) {
		prev := 0.0
		if len(md) > 0 {
			prev = l.prefix[md[len(md)-1]]
		}
		l.prefix[v] = prev + l.k[v]
	}
	l.memb[v] = dst
	l.pos[v] = int32(len(md))
	l.comms[dst] = append(md, v)
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
	commOf := l.memb // reused: the community of each node, renumbered
	pos := l.pos     // position of each node in its community
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

// louvain returns the communities gonum's community.Modularize(g, 1, src)
// finds on the undirected graph with sorted neighbour lists adj[start[v]:
// start[v+1]] and tie weights w (nil: every tie weighs 1), as
// ReducedGraph.Communities() lists them: same communities, same order,
// same member order.
func louvain(start, adj []int32, w []float64, src rand.Source) [][]int32 {
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
