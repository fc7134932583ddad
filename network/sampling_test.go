package network

import (
	"fmt"
	"testing"
	"time"
)

// The work estimate before the sweep (issue 13): on a clique every
// search visits every node and link, so the estimate is exact; sampled
// sources cost in proportion.
func TestSweepWork(t *testing.T) {
	const n = 700 // n·(n+m) above 1e8: the estimate searches
	var d Dataset
	for i := 0; i < n; i++ {
		d.Nodes = append(d.Nodes, Node{ID: fmt.Sprintf("f%04d", i)})
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				d.Links = append(d.Links, Link{d.Nodes[i].ID, d.Nodes[j].ID, Supply, 1})
			}
		}
	}
	nw, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	m := n * (n - 1)
	for _, tc := range []struct {
		opt     Options
		sources int
		sampled bool
	}{
		{Options{}, n, false},
		{Options{Sampling: Sampling{Auto: true}}, n, false}, // below AutoSampleNodes: exact
		{Options{Sampling: Sampling{Sources: 50}}, 50, true},
		{Options{Sources: 70}, 70, true},
		{Options{Sampling: Sampling{Sources: 5 * n}}, n, false},
	} {
		w := SweepWork(nw, tc.opt)
		if want := float64(tc.sources) * float64(n+m); w.Sources != tc.sources || w.Sampled != tc.sampled || w.LinkVisits != want {
			t.Errorf("%+v: %+v, want %d sources, %g visits", tc.opt, w, tc.sources, want)
		}
	}
	w := SweepWork(nw, Options{})
	if d := w.Duration(2); d < time.Duration(float64(n)*float64(n+m)/sweepRate/2*0.99*1e9) || d > 10*time.Second {
		t.Errorf("duration %v", d)
	}
	// A small network: the bound n·(n+m), no search.
	small := SweepWork(handNetwork(t), Options{})
	if small.Sources != 11 || small.LinkVisits != 11*(11+float64(handNetwork(t).G().Size())) {
		t.Errorf("small network: %+v", small)
	}
}

// The default policy: exact up to AutoSampleNodes, AutoSources above;
// an explicit count wins; the zero value is exact.
func TestSamplingPolicy(t *testing.T) {
	for _, tc := range []struct {
		opt  Options
		n, m int
		want int
	}{
		{Options{}, 2e6, 5e6, 0},
		{Options{Sampling: Sampling{Auto: true}}, AutoSampleNodes, 5e5, 0},
		{Options{Sampling: Sampling{Auto: true}}, AutoSampleNodes + 1, 250000, 1142},
		{Options{Sampling: Sampling{Auto: true}}, 1e6, 2.4e6, 117},
		{Options{Sampling: Sampling{Auto: true}}, 1e7, 3e7, minSample},
		{Options{Sampling: Sampling{Sources: 300}}, 1e6, 2e6, 300},
		{Options{Sampling: Sampling{Sources: 300}}, 200, 400, 0},
		{Options{Sources: 20}, 100, 400, 20},
	} {
		if got := tc.opt.sources(tc.n, tc.m); got != tc.want {
			t.Errorf("%+v on n=%d m=%d: %d sources, want %d", tc.opt, tc.n, tc.m, got, tc.want)
		}
	}
}
