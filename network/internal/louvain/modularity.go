package louvain

import (
	"math"
	"math/bits"

	"clusterchain/network/internal/csr"
	"clusterchain/network/internal/neumaier"
)

// Weights returns the tie weights Communities and Modularity should use
// on u: nil (every tie weighs 1) when no edge has a positive weight;
// otherwise u's weights, multiplied by a power of two where the summed
// degree 2m could come within 2⁵⁰⁰ of overflowing float64 (Louvain
// multiplies two degrees). Scaling by a power of two is exact, and every
// quantity Louvain compares is a ratio of sums of weights, so the
// partition and the modularity are the unscaled ones wherever those do not
// overflow (and no scaled weight falls below 2⁻¹⁰²², into the subnormal
// range); TestScaleFree checks it.
func Weights(u *csr.Undirected) (w []float64, unit bool) {
	_, _, w, _ = u.CSR()
	_, _, outW := u.Graph().OutCSR()
	total := 0.0
	for _, x := range outW {
		total += x
	}
	if total == 0 {
		return nil, true
	}
	if s := shift(u); s != 0 {
		return u.ScaledWeights(s), false
	}
	return w, false
}

// shift returns the power of two by which Weights divides
// the weights of u: 0 while the summed degree 2m is sure to stay below
// 2⁵⁰⁰, so that no product of two degrees can overflow; otherwise the
// shift that brings the bound on 2m to 2⁴⁰⁰.
func shift(u *csr.Undirected) int {
	_, adj, _, _ := u.CSR()
	_, _, outW := u.Graph().OutCSR()
	maxW := 0.0
	for _, x := range outW {
		maxW = max(maxW, x)
	}
	if maxW == 0 {
		return 0
	}
	// A tie weighs at most 2·maxW and 2m counts each tie twice.
	_, e := math.Frexp(maxW) // maxW < 2^e
	e += 1 + bits.Len(uint(len(adj)))
	if e <= 500 {
		return 0
	}
	return e - 400
}

// Modularity returns Q = Σ_c [in(c)/2m − (tot(c)/2m)²] of the partition of
// u into communities of (numbered 1…nc), with tie weights w (nil: 1): in(c)
// is the weight of the ties inside c counted from both ends, tot(c) the
// summed weighted degree of its members, 2m the summed weighted degree.
// It is the figure of gonum's community.Q(u, communities, 1) — the test
// oracle — in linear time; the two agree to rounding.
func Modularity(u *csr.Undirected, w []float64, of []int32, nc int) float64 {
	start, adj, _, _ := u.CSR()
	in := make([]neumaier.Sum, nc+1)
	tot := make([]neumaier.Sum, nc+1)
	var m2s neumaier.Sum
	for v := 0; v < u.Order(); v++ {
		c := of[v]
		var k neumaier.Sum
		for i := start[v]; i < start[v+1]; i++ {
			x := 1.0
			if w != nil {
				x = w[i]
			}
			k.Add(x)
			if of[adj[i]] == c {
				in[c].Add(x)
			}
		}
		kv := k.Value()
		tot[c].Add(kv)
		m2s.Add(kv)
	}
	m2 := m2s.Value()
	if m2 == 0 {
		return 0
	}
	var q neumaier.Sum
	for c := range in {
		t := tot[c].Value() / m2
		q.Add(in[c].Value()/m2 - t*t)
	}
	return q.Value()
}
