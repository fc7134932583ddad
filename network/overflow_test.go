package network

import (
	"clusterchain/network/internal/neumaier"
	"errors"
	"math"
	"slices"
	"testing"
)

// A sum of finite volumes that a table reports and that overflows float64
// is an error naming the node or cluster and the links that cause it
// (issue 12.4).
func TestVolumeOverflow(t *testing.T) {
	const big = 1e308
	firm := func(id, c string) Node { return Node{ID: id, Cluster: c} }
	nodes := []Node{firm("a", "A"), firm("b", "A"), firm("c", ""), firm("d", ""), firm("e", "")}
	for _, tc := range []struct {
		name  string
		links []Link
		want  VolumeOverflowError
	}{
		{"out-volume", []Link{{"c", "d", Supply, 1}, {"c", "a", Supply, big}, {"c", "e", Supply, 3}, {"c", "b", Supply, big}},
			VolumeOverflowError{Sum: "out-volume", ID: "c", Links: []int{1, 3}, Total: 4}},
		{"in-volume", []Link{{"a", "e", Supply, big}, {"d", "e", Supply, big}, {"c", "e", Supply, big}},
			VolumeOverflowError{Sum: "in-volume", ID: "e", Links: []int{0, 1}, Total: 3}},
		{"out(C)", []Link{{"a", "b", Supply, 1}, {"a", "c", Supply, big}, {"b", "d", Supply, big}},
			VolumeOverflowError{Sum: "out(C)", ID: "A", Links: []int{1, 2}, Total: 2}},
		{"total", []Link{{"c", "d", Supply, big}, {"e", "a", Supply, 1}, {"a", "b", Supply, big}},
			VolumeOverflowError{Sum: "total volume", Links: []int{0, 2}, Total: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(Dataset{Nodes: nodes, Links: tc.links})
			var e *VolumeOverflowError
			if !errors.Is(err, ErrVolumeOverflow) || !errors.As(err, &e) {
				t.Fatalf("error %v, want a VolumeOverflowError", err)
			}
			if e.Sum != tc.want.Sum || e.ID != tc.want.ID || !slices.Equal(e.Links, tc.want.Links) || e.Total != tc.want.Total {
				t.Errorf("got %+v, want %+v", *e, tc.want)
			}
			t.Log(err)
		})
	}
}

// The largest finite volumes work as long as the sums the tables report
// stay finite: two triangles of ties of 3·2¹⁰¹⁸ joined by one of 2¹⁰¹⁸
// (the summed degree 2m is far beyond float64, as are the products of two
// degrees Louvain forms) split into the two triangles, and every figure
// is finite (issue 12.4: this panicked with index −1).
func TestHugeVolumes(t *testing.T) {
	unit := math.Ldexp(1, 1018)
	var d Dataset
	for _, id := range []string{"a", "b", "c", "x", "y", "z"} {
		d.Nodes = append(d.Nodes, Node{ID: id, Cluster: "K"})
	}
	d.Nodes = append(d.Nodes, Node{ID: "m", Type: Market}, Node{ID: "w", Type: Buyer})
	for _, l := range [][2]string{{"a", "b"}, {"b", "c"}, {"c", "a"}, {"x", "y"}, {"y", "z"}, {"z", "x"}} {
		d.Links = append(d.Links, Link{l[0], l[1], Supply, 3 * unit})
	}
	d.Links = append(d.Links, Link{"c", "x", Supply, unit}, Link{"a", "m", Sale, unit / 4},
		Link{"m", "w", Sale, unit / 2}, Link{"m", "y", Supply, unit / 2})
	a := build(t, d)
	checkFinite(t, a)
	of := func(id string) int32 { return figOf(t, a, id).Community }
	if of("a") != of("b") || of("b") != of("c") || of("x") != of("y") || of("y") != of("z") || of("a") == of("x") {
		t.Errorf("communities a%d b%d c%d x%d y%d z%d", of("a"), of("b"), of("c"), of("x"), of("y"), of("z"))
	}
	if f := figOf(t, a, "c"); f.OutVolume != 4*unit || f.InVolume != 3*unit {
		t.Errorf("c: volumes %v %v", f.OutVolume, f.InVolume)
	}
	if r := a.Clusters[0].BuyerReach; !near(r, 0.5*(unit/4)/a.Clusters[0].OutVolume, 1e-15) {
		t.Errorf("buyer_reach %v", r)
	}
}

// Volumes are summed with Neumaier's compensation and shares clamped to
// [0, 1] (issue 12.6): 0.1 + 0.2 + 0.3 is 0.6, not 0.6000000000000001, and
// a cluster selling everything to buyers through a market has buyer_reach
// 1, not 1.0000000000000002.
func TestCompensatedSums(t *testing.T) {
	a := build(t, Dataset{
		Nodes: []Node{{ID: "f", Cluster: "A"}, {ID: "g", Cluster: "A"}, {ID: "h", Cluster: "A"},
			{ID: "m", Type: Market}, {ID: "z", Type: Buyer}, {ID: "y", Type: Buyer}},
		Links: []Link{{"f", "m", Sale, 0.1}, {"g", "m", Sale, 0.2}, {"h", "m", Sale, 0.3},
			{"m", "z", Sale, 0.1}, {"m", "y", Sale, 0.7}},
	})
	x, y, z := 0.1, 0.2, 0.3 // variables: Go's constant arithmetic is exact
	if x+y+z == 0.6 || z+x != 0.4 {
		t.Fatal("the example no longer shows rounding")
	}
	A := a.Clusters[0]
	if A.OutVolume != 0.6 || A.MarketShare != 1 || A.BuyerReach != 1 {
		t.Errorf("out(A) %v, market_share %v, buyer_reach %v; want 0.6, 1, 1", A.OutVolume, A.MarketShare, A.BuyerReach)
	}
	if m := figOf(t, a, "m"); m.InVolume != 0.6 || m.OutVolume != x+0.7 { // 0.7999999999999999 is the sum of 0.1 and 0.7, correctly rounded
		t.Errorf("m: in %v out %v", m.InVolume, m.OutVolume)
	}
	var sum float64
	for _, r := range a.Reach {
		if r.Share < 0 || r.Share > 1 {
			t.Errorf("reach share %v", r.Share)
		}
		sum += r.Share
	}
	if !near(sum, 1, 3e-16) {
		t.Errorf("reach shares sum to %v", sum)
	}
	for _, l := range a.Linkage {
		if l.Share != 1 || l.Dependence != 1 {
			t.Errorf("linkage %+v", l)
		}
	}
}

func TestShareClamped(t *testing.T) {
	for _, tc := range [][3]float64{{1, 0, 0}, {3, 2, 1}, {-1, 2, 0}, {1, 3, 1.0 / 3}, {0.6000000000000001, 0.6, 1}} {
		if got := shareOf(tc[0], tc[1]); got != tc[2] {
			t.Errorf("shareOf(%v, %v) = %v, want %v", tc[0], tc[1], got, tc[2])
		}
	}
	var n neumaier.Sum
	for _, x := range []float64{1e100, 1, -1e100} {
		n.Add(x)
	}
	if n.Value() != 1 {
		t.Errorf("Neumaier sum of 1e100, 1, -1e100 = %v", n.Value())
	}
}
