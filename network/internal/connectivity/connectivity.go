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

	// The current source set (From) and its forward reach F.
	sources  []int32
	isSource []uint32 // == srcEpoch: a source
	inF      []uint32 // == srcEpoch: reached from a source
	srcEpoch uint32

	// The flow, as node-disjoint paths: via[v] is the node whose out-half
	// sends flow into v's in-half (root for an arc r→v), next[v] the node
	// v's out-half sends it to; both −1 when v carries no flow.
	via, next []int32
	touched   []int32

	// The two searches of one augmentation over the split states: in(v) =
	// 2v, out(v) = 2v+1, the root 2n. fwd[x] (bwd[x]) is valid where
	// fstamp[x] (bstamp[x]) == epoch: the state x was reached from (the
	// state x was reached from, i.e. x's successor on the way to) t.
	fwd, bwd       []int32
	fstamp, bstamp []uint32
	epoch          uint32
	queue          []int32
	front          [4][]int32 // frontier buffers of the two searches
	path           []int32
	scanned        int64 // states expanded, for the benchmarks
}

const none = -1

// New returns a Solver for g.
func New(g *digraph.Graph) *Solver {
	n := g.Order()
	s := &Solver{
		g: g, n: int32(n),
		isSource: make([]uint32, n), inF: make([]uint32, n),
		via: make([]int32, n), next: make([]int32, n),
		fwd: make([]int32, 2*n+1), bwd: make([]int32, 2*n+1),
		fstamp: make([]uint32, 2*n+1), bstamp: make([]uint32, 2*n+1),
	}
	for i := range s.via {
		s.via[i], s.next[i] = none, none
	}
	return s
}

// From sets the sources: the nodes the virtual root r links to (ids
// outside 0…n−1 are ignored, duplicates merged). It returns the number of
// nodes reachable from them, themselves included.
func (s *Solver) From(sources []int32) int {
	s.srcEpoch++
	if s.srcEpoch == 0 { // wrapped: clear the stamps
		clear(s.isSource)
		clear(s.inF)
		s.srcEpoch = 1
	}
	s.sources = s.sources[:0]
	for _, v := range sources {
		if v >= 0 && v < s.n && s.isSource[v] != s.srcEpoch {
			s.isSource[v] = s.srcEpoch
			s.sources = append(s.sources, v)
		}
	}
	slices.Sort(s.sources)
	q := s.queue[:0]
	for _, v := range s.sources {
		s.inF[v] = s.srcEpoch
		q = append(q, v)
	}
	for k := 0; k < len(q); k++ {
		for _, w := range s.g.Out(q[k]) {
			if s.inF[w] != s.srcEpoch {
				s.inF[w] = s.srcEpoch
				q = append(q, w)
			}
		}
	}
	s.queue = q
	return len(q)
}

// Reaches reports whether t is reachable from the current sources.
func (s *Solver) Reaches(t int32) bool {
	return t >= 0 && t < s.n && s.srcEpoch > 0 && s.inF[t] == s.srcEpoch
}

