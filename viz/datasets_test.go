package viz

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/samples"
	"clusterchain/synth"
)

var analyses sync.Map // name → *network.Analysis

// loadAnalysis analyses a dataset for the figure tests: "sample" is the
// embedded Zhejiang sample, "synth:N" a generated network of N firms
// (seed 1, as `clusterchain generate --firms N`), anything else a
// dataset directory. Analyses are kept for the other tests.
func loadAnalysis(t testing.TB, name string) *network.Analysis {
	t.Helper()
	if a, ok := analyses.Load(name); ok {
		return a.(*network.Analysis)
	}
	var ds network.Dataset
	switch {
	case name == "sample":
		res, err := loaders.Load(samples.Zhejiang(), loaders.Options{Name: samples.ZhejiangName})
		if err != nil {
			t.Fatal(err)
		}
		ds = res.Network.Dataset()
	case strings.HasPrefix(name, "synth:"):
		n, _ := strconv.Atoi(strings.TrimPrefix(name, "synth:"))
		d, err := synth.Generate(synth.Config{Firms: n, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		ds = *d
	default:
		res, err := loaders.Load(os.DirFS(name), loaders.Options{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		ds = res.Network.Dataset()
	}
	nw, err := network.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	opt := network.Options{Seed: 1}
	if len(ds.Nodes) > 5000 {
		opt.Sources = 200 // the figures only size nodes: estimates do
	}
	a, err := network.Analyze(context.Background(), nw, opt)
	if err != nil {
		t.Fatal(err)
	}
	analyses.Store(name, a)
	return a
}

// loadAnalysisAny adds the in-test networks "hostile" and "evil".
func loadAnalysisAny(t testing.TB, name string) *network.Analysis {
	switch name {
	case "hostile":
		return hostile(t)
	case "evil":
		return evil(t)
	}
	return loadAnalysis(t, name)
}

func firstFirm(a *network.Analysis) string {
	best, bestV := "", -1.0
	for i, nd := range a.Network.Nodes() {
		if nd.Type == network.Firm && a.Nodes[i].PageRank > bestV && a.Network.ClusterOf(int32(i)) >= 0 {
			best, bestV = nd.ID, a.Nodes[i].PageRank
		}
	}
	return best
}

// newBuilder is Build without the view: the builder, for tests.
func newBuilder(t testing.TB, a *network.Analysis, opt Options) *builder {
	t.Helper()
	if opt.SizeBy == "" {
		opt.SizeBy = "pagerank"
	}
	if opt.MaxNodes <= 0 {
		opt.MaxNodes = 1500
	}
	if opt.Radius <= 0 {
		opt.Radius = 1
	}
	if opt.Title == "" {
		opt.Title = a.Network.Name()
	}
	return &builder{a: a, opt: opt, size: sizeColumns[opt.SizeBy]}
}
