package network

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// The Builder's checks return the sentinels, with what a caller needs to
// place them: the first node of a duplicate id, the unknown ends.
func TestBuilderErrors(t *testing.T) {
	b := NewBuilder("t", 0)
	for _, nd := range []Node{{ID: "b"}, {ID: "a"}, {ID: "m", Type: Market}} {
		if _, err := b.AddNode(nd); err != nil {
			t.Fatal(err)
		}
	}
	_, err := b.AddNode(Node{ID: "a", Type: Buyer})
	var dup *DuplicateIDError
	if !errors.As(err, &dup) || !errors.Is(err, ErrDuplicateID) || dup.First != 1 || dup.Cluster || err.Error() != `duplicate id "a"` {
		t.Errorf("duplicate node: %v %+v", err, dup)
	}
	if _, err := b.AddNode(Node{Type: Market}); !errors.Is(err, ErrEmptyID) || err.Error() != "empty id (a market)" {
		t.Errorf("empty id: %v", err)
	}
	if _, err := b.AddNode(Node{ID: "x", Type: 7}); err == nil {
		t.Error("unknown type accepted")
	}
	if i, nd, ok := b.Lookup("m"); !ok || i != 2 || nd.Type != Market {
		t.Errorf("Lookup(m) = %d %+v %v", i, nd, ok)
	}
	if err := b.AddCluster(Cluster{ID: "K"}); err != nil {
		t.Fatal(err)
	}
	err = b.AddCluster(Cluster{ID: "K"})
	if !errors.As(err, &dup) || !dup.Cluster || dup.First != 0 || err.Error() != `duplicate id: cluster "K"` {
		t.Errorf("duplicate cluster: %v", err)
	}
	if err := b.AddCluster(Cluster{}); !errors.Is(err, ErrEmptyID) {
		t.Errorf("empty cluster id: %v", err)
	}

	lb := b.NewBatch(0)
	if _, err := b.AddNode(Node{ID: "late"}); err == nil {
		t.Error("node added after the first link")
	}
	_, err = lb.Ends("q", "a", 7)
	var unk *UnknownIDError
	if !errors.As(err, &unk) || !errors.Is(err, ErrUnknownID) || !unk.FromUnknown || unk.ToUnknown || unk.Row != 7 ||
		err.Error() != `unknown id "q" (link 8, from)` {
		t.Errorf("unknown from: %v", err)
	}
	if _, err = lb.Ends("a", "", 0); err == nil || !errors.As(err, &unk) || unk.FromUnknown || !unk.ToUnknown {
		t.Errorf("empty to: %v", err)
	}
	if _, err := lb.Ends("a", "a", 0); !errors.Is(err, ErrSelfLink) || err.Error() != `self-link "a" → "a"` {
		t.Errorf("self-link: %v", err)
	}
	e, err := lb.Ends("m", "a", 0)
	if err != nil || e.FromType != Market || e.ToType != Firm || e.From != 2 || e.To != 0 {
		t.Fatalf("Ends(m, a) = %+v, %v", e, err)
	}
	if err := b.CheckKind(e, Subcontract); !errors.Is(err, ErrDirection) ||
		err.Error() != `link kind not allowed in this direction: subcontract market "m" → firm "a"` {
		t.Errorf("direction: %v", err)
	}
	if err := lb.Add(e, Supply, -1, 0); !errors.Is(err, ErrVolume) {
		t.Errorf("negative volume: %v", err)
	}
	if err := lb.Add(e, Sale, 1, 0); !errors.Is(err, ErrDirection) {
		t.Errorf("Add does not check the direction: %v", err)
	}
}

// Lookup is for the time before EndNodes; for the time after it,
// Network.Index, which the id table serves.
func TestBuilderLookupEnds(t *testing.T) {
	b := NewBuilder("", 0)
	b.AddNode(Node{ID: "z"})
	b.EndNodes()
	if _, _, ok := b.Lookup("z"); ok {
		t.Error("Lookup after EndNodes")
	}
}

// Nodes added in any order get the index order (type, then id); the id
// table follows them through growth and the reordering; clusters named by
// firms are added.
func TestBuilderOrder(t *testing.T) {
	b := NewBuilder("t", 2) // far too small: the table grows
	var want []string
	for i := 999; i >= 0; i-- {
		typ := NodeType(i % 3)
		id := fmt.Sprintf("n%03d", i)
		if i%100 == 0 {
			id += "-an-id-longer-than-sixteen-bytes"
		}
		if _, err := b.AddNode(Node{ID: id, Type: typ, Cluster: fmt.Sprintf("k%d", i%7)}); err != nil {
			t.Fatal(err)
		}
		want = append(want, id)
	}
	b.AddCluster(Cluster{ID: "k3", Name: "Three"})
	nw, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	nodes := nw.Nodes()
	if !slices.IsSortedFunc(nodes, func(a, b Node) int { return cmpNodes(&a, &b) }) || len(nodes) != len(want) {
		t.Fatal("nodes not in index order")
	}
	for _, id := range want {
		i, ok := nw.Index(id)
		if !ok || nodes[i].ID != id {
			t.Fatalf("Index(%q) = %d, %v", id, i, ok)
		}
	}
	var got []string
	for _, c := range nw.Clusters() {
		got = append(got, c.ID+"="+c.Name)
	}
	if fmt.Sprint(got) != "[k0=k0 k1=k1 k2=k2 k3=Three k4=k4 k5=k5 k6=k6]" {
		t.Errorf("clusters %v", got)
	}
	for i, nd := range nodes {
		if c := nw.ClusterOf(int32(i)); (nd.Type == Firm) != (c >= 0) || (c >= 0 && nw.Clusters()[c].ID != nd.Cluster) {
			t.Fatalf("node %s: cluster %d", nd.ID, c)
		}
	}
}

