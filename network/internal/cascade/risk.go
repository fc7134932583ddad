package cascade

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"clusterchain/network/internal/neumaier"
)

// Outcome is what the cascade started by one node alone brings down.
// Counts and volumes are over the nodes that fail in rounds 1 and later:
// the starting node itself is not counted.
type Outcome struct {
	Start int32
	// Rounds is the last round that added a node (0 when none failed).
	Rounds int32
	// Failed counts every node that failed; Counted those of them that
	// Risk was asked to count (the firms).
	Failed, Counted int
	// Volume is the compensated sum of the out-volumes of the counted
	// failed nodes, summed by round, then node.
	Volume float64
}

// Risk runs, for each node in starts, the cascade started by that node
// alone at threshold θ, and returns one Outcome per start, in the order
// given. counted (one entry per node, or nil for every node) marks the
// nodes that Outcome.Counted and Outcome.Volume take in.
//
// The cascades are shared among workers goroutines (≤ 0: GOMAXPROCS),
// each reusing its own scratch space; an outcome depends only on its
// start, so the result does not depend on the number of workers. Each
// cascade costs O(Σ degree) over the nodes it brings down plus the nodes
// those reach; Risk over every node is O(n · (n + m)) at worst, so ctx is
// checked between cascades and between rounds.
func (nt *Net) Risk(ctx context.Context, starts []int32, theta float64, counted []bool, workers int) ([]Outcome, error) {
	return nt.RiskWithin(ctx, starts, theta, counted, workers, 0)
}

// ErrWork is RiskWithin's error when the cascades scan more arcs than
// the budget allows.
var ErrWork = errors.New("cascade: the cascades scan more links than the work budget allows")

// RiskWithin is Risk with a work budget: when the cascades together scan
// more than maxArcs arcs (each failed node's in- and out-arcs; 0: no
// limit) it stops and returns an error wrapping ErrWork. The total is a
// sum over the cascades, so whether it is exceeded does not depend on the
// workers. On networks where every node topples a long chain the total
// grows with n · m; the budget keeps such a run from taking hours.
func (nt *Net) RiskWithin(ctx context.Context, starts []int32, theta float64, counted []bool, workers int, maxArcs int64) ([]Outcome, error) {
	if err := checkTheta(theta); err != nil {
		return nil, err
	}
	n := int32(nt.Order())
	if counted != nil && len(counted) != int(n) {
		return nil, fmt.Errorf("cascade: %d counted flags for %d nodes", len(counted), n)
	}
	for _, v := range starts {
		if v < 0 || v >= n {
			return nil, fmt.Errorf("cascade: node %d outside 0…%d", v, n-1)
		}
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(starts)))
	res := make([]Outcome, len(starts))
	var (
		next    atomic.Int64
		work    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		runErr  error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := nt.newState()
			one := make([]int32, 1)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(starts) {
					return
				}
				o := Outcome{Start: starts[i]}
				var vol neumaier.Sum
				one[0] = starts[i]
				err := s.run(ctx, one, theta, func(round int32, nodes []int32) {
					if round == 0 {
						return
					}
					o.Rounds = round
					o.Failed += len(nodes)
					for _, v := range nodes {
						if counted == nil || counted[v] {
							o.Counted++
							vol.Add(nt.outVol[v])
						}
					}
				})
				if err == nil && maxArcs > 0 && work.Add(s.arcs) > maxArcs {
					err = fmt.Errorf("%w: more than %d link visits", ErrWork, maxArcs)
				}
				s.arcs = 0
				if err != nil {
					errOnce.Do(func() { runErr = err })
					next.Store(int64(len(starts))) // stop the others
					return
				}
				o.Volume = vol.Value()
				res[i] = o
			}
		}()
	}
	wg.Wait()
	if runErr != nil {
		return nil, runErr
	}
	return res, nil
}
