package neumaier

import "math"

// Sum is a running sum with Neumaier's compensation (Kahan–Babuška): the
// rounding error of every addition is kept apart and added at the end, so
// the sum is as accurate as if it were taken in twice the precision,
// whatever the order of the terms. The zero value is an empty sum. A sum
// that overflows is ±Inf.
type Sum struct{ s, c float64 }

// Add adds x to the sum.
func (n *Sum) Add(x float64) {
	t := n.s + x
	if math.Abs(n.s) >= math.Abs(x) {
		n.c += (n.s - t) + x
	} else {
		n.c += (x - t) + n.s
	}
	n.s = t
}

// Value returns the sum.
func (n *Sum) Value() float64 {
	if math.IsInf(n.s, 0) || math.IsNaN(n.s) {
		return n.s
	}
	return n.s + n.c
}

// Of returns the compensated sum of x, added in order.
func Of(x []float64) float64 {
	var n Sum
	for _, v := range x {
		n.Add(v)
	}
	return n.Value()
}
