package network

import "math"

// neumaier is a running sum with Neumaier's compensation (Kahan–Babuška):
// the rounding error of every addition is kept in c and added at the end,
// so the sum is as accurate as if it were taken in twice the precision,
// whatever the order of the terms. A sum that overflows is +Inf.
type neumaier struct{ s, c float64 }

func (n *neumaier) add(x float64) {
	t := n.s + x
	if math.Abs(n.s) >= math.Abs(x) {
		n.c += (n.s - t) + x
	} else {
		n.c += (x - t) + n.s
	}
	n.s = t
}

func (n *neumaier) value() float64 {
	if math.IsInf(n.s, 0) || math.IsNaN(n.s) {
		return n.s
	}
	return n.s + n.c
}

// shareOf is a/b clamped to [0, 1]; 0 when b is 0.
func shareOf(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return min(max(a/b, 0), 1)
}

// sumOf is the compensated sum of x.
func sumOf(x []float64) float64 {
	var n neumaier
	for _, v := range x {
		n.add(v)
	}
	return n.value()
}
