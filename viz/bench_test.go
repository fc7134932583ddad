package viz

import (
	"context"
	"fmt"
	"io"
	"os"
	"testing"
)

// BenchmarkRenderDOT renders the DOT file named by CLUSTERCHAIN_DOT
// (for example a folded 20,000-firm network.svg written with
// `clusterchain render --format dot`) through go-graphviz.
func BenchmarkRenderDOT(b *testing.B) {
	path := os.Getenv("CLUSTERCHAIN_DOT")
	if path == "" {
		b.Skip("set CLUSTERCHAIN_DOT to a DOT file")
	}
	dot, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	layout := os.Getenv("CLUSTERCHAIN_LAYOUT")
	if layout == "" {
		layout = "dot"
	}
	d := &Diagram{View: ViewNetwork, Layout: layout, DOT: dot}
	for i := 0; i < b.N; i++ {
		if err := d.Render(context.Background(), "svg", io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFigures builds and renders the four figures analyze writes
// (network, flows, clusters, tiers) for a generated network of
// CLUSTERCHAIN_FIRMS firms (default 20,000); the analysis is done once,
// outside the timer.
func BenchmarkFigures(b *testing.B) {
	n := 20000
	if s := os.Getenv("CLUSTERCHAIN_FIRMS"); s != "" {
		fmt.Sscan(s, &n)
	}
	a := loadAnalysis(b, fmt.Sprintf("synth:%d", n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, v := range []View{ViewNetwork, ViewFlows, ViewClusters, ViewTiers} {
			d, err := Build(a, v, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if err := d.Render(context.Background(), "svg", io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
}
