package connectivity

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"clusterchain/network/internal/digraph"
	"clusterchain/network/internal/dominators"
)

func graph(t testing.TB, n int, arcs ...[2]int32) *digraph.Graph {
	t.Helper()
	g, err := digraph.FromArcs(n, arcs)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestChannelsByHand(t *testing.T) {
	type arc = [2]int32
	for _, tc := range []struct {
		name    string
		n       int
		arcs    []arc
		sources []int32
		t       int32
		want    int
	}{
		{"no nodes reachable", 3, nil, []int32{0}, 2, 0},
		// Star through one market: firms 0, 1, 2 → market 3 → buyer 4.
		{"star through one market", 5, []arc{{0, 3}, {1, 3}, {2, 3}, {3, 4}}, []int32{0, 1, 2}, 4, 1},
		// Two markets in parallel: firms 0, 1 → markets 2, 3 → buyer 4.
		{"two markets in parallel", 5, []arc{{0, 2}, {1, 3}, {2, 4}, {3, 4}}, []int32{0, 1}, 4, 2},
		// One firm selling through two markets: the firm itself is shared.
		{"one firm, two markets", 4, []arc{{0, 1}, {0, 2}, {1, 3}, {2, 3}}, []int32{0}, 3, 1},
		// Direct orders: every firm with an arc to the buyer is a channel.
		{"direct orders", 4, []arc{{0, 3}, {1, 3}, {2, 3}}, []int32{0, 1, 2}, 3, 3},
		// A ring on the path: 0→1→2→0 pooling ring, 1 and 2 both sell to
		// markets 3 and 4 → buyer 5; sources 0 only: 0 is shared, 1.
		{"ring, one source", 6, []arc{{0, 1}, {1, 2}, {2, 0}, {1, 3}, {2, 4}, {3, 5}, {4, 5}}, []int32{0}, 5, 1},
		// The same ring with every member a source: 1→3→5 and 2→4→5.
		{"ring, all sources", 6, []arc{{0, 1}, {1, 2}, {2, 0}, {1, 3}, {2, 4}, {3, 5}, {4, 5}}, []int32{0, 1, 2}, 5, 2},
		// A path that must be rerouted: the shortest path 0→2→5 would
		// block 1's only route (1→2); max flow uses 0→3→5 and 1→2→5.
		{"reroute", 6, []arc{{0, 2}, {0, 3}, {1, 2}, {2, 5}, {3, 5}}, []int32{0, 1}, 5, 2},
		// Classic cancellation: 0→2→3→5 is found first, but the maximum
		// takes 0→2→4→5 and 1→3→5 (flow 2 needs the reverse arc of 2→3).
		{"cancel", 6, []arc{{0, 2}, {1, 3}, {2, 3}, {2, 4}, {3, 5}, {4, 5}}, []int32{0, 1}, 5, 2},
		// A source that is the target itself: the direct arc r → t.
		{"target is a source", 3, []arc{{0, 2}, {1, 2}}, []int32{0, 1, 2}, 2, 3},
		// Every arc of 5 nodes: through the one source only; with three
		// sources, one path each (node 3 has no free source left).
		{"complete, one source", 5, []arc{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 0}, {1, 2}, {1, 3}, {1, 4}, {2, 0}, {2, 1}, {2, 3}, {2, 4}, {3, 0}, {3, 1}, {3, 2}, {3, 4}, {4, 0}, {4, 1}, {4, 2}, {4, 3}}, []int32{0}, 4, 1},
		{"complete, three sources", 5, []arc{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 0}, {1, 2}, {1, 3}, {1, 4}, {2, 0}, {2, 1}, {2, 3}, {2, 4}, {3, 0}, {3, 1}, {3, 2}, {3, 4}, {4, 0}, {4, 1}, {4, 2}, {4, 3}}, []int32{0, 1, 2}, 4, 3},
		{"out of range target", 2, []arc{{0, 1}}, []int32{0}, 7, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(graph(t, tc.n, tc.arcs...))
			s.From(tc.sources)
			got, err := s.To(context.Background(), tc.t)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("channels = %d, want %d", got, tc.want)
			}
			// The solver is reusable: the same answer again.
			if again, _ := s.To(context.Background(), tc.t); again != got {
				t.Errorf("second call: %d, first %d", again, got)
			}
		})
	}
}

