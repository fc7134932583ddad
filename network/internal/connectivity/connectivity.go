package connectivity

import (
	"context"
	"slices"

	"clusterchain/network/internal/digraph"
	"clusterchain/network/internal/structure"
)

// Index is what every Solver of one graph shares, computed once: the
// nodes reachable from the graph's largest strongly connected component
// (its core). A source set that reaches the core reaches all of them, so a
// Solver needs to search only the rest of what its sources reach (see
// From). An Index is immutable and safe for concurrent use.
type Index struct {
	g      *digraph.Graph
	inCore []bool // reachable from the core (the core included)
}

// NewIndex returns the Index of g, in O(n + m).
func NewIndex(g *digraph.Graph) *Index {
	n := g.Order()
	ix := &Index{g: g, inCore: make([]bool, n)}
	if n == 0 {
		return ix
	}
	comp, count := structure.Components(g)
	size := make([]int32, count)
	for _, c := range comp {
		size[c]++
	}
	core := int32(0)
	for c := int32(1); int(c) < count; c++ {
		if size[c] > size[core] {
			core = c
		}
	}
	var q []int32
	for v, c := range comp {
		if c == core {
			ix.inCore[v] = true
			q = append(q, int32(v))
		}
	}
	for k := 0; k < len(q); k++ {
		for _, w := range g.Out(q[k]) {
			if !ix.inCore[w] {
				ix.inCore[w] = true
				q = append(q, w)
			}
		}
	}
	return ix
}

// Solver computes local node connectivities on one graph. It keeps
// scratch space between calls, so it is not safe for concurrent use; make
// one Solver per goroutine.
type Solver struct {
	g  *digraph.Graph
	ix *Index
	n  int32

	// The current source set (From), and per node its membership, whether
	// the sources may reach it, and the flow.
	sources  []int32
	node     []nodeState
	srcEpoch uint32
	touched  []int32

	// dist[v] is the number of arcs on a shortest path v → target in G
	// (−1: none), for the target labelled last (Label).
	dist     []int32
	labelled int32

	// The greedy packing: its dead ends (dead[v] == deadEpoch), the
	// sources in the order tried, and the search stack.
	dead      []uint32
	deadEpoch uint32
	order     []int32
	stack     []frame

	// The two searches of one augmentation over the split states: in(v) =
	// 2v, out(v) = 2v+1, the root 2n.
	state []searchState
	epoch uint32
	queue []int32
	front [4][]int32 // frontier buffers of the two searches
	path  []int32

	stats Stats
}

// Stats counts a Solver's work since it was made: targets labelled,
// channels laid by the greedy packing and by augmenting paths, the
// augmenting-path searches that found none, and the split states those
// searches reached.
type Stats struct {
	Labels, Greedy, Augmented, Failed int
	States                            int64
}

// Stats returns the work done so far.
func (s *Solver) Stats() Stats { return s.stats }

const none = -1

// nodeState is one node's part of the current problem. The flow is a set
// of node-disjoint paths: via is the node whose out-half sends flow into
// this node's in-half (n, the root, for an arc r → v), next the node its
// out-half sends flow to; both −1 when the node carries no flow. source
// equals the Solver's srcEpoch when the node is a source, and near when
// the sources reach it without passing the core's reach (From).
type nodeState struct {
	via, next    int32
	source, near uint32
}

// searchState is one split state's part of an augmenting-path search:
// fwd is the state it was reached from by the search from the root, valid
// when fstamp is the Solver's epoch; bwd the state it leads to on the way
// to t, valid when bstamp is.
type searchState struct {
	fstamp, bstamp uint32
	fwd, bwd       int32
}

// New returns a Solver for g with an Index of its own.
func New(g *digraph.Graph) *Solver { return NewIndex(g).Solver() }

// Solver returns a new Solver on the Index's graph.
func (ix *Index) Solver() *Solver {
	g := ix.g
	n := g.Order()
	s := &Solver{g: g, ix: ix, n: int32(n), node: make([]nodeState, n), state: make([]searchState, 2*n+1),
		dist: make([]int32, n), labelled: none, dead: make([]uint32, n)}
	for i := range s.node {
		s.node[i].via, s.node[i].next = none, none
	}
	return s
}

