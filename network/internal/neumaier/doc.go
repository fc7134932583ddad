// Package neumaier sums float64 values with Neumaier's compensated
// summation, which keeps the rounding error of each addition and so gives
// the sum of many volumes to the last digit where a plain loop drifts
// (0.1 + 0.2 + 0.3 is 0.6, not 0.6000000000000001).
package neumaier
