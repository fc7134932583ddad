package waves

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// waveFS is an analysis output with only what churn reads.
func waveFS(nodes, clusters, edges string) fstest.MapFS {
	fs := waveFSWith("id,type,name,cluster\n"+nodes, edges)
	if clusters != "" {
		fs["clusters.csv"] = &fstest.MapFile{Data: []byte("id,name\n" + clusters)}
	}
	return fs
}

// waveFSWith is an output with the given nodes.csv (header included) and
// edges.csv rows.
func waveFSWith(nodes, edges string) fstest.MapFS {
	return fstest.MapFS{
		"nodes.csv": {Data: []byte(nodes)},
		"edges.csv": {Data: []byte("from,to,volume,kinds\n" + edges)},
	}
}

// Two small waves, counted by hand. Wave A: cluster K = {a, b}, L = {c},
// M (in clusters.csv, no firms); d in no cluster, market m, buyer x. In
// wave B, b has moved to L, a new firm e joined K, and M is gone.
//
//	A: a→b a→m b→m c→m m→x d→a
//	B: a→b a→m e→m c→m c→x m→x d→c
//
// K: A {a→b, a→m, b→m, d→a}, B {a→b (b is now outside), a→m, e→m}:
// kept 2, lost 2, new 1; partners A {m, d}, B {b, m}: 1 kept, 1 lost, 1 new.
// L: A {c→m}, B {a→b, c→m, c→x, d→c}: kept 1, new 3; partners A {m},
// B {a, m, x, d}: 1 kept, 3 new. M: nothing.
// Network: kept a→b a→m c→m m→x, lost b→m d→a, new e→m c→x d→c;
// nodes with an edge A {a, b, c, d, m, x}, B the same and e.
func TestChurnByHand(t *testing.T) {
	a, err := ReadWave(waveFS("a,firm,a,K\nb,firm,b,K\nc,firm,c,L\nd,firm,d,\nm,market,m,\nx,buyer,x,\n", "K,K\nL,L\nM,M\n",
		"a,b,1,supply\na,m,2,sale\nb,m,3,sale\nc,m,1,sale\nd,a,1,supply\nm,x,5,sale\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadWave(waveFS("a,firm,a,K\nb,firm,b,L\nc,firm,c,L\nd,firm,d,\ne,firm,e,K\nm,market,m,\nx,buyer,x,\n", "K,K\nL,L\n",
		"a,b,1,supply\na,m,2,sale\nc,m,1,sale\nc,x,4,sale\nd,c,1,supply\ne,m,1,sale\nm,x,5,sale\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := ChurnOf(a, b)
	want := []Churn{
		{"K", 4, 3, 2, 2, 1, 1, 1, 1},
		{"L", 1, 4, 1, 0, 3, 1, 0, 3},
		{"M", 0, 0, 0, 0, 0, 0, 0, 0},
		{"*", 6, 7, 4, 2, 3, 6, 0, 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if p := got[3].Persistence(); p != 4.0/6 {
		t.Errorf("persistence %v, want 4/6", p)
	}
	if p := got[2].Persistence(); p != 0 {
		t.Errorf("persistence without links %v, want 0", p)
	}
	var buf strings.Builder
	if err := ChurnTable(got).WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	wantCSV := "cluster,links_a,links_b,kept,lost,new,partners_kept,partners_lost,partners_new\n" +
		"K,4,3,2,2,1,1,1,1\nL,1,4,1,0,3,1,0,3\nM,0,0,0,0,0,0,0,0\n*,6,7,4,2,3,6,0,1\n"
	if buf.String() != wantCSV {
		t.Errorf("churn.csv:\n%s\nwant\n%s", buf.String(), wantCSV)
	}
	// The same wave twice: everything kept.
	for _, r := range ChurnOf(a, a) {
		if r.Lost+r.New+r.PartnersLost+r.PartnersNew != 0 || r.Kept != r.LinksA || (r.LinksA > 0 && r.Persistence() != 1) {
			t.Errorf("a wave against itself: %+v", r)
		}
	}
}

// A cluster called "*" keeps its own row; the network's row is the last.
func TestChurnClusterNamedStar(t *testing.T) {
	w, err := ReadWave(waveFS("a,firm,a,*\nb,firm,b,\n", "", "a,b,1,supply\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := ChurnOf(w, w)
	want := []Churn{{"*", 1, 1, 1, 0, 0, 1, 0, 0}, {"*", 1, 1, 1, 0, 0, 2, 0, 0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestReadWaveErrors(t *testing.T) {
	noEdges := fstest.MapFS{"nodes.csv": {Data: []byte("id,type,name,cluster\na,firm,a,K\n")}}
	if _, err := ReadWave(noEdges); !errors.Is(err, ErrNoEdges) {
		t.Errorf("no edges.csv: %v", err)
	}
	if _, err := ReadWave(fstest.MapFS{"edges.csv": {Data: []byte("from,to\na,b\n")}}); err == nil {
		t.Error("no nodes.csv: no error")
	}
	dup := waveFS("a,firm,a,K\nb,firm,b,K\n", "", "a,b,1,supply\na,b,2,sale\n")
	if _, err := ReadWave(dup); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("a duplicate edge: %v", err)
	}
	bad := fstest.MapFS{"nodes.csv": {Data: []byte("id,type,name,cluster\na,firm,a,K\n")}, "edges.csv": {Data: []byte("source,target\na,b\n")}}
	if _, err := ReadWave(bad); err == nil {
		t.Error("edges.csv without from, to: no error")
	}
	dataset := fstest.MapFS{"firms.csv": {Data: []byte("id\na\n")}, "links.csv": {Data: []byte("from,to\na,b\n")}}
	if _, err := ReadWave(dataset); !errors.Is(err, ErrDataset) {
		t.Errorf("a dataset: %v", err)
	}
}
