package cascade

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"clusterchain/network/internal/digraph"
	"clusterchain/network/internal/neumaier"
)

// Reason says why a node failed.
type Reason uint8

const (
	// Standing: the node did not fail.
	Standing Reason = iota
	// Removed: the node was taken out in round 0.
	Removed
	// Customers: its links to failed nodes carry at least θ of its
	// out-volume (also when its suppliers failed too).
	Customers
	// Suppliers: the links from failed nodes into it carry at least θ of
	// its in-volume, and its customers did not reach θ.
	Suppliers
)

// String returns the reason as cascade.csv writes it ("" for Standing).
func (r Reason) String() string {
	switch r {
	case Removed:
		return "removed"
	case Customers:
		return "customers"
	case Suppliers:
		return "suppliers"
	}
	return ""
}

// Tolerance is the relative margin by which a lost volume may fall short
// of θ × the node's volume and still count as reaching it: lost ≥
// θ·vol·(1 − Tolerance). It absorbs only rounding (the same sum taken in
// another order can differ in its last bit), as SPEC's "a change that is
// only rounding" (relative 1e-12) does for the tables.
const Tolerance = 1e-12

// Net is a graph with volumes, ready for cascades. It is immutable and
// safe for concurrent use.
type Net struct {
	g                *digraph.Graph
	outStart, outAdj []int32
	inStart, inAdj   []int32
	outW, inW        []float64 // per arc, in out-CSR and in-CSR order
	outVol, inVol    []float64 // per node, compensated sums
	immune           []bool
}

// New prepares g for cascades. w holds the volume of every arc in
// out-CSR order (w[k] weighs the arc u → adj[k], adj from g.OutCSR());
// each must be finite and non-negative (0 for an unknown volume: the arc
// then carries no loss). immune, when not nil, has one entry per node and
// marks the nodes that never fail (the buyers); they can still be
// removed in round 0. New returns an error, never panics, on inputs of
// the wrong length or a bad volume.
func New(g *digraph.Graph, w []float64, immune []bool) (*Net, error) {
	n := g.Order()
	if len(w) != g.Size() {
		return nil, fmt.Errorf("cascade: %d volumes for %d arcs", len(w), g.Size())
	}
	if immune != nil && len(immune) != n {
		return nil, fmt.Errorf("cascade: %d immunity flags for %d nodes", len(immune), n)
	}
	for k, x := range w {
		if !(x >= 0) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("cascade: arc %d has volume %v", k, x)
		}
	}
	if immune == nil {
		immune = make([]bool, n)
	}
	nt := &Net{g: g, outW: w, immune: immune}
	nt.outStart, nt.outAdj = g.OutCSR()
	nt.inStart, nt.inAdj = g.InCSR()
	if len(nt.outStart) == 0 { // the graph with no nodes
		nt.outStart, nt.inStart = []int32{0}, []int32{0}
	}
	// The in-lists are the transpose visited in increasing u, so the
	// volume of u → v goes to the next free slot of v's in-list.
	nt.inW = make([]float64, len(w))
	next := make([]int32, n)
	copy(next, nt.inStart[:n])
	for u := 0; u < n; u++ {
		for k := nt.outStart[u]; k < nt.outStart[u+1]; k++ {
			v := nt.outAdj[k]
			nt.inW[next[v]] = w[k]
			next[v]++
		}
	}
	nt.outVol = make([]float64, n)
	nt.inVol = make([]float64, n)
	for u := 0; u < n; u++ {
		var s neumaier.Sum
		for _, x := range w[nt.outStart[u]:nt.outStart[u+1]] {
			s.Add(x)
		}
		nt.outVol[u] = s.Value()
		s = neumaier.Sum{}
		for _, x := range nt.inW[nt.inStart[u]:nt.inStart[u+1]] {
			s.Add(x)
		}
		nt.inVol[u] = s.Value()
	}
	return nt, nil
}

// Order returns the number of nodes.
func (nt *Net) Order() int { return len(nt.outVol) }

// OutVolume returns the summed volume of u's outgoing arcs.
func (nt *Net) OutVolume(u int32) float64 { return nt.outVol[u] }

// InVolume returns the summed volume of v's incoming arcs.
func (nt *Net) InVolume(v int32) float64 { return nt.inVol[v] }

// Failure is one failed node.
type Failure struct {
	Node   int32
	Round  int32 // 0 for a removed node
	Reason Reason
}

// ErrThreshold is returned for a threshold outside 0 < θ ≤ 1.
var ErrThreshold = errors.New("cascade: the threshold must satisfy 0 < θ ≤ 1")

func checkTheta(theta float64) error {
	if !(theta > 0 && theta <= 1) {
		return fmt.Errorf("%w, got %v", ErrThreshold, theta)
	}
	return nil
}