// Batches filled at once by several goroutines give the network one
// sequential AddLink gives; duplicates are summed in row order and
// reported with their rows, or are an error without SumDuplicates.
func TestBuilderBatches(t *testing.T) {
	build := func(parallel, sum bool) (*Network, []string, error) {
		b := NewBuilder("t", 0)
		for i := 0; i < 50; i++ {
			b.AddNode(Node{ID: fmt.Sprintf("f%02d", i)})
		}
		b.AddNode(Node{ID: "m", Type: Market})
		type row struct {
			from, to string
			vol      float64
		}
		var rows []row
		for r := 0; r < 2000; r++ {
			i, j := (r*7)%50, (r*13+1)%50
			if i == j {
				j = (j + 1) % 50
			}
			rows = append(rows, row{fmt.Sprintf("f%02d", i), fmt.Sprintf("f%02d", j), float64(r) / 8})
			if r%9 == 0 {
				rows = append(rows, row{fmt.Sprintf("f%02d", i), "m", 0.1})
			}
		}
		var dups []string
		if sum {
			b.SumDuplicates(func(d Duplicate) {
				dups = append(dups, fmt.Sprint(d.From, d.To, d.Kind, d.Rows))
			})
		}
		if !parallel {
			for _, r := range rows {
				kind := Supply
				if r.to == "m" {
					kind = Sale
				}
				if err := b.AddLink(r.from, r.to, kind, r.vol); err != nil {
					return nil, nil, err
				}
			}
			nw, err := b.Build()
			return nw, dups, err
		}
		const parts = 4
		batches := make([]*LinkBatch, parts)
		var wg sync.WaitGroup
		for p := 0; p < parts; p++ {
			batches[p] = b.NewBatch(0)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := p * len(rows) / parts; k < (p+1)*len(rows)/parts; k++ {
					e, err := batches[p].Ends(rows[k].from, rows[k].to, int32(k))
					if err != nil {
						panic(err)
					}
					if err := batches[p].Add(e, DefaultKind(e.FromType, e.ToType), rows[k].vol, int32(k)); err != nil {
						panic(err)
					}
				}
			}()
		}
		wg.Wait()
		for _, lb := range batches {
			b.AddBatch(lb)
		}
		nw, err := b.Build()
		return nw, dups, err
	}
	seq, seqDups, err := build(false, true)
	if err != nil {
		t.Fatal(err)
	}
	par, parDups, err := build(true, true)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(seq.Dataset()) != fmt.Sprint(par.Dataset()) || fmt.Sprint(seqDups) != fmt.Sprint(parDups) || len(seqDups) == 0 {
		t.Errorf("parallel batches differ from AddLink (%d and %d duplicates)", len(seqDups), len(parDups))
	}
	links := seq.Links()
	if !slices.IsSortedFunc(links, func(a, b IndexedLink) int {
		if a.From != b.From {
			return int(a.From - b.From)
		}
		if a.To != b.To {
			return int(a.To - b.To)
		}
		return int(a.Kind) - int(b.Kind)
	}) {
		t.Error("links not sorted")
	}
	if _, _, err := build(false, false); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicates without SumDuplicates: %v", err)
	}
	// Summed in row order, as a plain sum.
	b := NewBuilder("", 0)
	b.AddNode(Node{ID: "a"})
	b.AddNode(Node{ID: "b"})
	var got Duplicate
	b.SumDuplicates(func(d Duplicate) { got = d; got.Rows = slices.Clone(d.Rows) })
	for _, v := range []float64{0.1, 0.2, 0.3} {
		b.AddLink("a", "b", Supply, v)
	}
	nw, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	plain := 0.1
	plain += 0.2
	plain += 0.3 // 0.6000000000000001, as the loader always summed rows
	if v := nw.Links()[0].Volume; v != plain || fmt.Sprint(got.Rows) != "[0 1 2]" {
		t.Errorf("summed %v, rows %v", v, got.Rows)
	}
}

// sortPending orders links by from, to, kind and row whatever the input:
// sorted, listed by from only (the to ids out of order), or unordered,
// in one batch or several.
func TestSortPending(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, order := range []string{"sorted", "by from", "random"} {
		for _, nb := range []int{1, 3} {
			const n = 50
			var all []pendingLink
			for row := int32(0); row < 2000; row++ {
				all = append(all, pendingLink{from: rng.Int32N(n), to: rng.Int32N(n), kind: Kind(rng.IntN(3)), row: row, vol: float64(row)})
			}
			want := slices.Clone(all)
			slices.SortFunc(want, func(a, b pendingLink) int { return cmpPending(&a, &b) })
			switch order {
			case "sorted":
				all = slices.Clone(want)
			case "by from":
				all = slices.Clone(all)
				slices.SortStableFunc(all, func(a, b pendingLink) int { return int(a.from) - int(b.from) })
			}
			var batches [][]pendingLink
			for b := 0; b < nb; b++ {
				batches = append(batches, slices.Clone(all[b*len(all)/nb:(b+1)*len(all)/nb]))
			}
			if got := sortPending(batches, n); !slices.Equal(got, want) {
				t.Errorf("%s, %d batches: not sorted by from, to, kind and row", order, nb)
			}
		}
	}
}