// From sets the sources: the nodes the virtual root r links to (ids
// outside 0…n−1 are ignored, duplicates merged). It returns their number.
//
// It also marks the nodes the sources may reach, for the searches of To:
// the core's reach (Index) plus what a breadth-first search from the
// sources finds without entering the core's reach. That is a superset of
// what they reach (all of it when they reach the core), found at the cost
// of the part outside the core's reach only.
func (s *Solver) From(sources []int32) int {
	s.srcEpoch++
	if s.srcEpoch == 0 { // wrapped: clear the stamps
		for i := range s.node {
			s.node[i].source, s.node[i].near = 0, 0
		}
		s.srcEpoch = 1
	}
	s.sources = s.sources[:0]
	for _, v := range sources {
		if v >= 0 && v < s.n && s.node[v].source != s.srcEpoch {
			s.node[v].source = s.srcEpoch
			s.sources = append(s.sources, v)
		}
	}
	slices.Sort(s.sources)
	q := s.queue[:0]
	for _, v := range s.sources {
		s.node[v].near = s.srcEpoch
		q = append(q, v)
	}
	core := s.ix.inCore
	for k := 0; k < len(q); k++ {
		if core[q[k]] {
			continue
		}
		for _, w := range s.g.Out(q[k]) {
			if s.node[w].near != s.srcEpoch {
				s.node[w].near = s.srcEpoch
				q = append(q, w)
			}
		}
	}
	s.queue = q
	return len(s.sources)
}

// mayReach reports whether the current sources may reach v (a superset
// of what they reach: see From).
func (s *Solver) mayReach(v int32) bool { return s.ix.inCore[v] || s.node[v].near == s.srcEpoch }

// IsSource reports whether v is one of the current sources.
func (s *Solver) IsSource(v int32) bool {
	return v >= 0 && v < s.n && s.srcEpoch > 0 && s.node[v].source == s.srcEpoch
}

// Label prepares target t: a breadth-first search backwards from t gives
// every node its distance to t in G, O(n + m). To labels its target when
// it is not the one labelled last, so a caller with many source sets per
// target labels once for all of them.
func (s *Solver) Label(t int32) {
	if t < 0 || t >= s.n || s.labelled == t {
		return
	}
	s.stats.Labels++
	for i := range s.dist {
		s.dist[i] = none
	}
	s.dist[t] = 0
	q := append(s.queue[:0], t)
	for k := 0; k < len(q); k++ {
		v := q[k]
		d := s.dist[v] + 1
		for _, u := range s.g.In(v) {
			if s.dist[u] < 0 {
				s.dist[u] = d
				q = append(q, u)
			}
		}
	}
	s.queue = q
	s.labelled = t
}

// Reaches reports whether t is reachable from the current sources.
func (s *Solver) Reaches(t int32) bool {
	if t < 0 || t >= s.n || s.srcEpoch == 0 {
		return false
	}
	s.Label(t)
	for _, v := range s.sources {
		if s.dist[v] >= 0 {
			return true
		}
	}
	return false
}

// To returns the local node connectivity from the root r to t in G + r:
// the largest number of paths r → t that share no node besides r and t,
// i.e. the maximum flow from r's out-half to t's in-half when every node
// is split into an in-half and an out-half joined by an arc of capacity 1
// (NetworkX's build_auxiliary_node_connectivity). A source that is t
// itself is a direct arc r → t and counts as one path, as in NetworkX.
// 0 when t is not reachable or outside 0…n−1. ctx is checked first and
// every 16 augmenting paths.
//
// The flow starts from a greedy packing (pack) and is completed by
// shortest augmenting paths until none is left or it meets the bound of
// one path per source and per in-neighbour of t that the sources may
// reach: the result is the exact maximum whatever the packing laid.
func (s *Solver) To(ctx context.Context, t int32) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if !s.Reaches(t) {
		return 0, nil
	}
	flow := 0
	if s.node[t].source == s.srcEpoch {
		flow = 1 // the direct arc r → t
	}
	ins := 0
	for _, u := range s.g.In(t) {
		if s.mayReach(u) {
			ins++
		}
	}
	bound := min(len(s.sources)-flow, ins)
	defer s.reset()
	got := s.pack(t, bound)
	s.stats.Greedy += got
	for ; got < bound; got++ {
		if got&15 == 15 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		if !s.augmentingPath(t) {
			s.stats.Failed++
			break
		}
		s.stats.Augmented++
		s.augment(s.path, t)
	}
	return flow + got, nil
}

// slack is how far the greedy packing may move away from the target: an
// arc v → w is taken when dist(w) ≤ dist(v) + slack. With 0 it may walk
// along as well as towards t: on the generated networks of 20,000 firms it
// lays about half the channels of every pair (slack −1, towards t only:
// 43%), and more slack costs more search than it saves in augmenting
// paths.
const slack = 0

