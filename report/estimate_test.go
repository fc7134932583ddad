package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"clusterchain/network"
	"clusterchain/synth"
)

// A run that samples its sources says so: nodes.csv and report.json carry
// the standard errors, and the printed top list marks every estimated value
// with its standard error. An exact run has neither.
func TestEstimatesAreMarked(t *testing.T) {
	d, err := synth.Generate(synth.Config{Firms: 300, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := network.New(*d)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sources int
		marked  bool
	}{{0, false}, {40, true}} {
		a, err := network.Analyze(context.Background(), nw,
			network.Options{Seed: 1, Sampling: network.Sampling{Sources: c.sources}})
		if err != nil {
			t.Fatal(err)
		}
		var nodes, js, sum bytes.Buffer
		if err := WriteNodes(&nodes, a); err != nil {
			t.Fatal(err)
		}
		run := &Run{Analysis: a}
		if err := WriteJSON(&js, run); err != nil {
			t.Fatal(err)
		}
		if err := WriteSummary(&sum, run); err != nil {
			t.Fatal(err)
		}
		header, _, _ := strings.Cut(nodes.String(), "\n")
		for _, col := range []string{"betweenness_se", "closeness_se", "harmonic_se"} {
			if got := strings.Contains(header, ","+col); got != c.marked {
				t.Errorf("sources %d: nodes.csv has %s: %v", c.sources, col, got)
			}
			if got := strings.Contains(js.String(), `"`+col+`"`); got != c.marked {
				t.Errorf("sources %d: report.json has %s: %v", c.sources, col, got)
			}
		}
		top := sum.String()[strings.Index(sum.String(), "most central by betweenness"):]
		// The heading and each of the five rows carry a ±.
		marked := strings.Contains(top, "estimated from 40 sampled sources") && strings.Count(top, " ± ") == 6
		if got := marked; got != c.marked {
			t.Errorf("sources %d: top list marked %v:\n%s", c.sources, got, top)
		}
	}
}
