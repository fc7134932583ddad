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
// chokepoints and channels from the group to the target: one dominator
// tree per group, and a maximum flow only where the target has no
// chokepoint (a chokepoint is a cut of one node, so the channels are then
// 1). Pairs come in order of group, then of target as given; the result
// does not depend on workers (at least 1 is used), which share the groups.
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
				tr, err := f.Tree(ctx, groups[gi])
				if err != nil {
					fail(err)
					return
				}
				s.From(groups[gi])
				for ti, t := range targets {
					p := &out[gi*len(targets)+ti]
					p.Group, p.Target = int32(gi), t
					p.Chokepoints = tr.Chain(t, nil)
					p.Reachable = p.Chokepoints != nil
					switch {
					case !p.Reachable:
					case len(p.Chokepoints) > 0:
						p.Channels = 1
					default:
						if p.Channels, err = s.To(ctx, t); err != nil {
							fail(err)
							return
						}
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
