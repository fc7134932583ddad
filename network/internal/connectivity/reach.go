package connectivity

import (
	"context"
	"slices"
	"sync"

	"clusterchain/network/internal/digraph"
	"clusterchain/network/internal/dominators"
	"clusterchain/network/internal/sched"
)

// Pair is the reach of one source set (a cluster's firms) to one target
// (a buyer) in G + r.
type Pair struct {
	Group, Target int32 // index into the groups, and the target node
	// Reachable: r reaches the target. When false, Chokepoints is nil and
	// Channels 0.
	Reachable bool
	// Chokepoints are the dominators of the target other than r and
	// itself, from r's side to the target's (empty when none).
	Chokepoints []int32
	// Channels is the local node connectivity from r to the target.
	Channels int
}

// Query asks for the reach of group Group to node Target.
type Query struct{ Group, Target int32 }

// Options tune Reach and Pairs.
type Options struct {
	// Workers is the number of goroutines (at least 1 is used). Results
	// do not depend on it.
	Workers int
	// Slots, if not nil, are shared with other work running at the same
	// time: a worker holds a slot while it works on one target, or on one
	// group's dominator tree.
	Slots sched.Slots
	// Stats, if not nil, receives the summed work of the solvers.
	Stats *Stats
}

// Reach returns, for every group of sources and every target, the
// chokepoints and channels from the group to the target, in order of
// group, then of target as given (Pairs with every pair asked).
func Reach(ctx context.Context, g *digraph.Graph, groups [][]int32, targets []int32, workers int) ([]Pair, error) {
	qs := make([]Query, 0, len(groups)*len(targets))
	for gi := range groups {
		for _, t := range targets {
			qs = append(qs, Query{int32(gi), t})
		}
	}
	return Pairs(ctx, g, groups, qs, Options{Workers: workers})
}

// Pairs returns the chokepoints and channels of each query, in the order
// asked (a query naming a group outside groups has none). The result does
// not depend on the workers, which share the targets and then the groups.
//
// The work is done target by target: one backward search labels every
// node with its distance to the target (Solver.Label), then each group's
// maximum flow to it is found (Solver.To). A dominator tree is built only
// for a group with a target of exactly one channel: by Menger's theorem a
// target that is not a source (so not adjacent to r) has a chokepoint
// exactly when its channels are 1 — a chokepoint is a cut of one node,
// and a minimum cut of one node is a chokepoint. So a target with two or
// more channels has none, and one with none is not reachable.
func Pairs(ctx context.Context, g *digraph.Graph, groups [][]int32, qs []Query, opt Options) ([]Pair, error) {
	out := make([]Pair, len(qs))
	for i, q := range qs {
		out[i] = Pair{Group: q.Group, Target: q.Target}
	}
	// The queries by target, then group.
	order := make([]int32, 0, len(qs))
	for i, q := range qs {
		if q.Group >= 0 && int(q.Group) < len(groups) {
			order = append(order, int32(i))
		}
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		if qa, qb := qs[a], qs[b]; qa.Target != qb.Target {
			return int(qa.Target - qb.Target)
		}
		return int(qs[a].Group - qs[b].Group)
	})
	var tasks [][]int32 // runs of order with one target
	for i := 0; i < len(order); {
		j := i + 1
		for j < len(order) && qs[order[j]].Target == qs[order[i]].Target {
			j++
		}
		tasks = append(tasks, order[i:j])
		i = j
	}
	ix := NewIndex(g)
	// single[gi]: group gi has a query of one channel whose target is not
	// one of its sources, so its chokepoints need the dominator tree.
	single := make([]bool, len(groups))
	var mu sync.Mutex
	var solvers []*Solver
	err := parallel(ctx, opt, len(tasks), func() func(int) error {
		s := ix.Solver()
		mu.Lock()
		solvers = append(solvers, s)
		mu.Unlock()
		return func(k int) error {
			for _, i := range tasks[k] {
				p := &out[i]
				s.From(groups[p.Group])
				c, err := s.To(ctx, p.Target)
				if err != nil {
					return err
				}
				p.Channels, p.Reachable = c, c > 0
				if p.Reachable {
					p.Chokepoints = []int32{}
				}
				if c == 1 && !s.IsSource(p.Target) {
					mu.Lock()
					single[p.Group] = true
					mu.Unlock()
				}
			}
			return nil
		}
	})
	if err != nil {
		return nil, err
	}
	if opt.Stats != nil {
		*opt.Stats = Stats{}
		for _, s := range solvers {
			st := s.Stats()
			opt.Stats.Labels += st.Labels
			opt.Stats.Greedy += st.Greedy
			opt.Stats.Augmented += st.Augmented
			opt.Stats.Failed += st.Failed
			opt.Stats.States += st.States
		}
	}
	var trees []int32
	for gi, need := range single {
		if need {
			trees = append(trees, int32(gi))
		}
	}
	// The queries of each group that needs its tree.
	byGroup := make(map[int32][]int32, len(trees))
	for _, i := range order {
		p := &out[i]
		if single[p.Group] && p.Channels == 1 && !slices.Contains(groups[p.Group], p.Target) {
			byGroup[p.Group] = append(byGroup[p.Group], i)
		}
	}
	err = parallel(ctx, opt, len(trees), func() func(int) error {
		f := dominators.New(g)
		return func(k int) error {
			gi := trees[k]
			tr, err := f.Tree(ctx, groups[gi])
			if err != nil {
				return err
			}
			for _, i := range byGroup[gi] {
				out[i].Chokepoints = tr.Chain(out[i].Target, nil)
			}
			return nil
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// parallel runs work(k) for k = 0…tasks−1 on opt's workers, each with the
// function its setup returns (its own scratch space), holding a slot per
// task when opt.Slots is set; it returns the first error, or ctx's.
func parallel(ctx context.Context, opt Options, tasks int, setup func() func(int) error) error {
	workers := max(1, min(opt.Workers, tasks))
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		next  int
		first error
	)
	take := func() int {
		mu.Lock()
		defer mu.Unlock()
		if first != nil || next == tasks {
			return -1
		}
		next++
		return next - 1
	}
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var work func(int) error
			for k := take(); k >= 0; k = take() {
				if err := ctx.Err(); err != nil {
					fail(err)
					return
				}
				if work == nil {
					work = setup()
				}
				opt.Slots.Acquire()
				err := work(k)
				opt.Slots.Release()
				if err != nil {
					fail(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}