// explicitFlow is the textbook construction, written independently for
// the test: the auxiliary digraph of NetworkX (v → vA, vB with vA → vB of
// capacity 1; u → v as uB → vA; the root r's arcs rB → sA) as a dense
// capacity matrix, and Edmonds–Karp from rB to tA.
func explicitFlow(g *digraph.Graph, sources []int32, t int32) int {
	n := g.Order()
	N := 2*n + 2 // vA = 2v, vB = 2v+1, rA = 2n, rB = 2n+1
	c := make([][]int, N)
	for i := range c {
		c[i] = make([]int, N)
	}
	for v := 0; v < n; v++ {
		c[2*v][2*v+1] = 1
		for _, w := range g.Out(int32(v)) {
			c[2*v+1][2*w] = 1
		}
	}
	for _, s := range sources {
		c[2*n+1][2*s] = 1
	}
	src, sink := 2*n+1, 2*int(t)
	flow := 0
	for {
		prev := make([]int, N)
		for i := range prev {
			prev[i] = -1
		}
		prev[src] = src
		q := []int{src}
		for len(q) > 0 && prev[sink] < 0 {
			x := q[0]
			q = q[1:]
			for y := 0; y < N; y++ {
				if c[x][y] > 0 && prev[y] < 0 {
					prev[y] = x
					q = append(q, y)
				}
			}
		}
		if prev[sink] < 0 {
			return flow
		}
		for y := sink; y != src; y = prev[y] {
			c[prev[y]][y]--
			c[y][prev[y]]++
		}
		flow++
	}
}

// Random graphs with rings, reciprocal ties and several sources, against
// the explicit construction, for every target.
func TestChannelsMatchExplicitFlow(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		r := rand.New(rand.NewPCG(seed, 9))
		n := 4 + r.IntN(30)
		m := n + r.IntN(3*n)
		var arcs [][2]int32
		for len(arcs) < m {
			u, v := int32(r.IntN(n)), int32(r.IntN(n))
			if u != v {
				arcs = append(arcs, [2]int32{u, v})
			}
		}
		g := graph(t, n, arcs...)
		var src []int32
		for v := 0; v < n; v++ {
			if r.IntN(4) == 0 {
				src = append(src, int32(v))
			}
		}
		s := New(g)
		s.From(src)
		for tg := int32(0); int(tg) < n; tg++ {
			got, err := s.To(context.Background(), tg)
			if err != nil {
				t.Fatal(err)
			}
			if want := explicitFlow(g, src, tg); got != want {
				t.Errorf("seed %d, sources %v, target %d: %d channels, explicit flow %d", seed, src, tg, got, want)
			}
		}
	}
}

// Reach, with its shortcuts (a tree only where some target has one
// channel; chokepoints read off the channels elsewhere), equals the
// dominator chains and flows computed directly for every pair, on any
// number of workers.
func TestReachMatchesDirect(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 30; seed++ {
		r := rand.New(rand.NewPCG(seed, 21))
		n := 5 + r.IntN(40)
		var arcs [][2]int32
		for len(arcs) < n+r.IntN(2*n) {
			u, v := int32(r.IntN(n)), int32(r.IntN(n))
			if u != v {
				arcs = append(arcs, [2]int32{u, v})
			}
		}
		g := graph(t, n, arcs...)
		var groups [][]int32
		for k := 0; k < 1+r.IntN(5); k++ {
			var c []int32
			for v := 0; v < n; v++ {
				if r.IntN(6) == 0 {
					c = append(c, int32(v))
				}
			}
			groups = append(groups, c)
		}
		var targets []int32
		for v := 0; v < n; v++ {
			if r.IntN(3) == 0 {
				targets = append(targets, int32(v))
			}
		}
		f, s := dominators.New(g), New(g)
		var want []Pair
		for gi, c := range groups {
			tr, _ := f.Tree(ctx, c)
			s.From(c)
			for _, tg := range targets {
				k, _ := s.To(ctx, tg)
				ch := tr.Chain(tg, nil)
				want = append(want, Pair{Group: int32(gi), Target: tg, Reachable: ch != nil, Chokepoints: ch, Channels: k})
			}
		}
		for _, workers := range []int{1, 3} {
			got, err := Reach(ctx, g, groups, targets, workers)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d pairs, want %d", len(got), len(want))
			}
			for i := range want {
				a, b := got[i], want[i]
				if a.Group != b.Group || a.Target != b.Target || a.Reachable != b.Reachable || a.Channels != b.Channels ||
					(a.Chokepoints == nil) != (b.Chokepoints == nil) || !slices.Equal(a.Chokepoints, b.Chokepoints) {
					t.Errorf("seed %d workers %d: %+v, direct %+v", seed, workers, a, b)
				}
			}
		}
	}
}