// Run runs the cascade that starts by removing the given nodes (round 0;
// duplicates merged) at threshold θ and returns every failed node,
// sorted by round, then node. It returns an error for θ outside (0, 1],
// a node outside 0…n−1, or when ctx is done.
func (nt *Net) Run(ctx context.Context, removed []int32, theta float64) ([]Failure, error) {
	if err := checkTheta(theta); err != nil {
		return nil, err
	}
	n := int32(nt.Order())
	for _, v := range removed {
		if v < 0 || v >= n {
			return nil, fmt.Errorf("cascade: node %d outside 0…%d", v, n-1)
		}
	}
	s := nt.newState()
	var res []Failure
	err := s.run(ctx, removed, theta, func(round int32, nodes []int32) {
		for _, v := range nodes {
			res = append(res, Failure{Node: v, Round: round, Reason: s.reason[v]})
		}
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// state is the scratch space of one cascade; it is reset after every run
// by clearing only the nodes the run touched.
type state struct {
	nt *Net
	// round is the round a node failed in, −1 while it stands; cand the
	// round (+1) it is a candidate for, 0 when it is none.
	round, cand  []int32
	reason       []Reason
	lostC, lostS []neumaier.Sum // volume to failed customers / from failed suppliers
	dirty        []bool
	touched      []int32
	front, next  []int32
	// arcs counts the arcs the cascades of this state scanned.
	arcs int64
}

func (nt *Net) newState() *state {
	n := nt.Order()
	s := &state{nt: nt, round: make([]int32, n), cand: make([]int32, n), reason: make([]Reason, n),
		lostC: make([]neumaier.Sum, n), lostS: make([]neumaier.Sum, n), dirty: make([]bool, n)}
	for i := range s.round {
		s.round[i] = -1
	}
	return s
}

func (s *state) touch(v int32) {
	if !s.dirty[v] {
		s.dirty[v] = true
		s.touched = append(s.touched, v)
	}
}

// reset restores the state of every node the last run touched.
func (s *state) reset() {
	for _, v := range s.touched {
		s.round[v], s.cand[v], s.reason[v] = -1, 0, Standing
		s.lostC[v], s.lostS[v] = neumaier.Sum{}, neumaier.Sum{}
		s.dirty[v] = false
	}
	s.touched = s.touched[:0]
}

// meets reports whether lost reaches θ × vol, up to rounding; never when
// vol is 0.
func meets(lost, vol, theta float64) bool {
	return vol > 0 && lost >= theta*vol*(1-Tolerance)
}

// run runs one cascade and calls emit with each round's new failures,
// sorted by node (round 0: the removed nodes). The state is reset when it
// returns. Removed nodes must be in range.
func (s *state) run(ctx context.Context, removed []int32, theta float64, emit func(round int32, nodes []int32)) error {
	defer s.reset()
	nt := s.nt
	front := s.front[:0]
	for _, v := range removed {
		if s.round[v] < 0 {
			s.touch(v)
			s.round[v], s.reason[v] = 0, Removed
			front = append(front, v)
		}
	}
	slices.Sort(front)
	emit(0, front)
	next := s.next[:0]
	for t := int32(0); len(front) > 0; t++ {
		if err := ctx.Err(); err != nil {
			s.front, s.next = front, next
			return err
		}
		// Every arc of a node that failed in round t passes its volume on
		// once: to the supplier that loses a customer, to the customer
		// that loses a supplier. Only the nodes so reached can fail next.
		next = next[:0]
		for _, f := range front {
			s.arcs += int64(nt.inStart[f+1]-nt.inStart[f]) + int64(nt.outStart[f+1]-nt.outStart[f])
			for j := nt.inStart[f]; j < nt.inStart[f+1]; j++ {
				u, x := nt.inAdj[j], nt.inW[j]
				if x == 0 || s.round[u] >= 0 || nt.immune[u] {
					continue
				}
				s.touch(u)
				s.lostC[u].Add(x)
				if s.cand[u] != t+1 {
					s.cand[u] = t + 1
					next = append(next, u)
				}
			}
			for j := nt.outStart[f]; j < nt.outStart[f+1]; j++ {
				v, x := nt.outAdj[j], nt.outW[j]
				if x == 0 || s.round[v] >= 0 || nt.immune[v] {
					continue
				}
				s.touch(v)
				s.lostS[v].Add(x)
				if s.cand[v] != t+1 {
					s.cand[v] = t + 1
					next = append(next, v)
				}
			}
		}
		// Decide on the accumulated losses; a decision reads only the
		// node's own sums, so marking a node failed at once does not
		// affect the others of the same round.
		k := 0
		for _, u := range next {
			switch {
			case meets(s.lostC[u].Value(), nt.outVol[u], theta):
				s.reason[u] = Customers
			case meets(s.lostS[u].Value(), nt.inVol[u], theta):
				s.reason[u] = Suppliers
			default:
				continue
			}
			s.round[u] = t + 1
			next[k] = u
			k++
		}
		next = next[:k]
		slices.Sort(next)
		if len(next) > 0 {
			emit(t+1, next)
		}
		front, next = next, front
	}
	s.front, s.next = front, next
	return nil
}

// Out returns u's out-neighbours and the volumes of the arcs to them. The
// slices must not be modified.
func (nt *Net) Out(u int32) ([]int32, []float64) {
	s, e := nt.outStart[u], nt.outStart[u+1]
	return nt.outAdj[s:e], nt.outW[s:e]
}

// In returns v's in-neighbours and the volumes of the arcs from them. The
// slices must not be modified.
func (nt *Net) In(v int32) ([]int32, []float64) {
	s, e := nt.inStart[v], nt.inStart[v+1]
	return nt.inAdj[s:e], nt.inW[s:e]
}

// Immune reports whether v never fails.
func (nt *Net) Immune(v int32) bool { return nt.immune[v] }
