package neumaier

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestSumByHand(t *testing.T) {
	for _, tc := range []struct {
		x    []float64
		want float64
	}{
		{nil, 0},
		{[]float64{0.1, 0.2, 0.3}, 0.6},
		{[]float64{1e100, 1, -1e100}, 1},
		{[]float64{1, 1e100, 1, -1e100}, 2},
		{[]float64{math.MaxFloat64, math.MaxFloat64}, math.Inf(1)},
		{[]float64{3}, 3},
	} {
		if got := Of(tc.x); got != tc.want {
			t.Errorf("Of(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
}

// Against the exact sum (math/big), rounded once: Neumaier's sum of
// non-negative terms is within one unit in the last place, where the
// plain sum of 10,000 terms drifts by many.
func TestSumMatchesExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	worstPlain, worst := 0.0, 0.0
	for trial := 0; trial < 50; trial++ {
		x := make([]float64, 10000)
		exact := new(big.Float).SetPrec(2000)
		plain := 0.0
		for i := range x {
			x[i] = math.Round(r.Float64()*1e6) / 100 // volumes with two decimals
			exact.Add(exact, new(big.Float).SetFloat64(x[i]))
			plain += x[i]
		}
		want, _ := exact.Float64()
		ulp := math.Nextafter(want, math.Inf(1)) - want
		worst = max(worst, math.Abs(Of(x)-want)/ulp)
		worstPlain = max(worstPlain, math.Abs(plain-want)/ulp)
	}
	if worst > 1 {
		t.Errorf("Neumaier off by %v ulp", worst)
	}
	t.Logf("largest error: Neumaier %v ulp, plain loop %v ulp", worst, worstPlain)
}

func BenchmarkOf(b *testing.B) {
	x := make([]float64, 1000)
	for i := range x {
		x[i] = float64(i) * 0.1
	}
	for i := 0; i < b.N; i++ {
		Of(x)
	}
}
