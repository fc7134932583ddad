package network_test

import (
	"context"
	"reflect"
	"testing"

	"clusterchain/network"
	"clusterchain/synth"
)

// Risk of every node equals the cascade that node starts alone, on a
// generated network, for any number of workers.
func TestRiskMatchesCascade(t *testing.T) {
	ds, err := synth.Generate(synth.Config{Firms: 300, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := network.New(*ds)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	starts := nw.RiskStarts(true)
	r1, err := nw.Risk(ctx, starts, 0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	r3, err := nw.Risk(ctx, starts, 0.5, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r1, r3) {
		t.Error("risk depends on the number of workers")
	}
	toppled := 0
	for i, s := range starts {
		c, err := nw.Cascade(ctx, []int32{s}, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		want := network.Risk{Node: s, FirmsFailed: c.FirmsFailed, ShareFailed: c.ShareFailed,
			NodesFailed: len(c.Failures) - 1, Rounds: c.Rounds, VolumeFailed: r1[i].VolumeFailed}
		// The same firms summed in another order: equal to rounding.
		if d := r1[i].VolumeFailed - c.VolumeFailed; d > 1e-9*c.VolumeFailed || -d > 1e-9*c.VolumeFailed {
			t.Errorf("start %s: volume %v, cascade %v", nw.Nodes()[s].ID, r1[i].VolumeFailed, c.VolumeFailed)
		}
		want.ShareFailed = r1[i].ShareFailed
		if r1[i] != want {
			t.Errorf("start %s: %+v, cascade %+v", nw.Nodes()[s].ID, r1[i], want)
		}
		if c.FirmsFailed > 0 {
			toppled++
		}
	}
	if toppled == 0 {
		t.Error("no start topples a firm")
	}
}

// Options.Bootstrap gives the same intervals for any number of workers;
// Options.Risk fills Analysis.Risk with Network.Risk's rows.
func TestAnalyzeBootstrapAndRisk(t *testing.T) {
	ds, err := synth.Generate(synth.Config{Firms: 500, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := network.New(*ds)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var first *network.Analysis
	for _, w := range []int{1, 2, 5} {
		a, err := network.Analyze(ctx, nw, network.Options{Seed: 9, Workers: w, Bootstrap: 300, Risk: network.RiskAll, Threshold: 0.4})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = a
			continue
		}
		if !reflect.DeepEqual(a.Bootstrap, first.Bootstrap) || !reflect.DeepEqual(a.Risk, first.Risk) {
			t.Errorf("%d workers: intervals or risk differ from one worker's", w)
		}
	}
	width := 0.0
	for c, b := range first.Bootstrap.Clusters {
		for _, iv := range []network.Interval{b.MarketShare, b.BuyerShare, b.BuyerReach} {
			if !(0 <= iv.Lo && iv.Lo <= iv.Hi && iv.Hi <= 1) {
				t.Errorf("cluster %d: interval %v", c, iv)
			}
			width += iv.Hi - iv.Lo
		}
	}
	if width == 0 {
		t.Error("every interval is a point: nothing was resampled")
	}
	want, err := nw.Risk(ctx, nw.RiskStarts(true), 0.4, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first.Risk, want) || first.RiskThreshold != 0.4 {
		t.Error("Analysis.Risk is not Network.Risk")
	}
	other, err := network.Analyze(ctx, nw, network.Options{Seed: 10, Bootstrap: 300})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(other.Bootstrap.Clusters, first.Bootstrap.Clusters) {
		t.Error("seed 10 gives the intervals of seed 9")
	}
}
