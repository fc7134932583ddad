package connectivity

import (
	"context"
	"slices"

	"clusterchain/network/internal/digraph"
)

// Solver computes local node connectivities on one graph. It keeps
// scratch space between calls, so it is not safe for concurrent use; make
// one Solver per goroutine.
type Solver struct {
	g *digraph.Graph
	n int32

	// The current source set (From), and per node its membership, the
	// forward reach F and the flow.
	sources  []int32
	node     []nodeState
	srcEpoch uint32
	touched  []int32

	// The two searches of one augmentation over the split states: in(v) =
	// 2v, out(v) = 2v+1, the root 2n.
	state []searchState
	epoch uint32
	queue []int32
	front [4][]int32 // frontier buffers of the two searches
	path  []int32
}

const none = -1

// nodeState is one node's part of the current problem. The flow is a set
// of node-disjoint paths: via is the node whose out-half sends flow into
// this node's in-half (n, the root, for an arc r → v), next the node its
// out-half sends flow to; both −1 when the node carries no flow. source
// and inF equal the Solver's srcEpoch when the node is a source, resp.
// reached from one.
type nodeState struct {
	via, next   int32
	source, inF uint32
}

// searchState is one split state's part of an augmenting-path search:
// fwd is the state it was reached from by the search from the root, valid
// when fstamp is the Solver's epoch; bwd the state it leads to on the way
// to t, valid when bstamp is.
type searchState struct {
	fstamp, bstamp uint32
	fwd, bwd       int32
}

// New returns a Solver for g.
func New(g *digraph.Graph) *Solver {
	n := g.Order()
	s := &Solver{g: g, n: int32(n), node: make([]nodeState, n), state: make([]searchState, 2*n+1)}
	for i := range s.node {
		s.node[i].via, s.node[i].next = none, none
	}
	return s
}

// From sets the sources: the nodes the virtual root r links to (ids
// outside 0…n−1 are ignored, duplicates merged). It returns the number of
// nodes reachable from them, themselves included.
func (s *Solver) From(sources []int32) int {
	s.srcEpoch++
	if s.srcEpoch == 0 { // wrapped: clear the stamps
		for i := range s.node {
			s.node[i].source, s.node[i].inF = 0, 0
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
		s.node[v].inF = s.srcEpoch
		q = append(q, v)
	}
	for k := 0; k < len(q); k++ {
		for _, w := range s.g.Out(q[k]) {
			if s.node[w].inF != s.srcEpoch {
				s.node[w].inF = s.srcEpoch
				q = append(q, w)
			}
		}
	}
	s.queue = q
	return len(q)
}

// IsSource reports whether v is one of the current sources.
func (s *Solver) IsSource(v int32) bool {
	return v >= 0 && v < s.n && s.srcEpoch > 0 && s.node[v].source == s.srcEpoch
}

// Reaches reports whether t is reachable from the current sources.
func (s *Solver) Reaches(t int32) bool {
	return t >= 0 && t < s.n && s.srcEpoch > 0 && s.node[t].inF == s.srcEpoch
}

// To returns the local node connectivity from the root r to t in G + r:
// the largest number of paths r → t that share no node besides r and t,
// i.e. the maximum flow from r's out-half to t's in-half when every node
// is split into an in-half and an out-half joined by an arc of capacity 1
// (NetworkX's build_auxiliary_node_connectivity). A source that is t
// itself is a direct arc r → t and counts as one path, as in NetworkX.
// 0 when t is not reachable or outside 0…n−1. ctx is checked first and
// every 16 augmenting paths.
func (s *Solver) To(ctx context.Context, t int32) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if !s.Reaches(t) {
		return 0, nil
	}
	flow, bound := 0, 0
	if s.node[t].source == s.srcEpoch {
		flow = 1 // the direct arc r → t
	}
	// At most one path per source and one per in-neighbour of t.
	srcs := len(s.sources) - flow
	ins := 0
	for _, u := range s.g.In(t) {
		if s.node[u].inF == s.srcEpoch {
			ins++
		}
	}
	bound = min(srcs, ins)
	defer s.reset()
	for got := 0; got < bound; got++ {
		if got&15 == 15 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		if !s.augmentingPath(t) {
			break
		}
		s.augment(s.path, t)
		flow++
	}
	return flow, nil
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
	st, nd := s.state, s.node
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
						if w != nv && (nd[w].source != src || w == t) && visit(x, 2*w) {
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
							if u != t && nd[u].inF == src && nd[u].next != v && visit(x, 2*u+1) {
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
