package network

import (
	"context"
	"strings"
	"testing"
)

func TestReachPathsPlan(t *testing.T) {
	for _, c := range []struct {
		p       ReachPaths
		work    float64
		compute bool
		omitted bool
	}{
		{ReachPathsAuto, 0, true, false},
		{ReachPathsAuto, ReachPathsBudget, true, false},
		{ReachPathsAuto, 2 * ReachPathsBudget, false, true},
		{ReachPathsAlways, 1e15, true, false},
		{ReachPathsNever, 0, false, false},
	} {
		compute, o := c.p.plan(7, c.work)
		if compute != c.compute || (o != nil) != c.omitted {
			t.Errorf("plan(%d, %g) = %v, %v", c.p, c.work, compute, o)
		}
		if o != nil && (o.Rows != 7 || o.Work != c.work) {
			t.Errorf("omitted %+v", o)
		}
	}
	// 1e10 units at 2.6 ns: 26 seconds; 1e12: 43 minutes; 1e13: 7.2 hours.
	for work, want := range map[float64]string{1e10: "about 26 s", 1e12: "about 43 min", 1e13: "about 7.2 h"} {
		if got := (ReachPathsOmitted{Rows: 3, Work: work}).String(); !strings.Contains(got, want) || !strings.Contains(got, "3 (cluster, buyer) rows") {
			t.Errorf("%g: %s", work, got)
		}
	}
}

// The policy in Analyze: the chokepoints and channels are computed on a
// small network by default (f1 and m: every path passes both), left out
// when asked, and the work estimate
// is the rows of reach.csv times the nodes and edges of G.
func TestAnalyzeReachPaths(t *testing.T) {
	nw := mustNew(t, Dataset{Name: "t",
		Nodes:    []Node{{ID: "f1", Type: Firm, Cluster: "A"}, {ID: "m", Type: Market}, {ID: "b", Type: Buyer}},
		Clusters: []Cluster{{ID: "A"}},
		Links:    []Link{{From: "f1", To: "m", Kind: Sale, Volume: 2}, {From: "m", To: "b", Kind: Sale, Volume: 2}}})
	a, err := Analyze(context.Background(), nw, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !a.ReachPaths || a.ReachPathsOmitted != nil || len(a.Reach) != 1 || a.Reach[0].Channels != 1 || len(a.Reach[0].Chokepoints) != 2 {
		t.Fatalf("default: computed %v, omitted %v, reach %+v", a.ReachPaths, a.ReachPathsOmitted, a.Reach)
	}
	if w := ReachPathsWork(nw, len(a.Reach)); w != 1*(3+2) {
		t.Errorf("work %g, want 5", w)
	}
	a, err = Analyze(context.Background(), nw, Options{Seed: 1, ReachPaths: ReachPathsNever})
	if err != nil {
		t.Fatal(err)
	}
	if a.ReachPaths || a.ReachPathsOmitted != nil || a.Reach[0].Chokepoints != nil || a.Reach[0].Channels != 0 {
		t.Errorf("never: computed %v, omitted %v, reach %+v", a.ReachPaths, a.ReachPathsOmitted, a.Reach)
	}
}
