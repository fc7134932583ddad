package brokeragez

import (
	"math"
	"math/rand/v2"
	"testing"
)

// By hand, the network of five nodes in groups x, x, y, x, z with six
// arcs: N = 5, d = 6/20 = 0.3, p = d²(1 − d) = 0.063, 2d³(1 − d)³ =
// 0.018522. A node of group x (n = 3): coordinator E = p·2·1 = 0.126,
// Var = 0.126·(1 − p) + 0 = 0.118062, so a raw count of 0 has
// z = −0.126/√0.118062 = −0.36670…; representative E = p·(5−3)·2 =
// 0.252, Var = 0.252·0.937 + 0.018522·(2·C(2,2) + 2·C(2,2)) = 0.310212;
// a raw 1 has z = 0.748/√0.310212. Groups y and z (n = 1) have no
// coordinator or representative variance: NaN, as R gives.
func TestZByHand(t *testing.T) {
	group := []int32{0, 0, 1, 0, 2}
	md := NewModel(group, 6)
	z := md.Z(0, Counts{Representative: 1})
	for _, c := range []struct {
		role Role
		want float64
	}{
		{Coordinator, -0.126 / math.Sqrt(0.118062)},
		{Representative, 0.748 / math.Sqrt(0.310212)},
		{Gatekeeper, -0.252 / math.Sqrt(0.310212)},
	} {
		if math.Abs(z[c.role]-c.want) > 1e-12 {
			t.Errorf("role %d: z = %.17g, want %.17g", c.role, z[c.role], c.want)
		}
	}
	// R sna 2.7-1 on this network (scripts/sna_brokerage_z.R): node a,
	// raw (0, 1, 0, 0, 1).
	za := md.Z(0, Counts{Gatekeeper: 1, Liaison: 1})
	for r, want := range []float64{-0.36670385633332675, 1.3429885222142908, -0.45245067860695359, math.NaN(), 2.5436442098041874, 1.1585760879108802} {
		if got := za[r]; !(math.Abs(got-want) <= 1e-12 || math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("node a role %d: z = %.17g, R %.17g", r, got, want)
		}
	}
	zy := md.Z(1, Counts{})
	if !math.IsNaN(zy[Coordinator]) || !math.IsNaN(zy[Representative]) {
		t.Errorf("one-node group: %v, want NaN coordinator and representative", zy)
	}
}

// Degenerate networks give NaN, never a panic: no nodes, one node, no
// arcs (d = 0), every arc (d = 1), a negative group, mismatched lengths.
func TestDegenerate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		group []int32
		arcs  int
	}{
		{"no nodes", nil, 0},
		{"one node", []int32{0}, 0},
		{"no arcs", []int32{0, 0, 1, 1}, 0},
		{"complete", []int32{0, 0, 1, 1}, 12},
	} {
		z := ZScores(make([]Counts, len(tc.group)), tc.group, tc.arcs)
		for v := range z {
			for r, x := range z[v] {
				if !math.IsNaN(x) {
					t.Errorf("%s: node %d role %d: z = %v, want NaN", tc.name, v, r, x)
				}
			}
		}
	}
	if ZScores(make([]Counts, 2), []int32{0, -1}, 1) != nil {
		t.Error("negative group accepted")
	}
	if ZScores(make([]Counts, 1), []int32{0, 0}, 1) != nil {
		t.Error("length mismatch accepted")
	}
	var md *Model
	if (md.Group(0) != Null{}) {
		t.Error("nil model")
	}
}

// The closed forms over the other groups equal sna's sums over them, term
// by term, for many group sizes (including empty and one-node groups).
func TestSumsOverOtherGroups(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 50; trial++ {
		k := 1 + r.IntN(12)
		var group []int32
		for c := 0; c < k; c++ {
			for s := r.IntN(6); s > 0; s-- {
				group = append(group, int32(c))
			}
		}
		if len(group) < 2 {
			continue
		}
		arcs := 1 + r.IntN(len(group)*(len(group)-1)-1)
		md := NewModel(group, arcs)
		N, d := md.N, md.Density
		p, q := d*d*(1-d), 2*d*d*d*(1-d)*(1-d)*(1-d)
		for i, n := range md.Sizes {
			var o1, o2, pairs, lv float64
			for j, nj := range md.Sizes {
				if j == i {
					continue
				}
				o1 += nj * (nj - 1)
				o2 += nj * (nj - 1) * (nj - 2)
				lv += nj * choose2(N-nj-n)
				for l, nl := range md.Sizes {
					if l != i && l != j {
						pairs += nj * nl
					}
				}
			}
			nl := md.Group(int32(i))
			for _, c := range []struct {
				got, want float64
			}{
				{nl.Expected[Itinerant], p * o1},
				{nl.Variance[Itinerant], p*o1*(1-p) + q*o2},
				{nl.Expected[Liaison], p * pairs},
				{nl.Variance[Liaison], p*pairs*(1-p) + 2*q*lv},
			} {
				if math.Abs(c.got-c.want) > 1e-12*math.Max(1, math.Abs(c.want)) {
					t.Fatalf("trial %d group %d: %v, direct sum %v", trial, i, c.got, c.want)
				}
			}
		}
	}
}
