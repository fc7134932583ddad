package paths_test

import (
	"context"
	"math"
	"strconv"
	"testing"

	"clusterchain/network/internal/paths"
	"clusterchain/network/internal/testgraph"

	"gonum.org/v1/gonum/floats/scalar"
	gonet "gonum.org/v1/gonum/graph/network"
)

// The sweep against gonum's Betweenness on the same gonum graph.
func TestBetweennessMatchesGonum(t *testing.T) {
	for _, tc := range []struct {
		n, m int
		seed uint64
	}{{2, 1, 1}, {3, 2, 2}, {30, 60, 3}, {200, 400, 4}, {300, 1500, 5}} {
		g := testgraph.Random(tc.n, tc.m, tc.seed)
		p, err := paths.Exact(context.Background(), g, paths.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ref := gonet.Betweenness(g)
		scale := 1.0
		if tc.n > 2 {
			scale = 1 / float64((tc.n-1)*(tc.n-2))
		}
		for v := 0; v < tc.n; v++ {
			if want := ref[int64(v)] * scale; !scalar.EqualWithinAbsOrRel(p.Betweenness[v], want, 1e-12, 1e-12) {
				t.Errorf("n=%d m=%d node %d: %v, gonum %v", tc.n, tc.m, v, p.Betweenness[v], want)
			}
		}
	}
}

// Results must not depend on the number of workers, to the last bit.
func TestExactDeterministic(t *testing.T) {
	g := testgraph.Random(1000, 3000, 9)
	var first *paths.Result
	for _, w := range []int{1, 2, 3, 8} {
		p, err := paths.Exact(context.Background(), g, paths.Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = p
			continue
		}
		for v := range p.Betweenness {
			if p.Betweenness[v] != first.Betweenness[v] || p.Closeness[v] != first.Closeness[v] ||
				p.Harmonic[v] != first.Harmonic[v] {
				t.Fatalf("workers=%d: node %d differs", w, v)
			}
		}
	}
}

func TestExactCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := paths.Exact(ctx, testgraph.Random(500, 1000, 1), paths.Options{}); err == nil {
		t.Fatal("no error after cancel")
	}
}

// Sampling every source is the exact sweep; a large sample estimates
// betweenness within a few per cent for the most central nodes, and
// sampled figures do not depend on the worker count either.
func TestSampled(t *testing.T) {
	g, _ := testgraph.Cluster(3000)
	exact, _ := paths.Exact(context.Background(), g, paths.Options{})
	all, _ := paths.Sampled(context.Background(), g, g.Order(), 1, paths.Options{})
	for v := range exact.Betweenness {
		if all.Betweenness[v] != exact.Betweenness[v] {
			t.Fatal("k = n is not exact")
		}
	}
	if all.Sources != 0 || all.BetweennessSE != nil {
		t.Error("k = n has standard errors")
	}
	est, _ := paths.Sampled(context.Background(), g, 1500, 1, paths.Options{})
	top := 0
	for v := range exact.Betweenness {
		if exact.Betweenness[v] > exact.Betweenness[top] {
			top = v
		}
	}
	if rel := math.Abs(est.Betweenness[top]-exact.Betweenness[top]) / exact.Betweenness[top]; rel > 0.1 {
		t.Errorf("top node: estimate %v, exact %v (%.1f%% off)", est.Betweenness[top], exact.Betweenness[top], 100*rel)
	}
	worst := 0.0
	for v := range exact.Harmonic {
		worst = math.Max(worst, math.Abs(est.Harmonic[v]-exact.Harmonic[v]))
	}
	if worst > 0.05 {
		t.Errorf("harmonic off by up to %v", worst)
	}
	est3, _ := paths.Sampled(context.Background(), g, 1500, 1, paths.Options{Workers: 3})
	for v := range est.Betweenness {
		if est3.Betweenness[v] != est.Betweenness[v] || est3.BetweennessSE[v] != est.BetweennessSE[v] ||
			est3.ClosenessSE[v] != est.ClosenessSE[v] || est3.HarmonicSE[v] != est.HarmonicSE[v] {
			t.Fatalf("node %d differs with 3 workers", v)
		}
	}
}

// BenchmarkExact is the exact sweep on the benchmark networks.
func BenchmarkExact(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		g, _ := testgraph.Cluster(n)
		b.Run(sizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := paths.Exact(context.Background(), g, paths.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSampled estimates the all-pairs figures from 117 sources, the
// sample the default policy draws at a million firms.
func BenchmarkSampled(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		g, _ := testgraph.Cluster(n)
		b.Run(sizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := paths.Sampled(context.Background(), g, 117, 1, paths.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func sizeName(n int) string { return "firms=" + strconv.Itoa(n) }
