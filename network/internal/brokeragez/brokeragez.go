package brokeragez

import (
	"math"
	"math/big"
)

// Role indexes the five Gould–Fernandez roles and their total.
type Role int

// The roles, in the order of clusterchain's columns (sna's columns in
// brackets).
const (
	Coordinator    Role = iota // w_I: g(a) = g(v) = g(b)
	Gatekeeper                 // b_OI: g(a) ≠ g(v) = g(b)
	Representative             // b_IO: g(a) = g(v) ≠ g(b)
	Itinerant                  // w_O: g(a) = g(b) ≠ g(v)
	Liaison                    // b_O: all three differ
	Total                      // t: the sum of the five
	Roles                      // the number of entries above
)

// Counts are one node's raw brokerage counts, by Role (Total is ignored
// on input: it is the sum of the five).
type Counts [Roles]float64

// Null is sna's null model for the nodes of one group: the expected count
// and the variance of every role for a node of that group when each of
// the N(N−1) possible arcs is present independently with the observed
// density d.
type Null struct {
	Expected, Variance [Roles]float64
}

// Model is the null model of one network: the group sizes and the density.
type Model struct {
	N       float64   // nodes
	Density float64   // d = arcs / (N(N − 1)); NaN for N < 2
	Sizes   []float64 // nodes per group
	groups  []Null
}

// NewModel builds the null model of a network of n = len(group) nodes and
// the given number of arcs, where group[v] in 0…k−1 is v's group (k the
// largest value plus one; a group no node is in does not matter). It
// returns nil when a group value is negative.
func NewModel(group []int32, arcs int) *Model {
	k := int32(0)
	for _, c := range group {
		if c < 0 {
			return nil
		}
		k = max(k, c+1)
	}
	md := &Model{N: float64(len(group)), Sizes: make([]float64, k), groups: make([]Null, k)}
	for _, c := range group {
		md.Sizes[c]++
	}
	N := md.N
	d := float64(arcs) / (N * (N - 1))
	md.Density = d
	// The group-size polynomials sna sums over the other groups j ≠ i are
	// formed as exact integers (totals minus group i's own term, so k
	// groups cost O(k), not O(k²)) and rounded once.
	var S1, S2, Q, C big.Int // Σ n(n−1), Σ n(n−1)(n−2), Σ n², Σ n³
	for _, n := range md.Sizes {
		S1.Add(&S1, poly(n, 0, -1))
		S2.Add(&S2, poly(n, 0, -1, -2))
		Q.Add(&Q, poly(n, 0, 0))
		C.Add(&C, poly(n, 0, 0, 0))
	}
	bigN := big.NewInt(int64(len(group)))
	p := d * d * (1 - d)                             // one open two-path: a→v, v→b, no a→b
	q := 2 * d * d * d * (1 - d) * (1 - d) * (1 - d) // sna's covariance term 2·d³(1−d)³
	for i, n := range md.Sizes {
		e, v := &md.groups[i].Expected, &md.groups[i].Variance
		ni := big.NewInt(int64(n))
		A := new(big.Int).Sub(bigN, ni) // nodes outside group i
		// Coordinator: a and b in v's group.
		e[Coordinator] = p * (n - 1) * (n - 2)
		v[Coordinator] = e[Coordinator]*(1-p) + q*(n-1)*(n-2)*(n-3)
		// Itinerant: a and b in one other group.
		o1 := new(big.Int).Sub(&S1, poly(n, 0, -1))
		o2 := new(big.Int).Sub(&S2, poly(n, 0, -1, -2))
		e[Itinerant] = p * float(o1)
		v[Itinerant] = e[Itinerant]*(1-p) + q*float(o2)
		// Representative and gatekeeper: one end in v's group, one outside.
		a := float(A)
		e[Representative] = p * a * (n - 1)
		v[Representative] = e[Representative]*(1-p) + q*((n-1)*choose2(a)+a*choose2(n-1))
		e[Gatekeeper], v[Gatekeeper] = e[Representative], v[Representative]
		// Liaison: a and b in two different other groups: (Σ_{j≠i} n_j)² −
		// Σ_{j≠i} n_j² ordered pairs; the variance needs
		// Σ_{j≠i} n_j·C(A − n_j, 2) = [(A² − A)·A + (1 − 2A)·Q' + C']/2
		// with Q', C' the sums of n_j², n_j³ over j ≠ i.
		q2 := new(big.Int).Sub(&Q, poly(n, 0, 0))
		c3 := new(big.Int).Sub(&C, poly(n, 0, 0, 0))
		pairs := new(big.Int).Mul(A, A)
		pairs.Sub(pairs, q2)
		e[Liaison] = p * float(pairs)
		t := new(big.Int).Mul(A, A)
		t.Sub(t, A).Mul(t, A)
		u := new(big.Int).Lsh(A, 1)
		u.Sub(big.NewInt(1), u).Mul(u, q2)
		t.Add(t, u).Add(t, c3).Rsh(t, 1)
		v[Liaison] = e[Liaison]*(1-p) + 2*q*float(t)
		// Total: any a ≠ b other than v.
		e[Total] = p * (N - 1) * (N - 2)
		v[Total] = e[Total]*(1-p) + q*(N-1)*(N-2)*(N-3)
	}
	return md
}

// poly returns the integer Π (n + c) over the given offsets c.
func poly(n float64, offsets ...int64) *big.Int {
	x := big.NewInt(1)
	for _, c := range offsets {
		x.Mul(x, big.NewInt(int64(n)+c))
	}
	return x
}

// float rounds an integer to the nearest float64.
func float(x *big.Int) float64 {
	f, _ := new(big.Float).SetInt(x).Float64()
	return f
}

// choose2 is x(x−1)/2, R's choose(x, 2) for the whole numbers x ≥ 0 it
// is called with here (0 for x < 2).
func choose2(x float64) float64 {
	if x < 2 {
		return 0
	}
	return x * (x - 1) / 2
}

// Group returns the null model of group c (the zero Null for a group
// outside the model).
func (md *Model) Group(c int32) Null {
	if md == nil || c < 0 || int(c) >= len(md.groups) {
		return Null{}
	}
	return md.groups[c]
}

// Z returns the z-scores (raw − expected) / √variance of one node of
// group c with the given raw counts (Total taken as the sum of the five),
// as the rows of R sna::brokerage(g, cl)$z.nli. A role whose variance is 0
// (a group too small for it, or a density of 0 or 1) has z NaN, as in R
// (0/0; the raw count is then 0 too).
func (md *Model) Z(c int32, raw Counts) [Roles]float64 {
	raw[Total] = 0
	for r := Coordinator; r < Total; r++ {
		raw[Total] += raw[r]
	}
	nl := md.Group(c)
	var z [Roles]float64
	for r := range z {
		z[r] = (raw[r] - nl.Expected[r]) / math.Sqrt(nl.Variance[r])
	}
	return z
}

// ZScores returns the z-scores of every node: raw[v] are v's counts and
// group[v] its group, as for NewModel; nil when the lengths differ or a
// group is negative.
func ZScores(raw []Counts, group []int32, arcs int) [][Roles]float64 {
	if len(raw) != len(group) {
		return nil
	}
	md := NewModel(group, arcs)
	if md == nil {
		return nil
	}
	z := make([][Roles]float64, len(raw))
	for v := range raw {
		z[v] = md.Z(group[v], raw[v])
	}
	return z
}
