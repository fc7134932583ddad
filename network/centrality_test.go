package network

import "testing"

// Published values: NetworkX's 15-family Florentine graph (without Pucci).
func TestFlorentineFamilies(t *testing.T) {
	nw := undirected(t, `Acciaiuoli-Medici Medici-Barbadori Medici-Ridolfi Medici-Tornabuoni
		Medici-Albizzi Medici-Salviati Castellani-Peruzzi Castellani-Strozzi Castellani-Barbadori
		Peruzzi-Strozzi Peruzzi-Bischeri Strozzi-Ridolfi Strozzi-Bischeri Ridolfi-Tornabuoni
		Tornabuoni-Guadagni Albizzi-Ginori Albizzi-Guadagni Salviati-Pazzi Bischeri-Guadagni
		Guadagni-Lamberteschi`)
	a := analyze(t, nw)
	if n := len(a.Nodes); n != 15 {
		t.Fatalf("%d families, want 15", n)
	}
	for _, tc := range []struct {
		id               string
		betweenness, tol float64
	}{
		{"Medici", 0.522, 5e-4}, {"Guadagni", 0.255, 5e-4}, {"Albizzi", 0.212, 5e-4},
		// Exact: NetworkX 2.8.8 prints 0.521978021978022 = 95/182.
		{"Medici", 95.0 / 182, 1e-12},
	} {
		if got := figOf(t, a, tc.id).Betweenness; !near(got, tc.betweenness, tc.tol) {
			t.Errorf("betweenness(%s) = %v, want %v", tc.id, got, tc.betweenness)
		}
	}
	for id, want := range map[string]float64{"Medici": 0.560, "Ridolfi": 0.500} {
		if got := figOf(t, a, id).Closeness; !near(got, want, 1e-12) {
			t.Errorf("closeness(%s) = %v, want %v", id, got, want)
		}
	}
}

// Published values: Zachary's karate club, each tie as two directed links.
func TestKarateClub(t *testing.T) {
	nw := undirected(t, karate)
	a := analyze(t, nw)
	// Undirected raw betweenness of node 1 is 231.0714; the directed
	// graph counts both orders and normalises by (n−1)(n−2) = 1056.
	if got := figOf(t, a, "1").Betweenness; !near(got, 0.437635, 1e-6) {
		t.Errorf("betweenness(1) = %v, want 0.437635", got)
	}
	if got := figOf(t, a, "34").Betweenness; !near(got, 160.5516/528, 1e-6) {
		t.Errorf("betweenness(34) = %v, want %v", got, 160.5516/528)
	}
}

// A hand-computed chain p → q → r.
func TestChainByHand(t *testing.T) {
	nw, err := New(Dataset{
		Nodes: []Node{{ID: "p"}, {ID: "q"}, {ID: "r"}},
		Links: []Link{{From: "p", To: "q", Kind: Supply, Volume: 1}, {From: "q", To: "r", Kind: Supply, Volume: 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	a := analyze(t, nw)
	// PageRank: with c the score of p, q = c + .85c, r = q·.85 + c, and
	// p + q + r = 1, c = 1/5.4225.
	c := 1 / 5.4225
	for _, tc := range []struct {
		id                       string
		btw, clo, harm, pagerank float64
		inDeg, outDeg            int
	}{
		{"p", 0, 0, 0, c, 0, 1},
		{"q", 0.5, 0.5, 0.5, 1.85 * c, 1, 1},
		{"r", 0, 2.0 / 3, 0.75, 2.5725 * c, 1, 0},
	} {
		f := figOf(t, a, tc.id)
		if !near(f.Betweenness, tc.btw, 1e-15) || !near(f.Closeness, tc.clo, 1e-15) ||
			!near(f.Harmonic, tc.harm, 1e-15) || !near(f.PageRank, tc.pagerank, 1e-12) ||
			f.InDegree != tc.inDeg || f.OutDegree != tc.outDeg {
			t.Errorf("%s: got %+v, want %+v", tc.id, f, tc)
		}
	}
}

const karate = `1-2 1-3 1-4 1-5 1-6 1-7 1-8 1-9 1-11 1-12 1-13 1-14 1-18 1-20 1-22 1-32 2-3 2-4 2-8
2-14 2-18 2-20 2-22 2-31 3-4 3-8 3-9 3-10 3-14 3-28 3-29 3-33 4-8 4-13 4-14 5-7 5-11 6-7 6-11
6-17 7-17 9-31 9-33 9-34 10-34 14-34 15-33 15-34 16-33 16-34 19-33 19-34 20-34 21-33 21-34
23-33 23-34 24-26 24-28 24-30 24-33 24-34 25-26 25-28 25-32 26-32 27-30 27-34 28-34 29-32 29-34
30-33 30-34 31-33 31-34 32-33 32-34 33-34`
