package network_test

import (
	"context"
	"testing"

	"clusterchain/network"
	"clusterchain/synth"
)

// BenchmarkShocks compares, on the 20,000-firm generated network
// (clusterchain generate --firms 20000 --seed 1), the whole analysis
// (every figure of SPEC §2–§5, what analyze --formats csv computes) with
// what SPEC §6 adds to it: risk.csv with --risk all (one cascade per
// node) and --bootstrap 1000.
//
//	go test ./network -run '^$' -bench Shocks -benchtime 3x
func BenchmarkShocks(b *testing.B) {
	ds, err := synth.Generate(synth.Config{Firms: 20000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	nw, err := network.New(*ds)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	a, err := network.Analyze(ctx, nw, network.Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("analyze", func(b *testing.B) {
		for b.Loop() {
			if _, err := network.Analyze(ctx, nw, network.Options{Seed: 1}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("risk-all", func(b *testing.B) {
		starts := nw.RiskStarts(true)
		var r []network.Risk
		for b.Loop() {
			if r, err = nw.Risk(ctx, starts, network.DefaultThreshold, 0); err != nil {
				b.Fatal(err)
			}
		}
		failed := 0
		for _, x := range r {
			failed += x.NodesFailed
		}
		b.ReportMetric(float64(len(starts)), "cascades")
		b.ReportMetric(float64(failed)/float64(len(starts)), "failed/cascade")
	})
	b.Run("bootstrap-1000", func(b *testing.B) {
		for b.Loop() {
			if err := network.BootstrapOf(ctx, a, 1000, 1, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}
