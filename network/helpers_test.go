package network

import (
	"context"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// undirected builds a network of firms from "a-b c-d …", each tie as two
// supply links of volume 1.
func undirected(t *testing.T, ties string) *Network {
	t.Helper()
	var d Dataset
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			d.Nodes = append(d.Nodes, Node{ID: id, Type: Firm})
		}
	}
	for _, tie := range strings.Fields(ties) {
		a, b, _ := strings.Cut(tie, "-")
		add(a)
		add(b)
		d.Links = append(d.Links, Link{From: a, To: b, Kind: Supply, Volume: 1},
			Link{From: b, To: a, Kind: Supply, Volume: 1})
	}
	nw, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	return nw
}

func analyze(t *testing.T, nw *Network) *Analysis {
	t.Helper()
	a, err := Analyze(context.Background(), nw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func figOf(t *testing.T, a *Analysis, id string) NodeFigures {
	t.Helper()
	i, ok := a.Network.Index(id)
	if !ok {
		t.Fatalf("no node %q", id)
	}
	return a.Nodes[i]
}

// near reports whether got is within tol of want, absolutely or relative
// to the larger (gonum's scalar.EqualWithinAbsOrRel): for figures up to 1
// that is the absolute test, for volumes a relative one.
func near(got, want, tol float64) bool { return scalar.EqualWithinAbsOrRel(got, want, tol, tol) }
