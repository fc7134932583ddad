package paths

import (
	"context"
	"math"
	"testing"

	"clusterchain/network/internal/csr"

	"gonum.org/v1/gonum/floats/scalar"
)

// Standard errors by hand on 0 → 1 → 2, 3 → 1, 0 → 4 (n = 5), sampled
// from the sources {0, 2} (k = 2).
//
// Betweenness of 1: the sources contribute δ₀(1) = 1 (0 → 1 → 2) and
// δ₂(1) = 0; mean ½, S² = ½, SE of the mean over N = n = 5 sources
// √((1 − 2/5)·½/2) = √(3/20); the estimate n·mean·norm with norm =
// 1/((n−1)(n−2)) = 1/12 is 5/24, its SE 5·√(3/20)/12.
//
// Harmonic of 4: reached by 0 at distance 1, not by 2: contributions
// (1, 0) over k′ = 2 of N = 4 other sources, S² = ½, SE of the mean
// √((1 − 2/4)·½/2) = √(1/8); the estimate N·mean/(n−1) = ½, its SE
// N·√(1/8)/(n−1) = √(1/8).
//
// Closeness of 4: C = ā²/b̄ with a = (1, 0), b = (1, 0): ā = b̄ = ½, C =
// ½; S_aa = S_bb = S_ab = ½, ∇ = (2ā/b̄, −ā²/b̄²) = (2, −1), Var =
// (1 − 2/4)/2 · (4·½ + 1·½ − 2·2·½) = ¼ · ½, SE = √(1/8).
func TestStandardErrorsByHand(t *testing.T) {
	g := csr.New(5, []csr.Arc{{From: 0, To: 1, Weight: 1}, {From: 1, To: 2, Weight: 1},
		{From: 3, To: 1, Weight: 1}, {From: 0, To: 4, Weight: 1}})
	p, err := sampledFrom(context.Background(), g, []int32{2, 0}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"betweenness(1)", p.Betweenness[1], 5.0 / 24},
		{"betweenness SE(1)", p.BetweennessSE[1], 5 * math.Sqrt(3.0/20) / 12},
		{"harmonic(4)", p.Harmonic[4], 0.5},
		{"harmonic SE(4)", p.HarmonicSE[4], math.Sqrt(1.0 / 8)},
		{"closeness(4)", p.Closeness[4], 0.5},
		{"closeness SE(4)", p.ClosenessSE[4], math.Sqrt(1.0 / 8)},
		// Node 2 is in the sample: k′ = 1, no spread to measure.
		{"harmonic SE(2)", p.HarmonicSE[2], 0},
		{"betweenness SE(0)", p.BetweennessSE[0], 0},
	} {
		if !scalar.EqualWithinAbsOrRel(tc.got, tc.want, 1e-15, 1e-14) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}