// frame is one node of the packing's depth-first search: the pass over
// its arcs (0: one step closer to t, 1: the others within slack) and the
// next arc.
type frame struct {
	v    int32
	pass int8
	k    int32
}

// pack lays node-disjoint paths source → t greedily, without rerouting,
// and returns how many (at most limit): a depth-first search from each
// source in turn, closest to t first, that tries the arcs towards t first
// (an arc v → w with dist(w) = dist(v) − 1) and then those that keep or
// lose a little distance (up to slack). A node is searched at most once:
// the search marks what it visits, and a node from which it failed cannot
// reach t without passing a node that is now on a path (the paths only
// grow), so it stays a dead end. The work is O(reach of the sources).
func (s *Solver) pack(t int32, limit int) int {
	s.deadEpoch++
	if s.deadEpoch == 0 {
		clear(s.dead)
		s.deadEpoch = 1
	}
	dist, nd, src, dead, de := s.dist, s.node, s.srcEpoch, s.dead, s.deadEpoch
	order := s.order[:0]
	for _, v := range s.sources {
		if v != t && dist[v] > 0 {
			order = append(order, v)
		}
	}
	slices.SortStableFunc(order, func(a, b int32) int { return int(dist[a] - dist[b]) })
	s.order = order
	laid := 0
	st := s.stack[:0]
	for _, f := range order {
		if laid == limit {
			break
		}
		if nd[f].via != none || dead[f] == de {
			continue
		}
		st = append(st[:0], frame{v: f})
		dead[f] = de
		found := false
		for len(st) > 0 && !found {
			top := &st[len(st)-1]
			v := top.v
			out := s.g.Out(v)
			dv := dist[v]
			next := int32(none)
			// Two passes over v's arcs: first one step closer to t, then
			// the others within the slack.
			for top.pass < 2 && next < 0 && !found {
				if int(top.k) == len(out) {
					top.pass++
					top.k = 0
					continue
				}
				w := out[top.k]
				top.k++
				dw := dist[w]
				if dw < 0 || (top.pass == 0) != (dw == dv-1) || dw > dv+slack {
					continue
				}
				if w == t {
					found = true
					break
				}
				if nd[w].source == src || nd[w].via != none || dead[w] == de {
					continue
				}
				next = w
			}
			switch {
			case found:
			case next >= 0:
				dead[next] = de
				st = append(st, frame{v: next})
			default:
				st = st[:len(st)-1]
			}
		}
		if !found {
			continue
		}
		path := s.path[:0]
		for _, fr := range st {
			path = append(path, fr.v)
		}
		s.path = path
		// st is the path f … u, and u → t.
		prev := s.n
		for i, v := range path {
			s.touch(v)
			nd[v].via = prev
			if i+1 < len(path) {
				nd[v].next = path[i+1]
			} else {
				nd[v].next = t
			}
			prev = v
		}
		laid++
	}
	s.stack = st
	return laid
}

// reset clears the flow of the last To.
func (s *Solver) reset() {
	for _, v := range s.touched {
		s.node[v].via, s.node[v].next = none, none
	}
	s.touched = s.touched[:0]
}

