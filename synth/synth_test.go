package synth

import (
	"context"
	"reflect"
	"testing"

	"clusterchain/network"
)

func TestGenerate(t *testing.T) {
	a, err := Generate(Config{Firms: 2000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(Config{Firms: 2000, Seed: 1})
	c, _ := Generate(Config{Firms: 2000, Seed: 2})
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, different datasets")
	}
	if reflect.DeepEqual(a.Links, c.Links) {
		t.Error("different seeds, same links")
	}
	nw, err := network.New(*a) // every link allowed, no duplicates, no self-links
	if err != nil {
		t.Fatal(err)
	}
	if per := float64(len(a.Links)) / 2000; per < 2 || per > 3 {
		t.Errorf("%.2f links per firm", per)
	}
	an, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Subcontracting forests of SPEC §2 depth: many shallow trees, at
	// most five tiers, rings among siblings.
	deepest, leads := int32(0), 0
	for _, f := range an.Nodes {
		deepest = max(deepest, f.Depth, f.Tier)
		if f.Tier == 0 {
			leads++
		}
	}
	if len(an.Rings) == 0 || deepest < 3 || deepest > 5 {
		t.Errorf("%d rings, deepest chain %d: want rings and 3 to 5 tiers", len(an.Rings), deepest)
	}
	if leads < 2000/20 || leads > 2000/5 {
		t.Errorf("%d lead firms of 2,000: want one firm in 5 to 20 leading a tree", leads)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Generate(Config{Firms: 100000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
