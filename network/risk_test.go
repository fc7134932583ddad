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
