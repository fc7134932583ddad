package connectivity

import (
	"context"
	"sync"

	"clusterchain/network/internal/digraph"
	"clusterchain/network/internal/dominators"
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

// Reach returns, for every group of sources and every target, the
// chokepoints and channels from the group to the target. Pairs come in
// order of group, then of target as given; the result does not depend on
// workers (at least 1 is used), which share the groups.
//
// The channels come from one maximum flow per pair. A dominator tree is
// built only for a group with a target of exactly one channel: by
// Menger's theorem a target that is not a source (so not adjacent to r)
// has a chokepoint exactly when its channels are 1 — a chokepoint is a
// cut of one node, and a minimum cut of one node is a chokepoint. So a
// target with two or more channels has none, and one with none is not
// reachable.
func Reach(ctx context.Context, g *digraph.Graph, groups [][]int32, targets []int32, workers int) ([]Pair, error) {
	out := make([]Pair, len(groups)*len(targets))
	workers = max(1, min(workers, len(groups)))
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		next  int
		first error
	)
	take := func() int {
		mu.Lock()
		defer mu.Unlock()
		if first != nil || next == len(groups) {
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
			f, s := dominators.New(g), New(g)
			for gi := take(); gi >= 0; gi = take() {
				s.From(groups[gi])
				row := out[gi*len(targets) : (gi+1)*len(targets)]
				single := false
				for ti, t := range targets {
					p := &row[ti]
					p.Group, p.Target = int32(gi), t
					k, err := s.To(ctx, t)
					if err != nil {
						fail(err)
						return
					}
					p.Channels, p.Reachable = k, k > 0
					if p.Reachable {
						p.Chokepoints = []int32{}
					}
					if k == 1 && !s.IsSource(t) {
						single = true
					}
				}
				if !single {
					continue
				}
				tr, err := f.Tree(ctx, groups[gi])
				if err != nil {
					fail(err)
					return
				}
				for ti, t := range targets {
					if p := &row[ti]; p.Channels == 1 && !s.IsSource(t) {
						p.Chokepoints = tr.Chain(t, nil)
					}
				}
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return nil, first
	}
	return out, nil
}