// augmentingPath finds a shortest path root → in(t) in the residual split
// graph by breadth-first searches from both ends, each step expanding the
// whole frontier of the side whose frontier has fewer arcs to scan, and
// leaves it in s.path. It reports false when either search runs out of
// states first: then no augmenting path exists, and the cost was about
// that of the smaller side of the minimum cut.
//
// The residual arcs (a state x → y): from the root, in(v) for every source
// v ≠ t whose arc r → v is unused; from in(v), out(v) when v carries no
// flow, else out(u) for the node u that sends its flow into v (nothing if
// u is the root); from out(v), in(w) for every out-neighbour w whose arc
// v → w is unused, and in(v) when v carries flow. Arcs into a source
// other than t (except from r) are left out: a path using one, x → s, can start
// r → s instead and use fewer nodes, and s is on no other path, so some
// maximum flow never uses them.
func (s *Solver) augmentingPath(t int32) bool {
	s.epoch++
	if s.epoch == 0 {
		clear(s.state)
		s.epoch = 1
	}
	n, ep, src := s.n, s.epoch, s.srcEpoch
	root, sink := 2*n, 2*t
	st, nd, dist, ix := s.state, s.node, s.dist, s.ix.inCore
	st[root].fstamp, st[root].fwd = ep, none
	st[sink].bstamp, st[sink].bwd = ep, none
	ff, bf := append(s.front[0][:0], root), append(s.front[1][:0], sink)
	fn, bn := s.front[2][:0], s.front[3][:0]
	fwork, bwork := len(s.sources), s.g.InDegree(t)
	meet := int32(none)
	defer func() { s.front = [4][]int32{ff, bf, fn, bn} }()
	for len(ff) > 0 && len(bf) > 0 {
		if fwork <= bwork {
			fn, fwork = fn[:0], 0
			// visit marks y as reached forward from x; true at a meeting.
			visit := func(x, y int32) bool {
				sy := &st[y]
				if sy.fstamp == ep {
					return false
				}
				sy.fstamp, sy.fwd = ep, x
				s.stats.States++
				if sy.bstamp == ep {
					meet = y
					return true
				}
				fn = append(fn, y)
				if y&1 == 1 {
					fwork += s.g.OutDegree(y/2) + 1
				} else {
					fwork++
				}
				return false
			}
		forward:
			for _, x := range ff {
				v := x / 2
				switch {
				case x == root:
					for _, w := range s.sources {
						if w != t && nd[w].via != n && visit(x, 2*w) {
							break forward
						}
					}
				case x&1 == 0: // in(v)
					if u := nd[v].via; u == none {
						if visit(x, x+1) {
							break forward
						}
					} else if u != n && visit(x, 2*u+1) {
						break forward
					}
				default: // out(v)
					nv := nd[v].next
					for _, w := range s.g.Out(v) {
						if w != nv && dist[w] >= 0 && (nd[w].source != src || w == t) && visit(x, 2*w) {
							break forward
						}
					}
					if nd[v].via != none && visit(x, x-1) {
						break forward
					}
				}
			}
			if meet != none {
				break
			}
			ff, fn = fn, ff
		} else {
			bn, bwork = bn[:0], 0
			// visit marks y as reaching t through x; true at a meeting.
			visit := func(x, y int32) bool {
				sy := &st[y]
				if sy.bstamp == ep {
					return false
				}
				sy.bstamp, sy.bwd = ep, x
				s.stats.States++
				if sy.fstamp == ep {
					meet = y
					return true
				}
				bn = append(bn, y)
				if y&1 == 0 {
					bwork += s.g.InDegree(y/2) + 2
				} else {
					bwork++
				}
				return false
			}
		backward:
			for _, x := range bf {
				v := x / 2
				if x&1 == 0 { // in(v): its predecessors
					if v != t && nd[v].source == src && nd[v].via != n && visit(x, root) {
						break backward
					}
					if nd[v].source != src || v == t {
						for _, u := range s.g.In(v) {
							if u != t && nd[u].next != v && (ix[u] || nd[u].near == src) && visit(x, 2*u+1) {
								break backward
							}
						}
					}
					if v != t && nd[v].via != none && visit(x, x+1) {
						break backward
					}
					continue
				}
				// out(v): in(v) if v is unused, else in(w) for v's flow v → w.
				if nd[v].via == none {
					if visit(x, x-1) {
						break backward
					}
				} else if w := nd[v].next; w != t && visit(x, 2*w) {
					break backward
				}
			}
			if meet != none {
				break
			}
			bf, bn = bn, bf
		}
	}
	if meet == none {
		return false
	}
	p := s.path[:0]
	for x := meet; x != none; x = st[x].fwd {
		p = append(p, x)
	}
	slices.Reverse(p)
	for x := st[meet].bwd; x != none; x = st[x].bwd {
		p = append(p, x)
	}
	s.path = p
	return true
}

// augment pushes one unit along the state path root → … → in(t).
func (s *Solver) augment(path []int32, t int32) {
	n := s.n
	for i := 0; i+1 < len(path); i++ {
		a, b := path[i], path[i+1]
		va, vb := a/2, b/2
		switch {
		case a == 2*n: // r → in(v)
			s.touch(vb)
			s.node[vb].via = n
		case a&1 == 1 && b&1 == 0 && va != vb: // out(v) → in(w): forward arc
			s.touch(va)
			s.node[va].next = vb
			if vb != t {
				s.touch(vb)
				s.node[vb].via = va
			}
		case a&1 == 0 && b&1 == 1 && va != vb: // in(v) → out(u): cancel u → v
			if s.node[vb].next == va {
				s.node[vb].next = none
			}
			if s.node[va].via == vb {
				s.node[va].via = none
			}
		}
		// in(v) → out(v) and out(v) → in(v) change nothing stored: a node
		// carries flow exactly when via (and next) are set.
	}
}

// touch records that v's flow fields are about to be set, for reset (a
// node may be listed twice).
func (s *Solver) touch(v int32) {
	if s.node[v].via == none && s.node[v].next == none {
		s.touched = append(s.touched, v)
	}
}
