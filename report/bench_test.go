package report

import (
	"context"
	"io"
	"sync"
	"testing"

	"clusterchain/network"
	"clusterchain/synth"
)

var benchNet struct {
	once sync.Once
	a    *network.Analysis
	err  error
}

// benchAnalysis is a generated 20,000-firm network, analysed once with
// sampled all-pairs figures (the tables, not the analysis, are measured).
func benchAnalysis(b *testing.B) *network.Analysis {
	b.Helper()
	benchNet.once.Do(func() {
		d, err := synth.Generate(synth.Config{Firms: 20000, Seed: 4})
		if err != nil {
			benchNet.err = err
			return
		}
		nw, err := network.New(*d)
		if err != nil {
			benchNet.err = err
			return
		}
		benchNet.a, benchNet.err = network.Analyze(context.Background(), nw, network.Options{Seed: 1, Sources: 20})
	})
	if benchNet.err != nil {
		b.Fatal(benchNet.err)
	}
	return benchNet.a
}

// BenchmarkWriteNodes measures nodes.csv streamed from the analysis.
func BenchmarkWriteNodes(b *testing.B) {
	a := benchAnalysis(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteNodes(io.Discard, a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteJSON measures report.json.
func BenchmarkWriteJSON(b *testing.B) {
	a := benchAnalysis(b)
	r := &Run{Analysis: a, Seed: 1}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteJSON(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTables measures the in-memory tables that whatif compares.
func BenchmarkTables(b *testing.B) {
	a := benchAnalysis(b)
	b.ReportAllocs()
	for b.Loop() {
		Tables(a)
	}
}
