package network

import (
	"fmt"
	"time"

	"clusterchain/internal/words"
)

// ReachPaths chooses whether Analyze computes the chokepoints and
// channels of reach.csv (SPEC §5). Both are exact when computed; the
// channels cost a maximum flow per (cluster, buyer) row, and the work
// grows about as the rows times the edges of G — 0.5 s of one core at
// 20,000 generated firms, 5 s at 50,000, 28 s at 100,000 and hours at a
// million — so by default (ReachPathsAuto) they are left out above
// ReachPathsBudget, and the run says so (Analysis.ReachPathsOmitted).
type ReachPaths uint8

// The choices of Options.ReachPaths.
const (
	ReachPathsAuto   ReachPaths = iota // computed when ReachPathsWork is at most ReachPathsBudget
	ReachPathsAlways                   // computed at any size
	ReachPathsNever                    // left out
)

// ReachPathsBudget is the work (ReachPathsWork) above which
// ReachPathsAuto leaves the chokepoints and channels out: about ten
// seconds of one core (measured on generated networks at 2.3–2.8 ns per
// unit of work, 20,000 to 100,000 firms).
const ReachPathsBudget = 4e9

// reachPathsRate is the measured cost of a unit of ReachPathsWork, for
// the message that says what computing them would take.
const reachPathsRate = 2.6e-9 // seconds of one core

// ReachPathsWork estimates the work of the chokepoints and channels of a
// network whose reach.csv has rows rows: rows × (nodes + edges of G).
func ReachPathsWork(nw *Network, rows int) float64 {
	return float64(rows) * float64(nw.g.Order()+nw.g.Size())
}

// plan decides for a reach.csv of rows rows whose chokepoints and
// channels cost work: whether to compute them, and if they are left out
// for their cost, the statement of it.
func (p ReachPaths) plan(rows int, work float64) (bool, *ReachPathsOmitted) {
	switch {
	case p == ReachPathsNever:
		return false, nil
	case p == ReachPathsAuto && work > ReachPathsBudget:
		return false, &ReachPathsOmitted{Rows: rows, Work: work}
	}
	return true, nil
}

// ReachPathsOmitted says that the chokepoints and channels of reach.csv
// were left out for their cost: the rows and the estimated work.
type ReachPathsOmitted struct {
	Rows int
	Work float64
}

// String states the omission for a person, with what computing the
// figures would take.
func (o ReachPathsOmitted) String() string {
	return fmt.Sprintf("the chokepoints and channels of reach.csv are left out: %d (cluster, buyer) rows, each a maximum flow on the whole network, "+
		"would take about %s of one core", o.Rows, words.Duration(time.Duration(o.Work*reachPathsRate*float64(time.Second))))
}
