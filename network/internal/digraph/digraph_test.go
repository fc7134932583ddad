package digraph

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestNewRejects(t *testing.T) {
	for _, tc := range []struct {
		name                             string
		outStart, outAdj, inStart, inAdj []int32
		want                             string
	}{
		{"offsets not from 0", []int32{1, 1}, []int32{}, nil, nil, "offsets run from"},
		{"offsets short of the arcs", []int32{0, 1}, []int32{1, 0}, nil, nil, "offsets run from"},
		{"offset beyond the arcs", []int32{0, 48, 1}, []int32{1}, nil, nil, "beyond"},
		{"decreasing offsets", []int32{0, 2, 1, 2}, []int32{1, 2}, nil, nil, "decrease"},
		{"neighbour out of range", []int32{0, 1, 1}, []int32{2}, nil, nil, "outside"},
		{"negative neighbour", []int32{0, 1, 1}, []int32{-1}, nil, nil, "outside"},
		{"self-loop", []int32{0, 1, 1}, []int32{0}, nil, nil, "self-loop"},
		{"unsorted", []int32{0, 2, 2, 2}, []int32{2, 1}, nil, nil, "not strictly increasing"},
		{"multi-edge", []int32{0, 2, 2}, []int32{1, 1}, nil, nil, "not strictly increasing"},
		{"arcs without offsets", nil, []int32{1}, nil, nil, "no offsets"},
		{"in-offsets of another size", []int32{0, 1, 1}, []int32{1}, []int32{0, 1}, []int32{0}, "in-offsets"},
		{"in-arcs missing", []int32{0, 1, 1}, []int32{1}, []int32{0, 0, 0}, []int32{}, "in-arcs"},
		{"not the transpose", []int32{0, 1, 1, 1}, []int32{1}, []int32{0, 0, 0, 1}, []int32{0}, "missing from the in-list"},
	} {
		_, err := New(tc.outStart, tc.outAdj, tc.inStart, tc.inAdj)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

func TestEmpty(t *testing.T) {
	for _, g := range []*Graph{{}, must(New(nil, nil, nil, nil)), must(FromArcs(0, nil))} {
		if g.Order() != 0 || g.Size() != 0 || g.HasArc(0, 0) {
			t.Errorf("empty graph: order %d size %d", g.Order(), g.Size())
		}
	}
	if _, err := FromArcs(-1, nil); err == nil {
		t.Error("negative order accepted")
	}
	if _, err := FromArcs(2, [][2]int32{{0, 2}}); err == nil {
		t.Error("arc out of range accepted")
	}
	if _, err := FromArcs(2, [][2]int32{{1, 1}}); err == nil {
		t.Error("self-loop accepted")
	}
}

func must(g *Graph, err error) *Graph {
	if err != nil {
		panic(err)
	}
	return g
}

// FromArcs and New agree, with in-lists computed or given, on random
// graphs; the accessors see every arc once.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for trial := 0; trial < 50; trial++ {
		n := 1 + r.IntN(30)
		var arcs [][2]int32
		for k := r.IntN(4 * n); k > 0; k-- {
			u, v := int32(r.IntN(n)), int32(r.IntN(n))
			if u != v {
				arcs = append(arcs, [2]int32{u, v})
			}
		}
		g := must(FromArcs(n, arcs))
		os, oa := g.OutCSR()
		is, ia := g.InCSR()
		h := must(New(os, oa, is, ia))
		k := must(New(os, oa, nil, nil))
		set := map[[2]int32]bool{}
		for _, a := range arcs {
			set[a] = true
		}
		if g.Size() != len(set) {
			t.Fatalf("%d arcs, want %d", g.Size(), len(set))
		}
		for u := int32(0); int(u) < n; u++ {
			for _, other := range []*Graph{h, k} {
				if !slices.Equal(g.Out(u), other.Out(u)) || !slices.Equal(g.In(u), other.In(u)) {
					t.Fatalf("node %d differs", u)
				}
			}
			for v := int32(0); int(v) < n; v++ {
				if g.HasArc(u, v) != set[[2]int32{u, v}] {
					t.Fatalf("HasArc(%d, %d)", u, v)
				}
			}
			if g.OutDegree(u) != len(g.Out(u)) || g.InDegree(u) != len(g.In(u)) {
				t.Fatal("degrees")
			}
		}
	}
}

// New never panics, whatever the arrays hold; what it accepts is a valid
// graph.
func FuzzNew(f *testing.F) {
	f.Add([]byte{0, 1, 2, 1, 2, 0}, false)
	f.Add([]byte{0, 0, 1, 1, 0}, true)
	f.Fuzz(func(t *testing.T, data []byte, withIn bool) {
		vals := make([]int32, len(data))
		for i, b := range data {
			vals[i] = int32(int8(b))
		}
		h := len(vals) / 2
		outStart, outAdj := vals[:h/2], vals[h/2:h]
		var inStart, inAdj []int32
		if withIn {
			inStart, inAdj = vals[h:h+(len(vals)-h)/2], vals[h+(len(vals)-h)/2:]
		}
		g, err := New(outStart, outAdj, inStart, inAdj)
		if err != nil {
			return
		}
		m := 0
		for u := int32(0); int(u) < g.Order(); u++ {
			m += len(g.Out(u))
			for _, v := range g.Out(u) {
				if !slices.Contains(g.In(v), u) {
					t.Fatalf("arc %d→%d not in the in-list", u, v)
				}
			}
		}
		if m != g.Size() {
			t.Fatal("size")
		}
	})
}