// To returns the local node connectivity from the root r to t in G + r:
// the largest number of paths r → t that share no node besides r and t,
// i.e. the maximum flow from r's out-half to t's in-half when every node
// is split into an in-half and an out-half joined by an arc of capacity 1
// (NetworkX's build_auxiliary_node_connectivity). A source that is t
// itself is a direct arc r → t and counts as one path, as in NetworkX.
// 0 when t is not reachable or outside 0…n−1. ctx is checked every 16
// augmenting paths.
func (s *Solver) To(ctx context.Context, t int32) (int, error) {
	if !s.Reaches(t) {
		return 0, nil
	}
	flow, bound := 0, 0
	if s.isSource[t] == s.srcEpoch {
		flow = 1 // the direct arc r → t
	}
	// At most one path per source and one per in-neighbour of t.
	srcs := len(s.sources) - flow
	ins := 0
	for _, u := range s.g.In(t) {
		if s.inF[u] == s.srcEpoch {
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
		s.via[v], s.next[v] = none, none
	}
	s.touched = s.touched[:0]
}

// augmentingPath finds a shortest path root → in(t) in the residual split
// graph by breadth-first searches from both ends, each step expanding the
// whole frontier of the side whose frontier has fewer arcs to scan, and
// leaves it in s.path. It reports false when either search runs out of
// states first: then no augmenting path exists, and the cost was about
// that of the smaller side of the minimum cut.
func (s *Solver) augmentingPath(t int32) bool {
	s.epoch++
	if s.epoch == 0 {
		clear(s.fstamp)
		clear(s.bstamp)
		s.epoch = 1
	}
	root, sink := 2*s.n, 2*t
	s.fstamp[root], s.bstamp[sink] = s.epoch, s.epoch
	s.fwd[root], s.bwd[sink] = none, none
	ff, bf := append(s.front[0][:0], root), append(s.front[1][:0], sink)
	fn, bn := s.front[2][:0], s.front[3][:0]
	fwork, bwork := len(s.sources), s.g.InDegree(t)
	meet := int32(none)
	for meet == none && len(ff) > 0 && len(bf) > 0 {
		if fwork <= bwork {
			fn, fwork = fn[:0], 0
			s.scanned += int64(len(ff))
			for _, x := range ff {
				s.scan(x, t, func(y int32) bool {
					if s.fstamp[y] == s.epoch {
						return false
					}
					s.fstamp[y], s.fwd[y] = s.epoch, x
					if s.bstamp[y] == s.epoch {
						meet = y
						return true
					}
					fn = append(fn, y)
					fwork += s.work(y, true)
					return false
				})
				if meet != none {
					break
				}
			}
			ff, fn = fn, ff
		} else {
			bn, bwork = bn[:0], 0
			s.scanned += int64(len(bf))
			for _, x := range bf {
				s.scanPred(x, t, func(y int32) bool {
					if s.bstamp[y] == s.epoch {
						return false
					}
					s.bstamp[y], s.bwd[y] = s.epoch, x
					if s.fstamp[y] == s.epoch {
						meet = y
						return true
					}
					bn = append(bn, y)
					bwork += s.work(y, false)
					return false
				})
				if meet != none {
					break
				}
			}
			bf, bn = bn, bf
		}
	}
	s.front = [4][]int32{ff, bf, fn, bn}
	if meet == none {
		return false
	}
	p := s.path[:0]
	for x := meet; x != none; x = s.fwd[x] {
		p = append(p, x)
	}
	slices.Reverse(p)
	for x := s.bwd[meet]; x != none; x = s.bwd[x] {
		p = append(p, x)
	}
	s.path = p
	return true
}

// work estimates the arcs a search will scan at state x.
func (s *Solver) work(x int32, forward bool) int {
	v := x / 2
	switch {
	case x == 2*s.n:
		return len(s.sources)
	case forward && x&1 == 1, !forward && x&1 == 0:
		if forward {
			return s.g.OutDegree(v) + 1
		}
		return s.g.InDegree(v) + 2
	}
	return 1
}

// scan calls f on every state y with a residual arc x → y, stopping when
// f returns true: for the root, in(v) for every source v ≠ t whose arc
// r → v is unused; for in(v), out(v) (v unused) or out(u) for the node u
// that sends its flow into v (the reverse arc; nothing if u is the root);
// for out(v), in(w) for every out-neighbour w whose arc v → w is unused,
// then in(v) (the reverse internal arc, v carrying flow).
func (s *Solver) scan(x, t int32, f func(y int32) bool) {
	n := s.n
	switch {
	case x == 2*n: // the root
		for _, v := range s.sources {
			if v != t && s.via[v] != n && f(2*v) {
				return
			}
		}
	case x&1 == 0: // in(v)
		v := x / 2
		if u := s.via[v]; u == none {
			f(2*v + 1)
		} else if u != n {
			f(2*u + 1)
		}
	default: // out(v)
		v := x / 2
		for _, w := range s.g.Out(v) {
			if s.next[v] != w && f(2*w) {
				return
			}
		}
		if s.via[v] != none {
			f(2 * v)
		}
	}
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
			s.via[vb] = n
		case a&1 == 1 && b&1 == 0 && va != vb: // out(v) → in(w): forward arc
			s.touch(va)
			s.next[va] = vb
			if vb != t {
				s.touch(vb)
				s.via[vb] = va
			}
		case a&1 == 0 && b&1 == 1 && va != vb: // in(v) → out(u): cancel u → v
			if s.next[vb] == va {
				s.next[vb] = none
			}
			if s.via[va] == vb {
				s.via[va] = none
			}
		}
		// in(v) → out(v) and out(v) → in(v) change nothing stored: a node
		// carries flow exactly when via (and next) are set.
	}
}

// touch records that v's flow fields are about to be set, for reset (a
// node may be listed twice).
func (s *Solver) touch(v int32) {
	if s.via[v] == none && s.next[v] == none {
		s.touched = append(s.touched, v)
	}
}

// scanPred calls f on every state y with a residual arc y → x, stopping
// when f returns true: for in(v), the root (an unused arc r → v), out(u)
// for every in-neighbour u in F whose arc u → v is unused, and out(v)
// (the reverse internal arc, v carrying flow); for out(v), in(v) (v
// unused) or in(w) for the node w that v sends its flow to.
func (s *Solver) scanPred(x, t int32, f func(y int32) bool) {
	n := s.n
	v := x / 2
	if x&1 == 0 { // in(v)
		if v != t && s.isSource[v] == s.srcEpoch && s.via[v] != n && f(2*n) {
			return
		}
		for _, u := range s.g.In(v) {
			if u != t && s.inF[u] == s.srcEpoch && s.next[u] != v && f(2*u+1) {
				return
			}
		}
		if v != t && s.via[v] != none {
			f(2*v + 1)
		}
		return
	}
	// out(v)
	if s.via[v] == none {
		f(2 * v)
	} else if w := s.next[v]; w != t {
		f(2 * w)
	}
}
