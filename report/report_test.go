package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"clusterchain/network"
	"clusterchain/synth"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// small is a network whose text cells are hostile to spreadsheets and
// whose numbers exercise the float format.
func small(t *testing.T) *network.Analysis {
	t.Helper()
	nw, err := network.New(network.Dataset{
		Name: "small",
		Nodes: []network.Node{
			{ID: "f1", Name: "=HYPERLINK(\"http://x\",\"click\")", Cluster: "c1"},
			{ID: "f2", Name: "Stitch & \"Sons\" <Ltd>", Cluster: "c1"},
			{ID: "-f3", Name: "义乌市华丰饰品有限公司", Cluster: "@c2"},
			{ID: "m1", Type: network.Market, Name: "+market, with comma"},
			{ID: "b1", Type: network.Buyer, Name: "Walmart"},
		},
		Clusters: []network.Cluster{{ID: "c1", Name: "Yiwu smallware"}},
		Links: []network.Link{
			{From: "f2", To: "f1", Kind: network.Subcontract, Volume: 1500000},
			{From: "f1", To: "f2", Kind: network.Subcontract, Volume: 0.1},
			{From: "-f3", To: "f1", Kind: network.Subcontract, Volume: 3},
			{From: "f1", To: "m1", Kind: network.Sale, Volume: 1e-7},
			{From: "-f3", To: "m1", Kind: network.Sale, Volume: 2.5},
			{From: "m1", To: "b1", Kind: network.Sale, Volume: 123456789},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{KeyPlayers: 3})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}

func TestGoldenOutputs(t *testing.T) {
	a := small(t)
	run := &Run{Analysis: a, Warnings: []string{"links.csv: 1 link has an unknown volume"}, UnknownVolumes: 1}
	for _, tc := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"nodes.csv", func(w io.Writer) error { return WriteNodes(w, a) }},
		{"clusters.csv", func(w io.Writer) error { return WriteClusters(w, a) }},
		{"linkage.csv", func(w io.Writer) error { return WriteLinkage(w, a) }},
		{"reach.csv", func(w io.Writer) error { return WriteReach(w, a) }},
		{"resilience.csv", func(w io.Writer) error { return WriteResilience(w, a) }},
		{"keyplayers.csv", func(w io.Writer) error { return WriteKeyPlayers(w, a) }},
		{"report.json", func(w io.Writer) error { return WriteJSON(w, run) }},
		{"summary.txt", func(w io.Writer) error { return WriteSummary(w, run) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b1, b2 bytes.Buffer
			if err := tc.write(&b1); err != nil {
				t.Fatal(err)
			}
			if err := tc.write(&b2); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
				t.Fatal("two writes differ")
			}
			golden(t, tc.name, b1.Bytes())
		})
	}
}

// Every text cell that starts like a formula is neutralised; numbers and
// ordinary text are not touched; the CSV reads back to the same cells.
func TestCSVNeutralised(t *testing.T) {
	a := small(t)
	var b bytes.Buffer
	if err := WriteNodes(&b, a); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != strings.Join(NodeColumns(), ",") {
		t.Fatalf("header %s", got)
	}
	for _, r := range rows[1:] {
		for _, cell := range []string{r[0], r[2], r[3], r[14]} {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %q not neutralised", cell)
			}
		}
	}
	byID := map[string][]string{}
	for _, r := range rows[1:] {
		byID[r[0]] = r
	}
	if r := byID["f1"]; r[2] != `'=HYPERLINK("http://x","click")` {
		t.Errorf("f1 name %q", r[2])
	}
	if r := byID["'-f3"]; r == nil || r[3] != "'@c2" || r[2] != "义乌市华丰饰品有限公司" {
		t.Errorf("-f3 row %q", r)
	}
	if r := byID["m1"]; r[2] != "'+market, with comma" {
		t.Errorf("m1 name %q", r[2])
	}
}

func TestFloatFormat(t *testing.T) {
	for x, want := range map[float64]string{
		0: "0", 1: "1", 0.1: "0.1", 1500000: "1.5e+06", 123456: "123456", 1e-7: "1e-07",
		1.0 / 3: "0.3333333333333333",
	} {
		if got := Float(x); got != want {
			t.Errorf("Float(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestJSONWellFormed(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, &Run{Analysis: small(t)}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["version"] != float64(SchemaVersion) || len(doc["nodes"].([]any)) != 5 {
		t.Errorf("doc %v", doc["dataset"])
	}
	if strings.Contains(b.String(), "<Ltd>") {
		t.Error("HTML-significant characters not escaped in JSON")
	}
}

// Chinese and full-width text takes two terminal columns: rows after a
// Chinese name stay aligned.
func TestWriteTableWideText(t *testing.T) {
	for _, tc := range []struct {
		s string
		w int
	}{{"", 0}, {"abc", 3}, {"义乌", 4}, {"１２3", 5}, {"Yiwu 义乌 CCC", 13}} {
		if got := DisplayWidth(tc.s); got != tc.w {
			t.Errorf("DisplayWidth(%q) = %d, want %d", tc.s, got, tc.w)
		}
	}
	var b strings.Builder
	writeTable(&b, "  ", [][]string{{"f1", "义乌市华丰饰品", "0.5"}, {"f22", "Stitch & Sons", "0.25"}})
	want := "  f1   义乌市华丰饰品  0.5\n  f22  Stitch & Sons   0.25\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// A regional market passing its cluster's goods to Yiwu is a gatekeeper,
// Yiwu passing them to buyers a representative, and Findings says so.
func TestFindingsMarketRoles(t *testing.T) {
	f := func(id string) network.Node { return network.Node{ID: id, Cluster: "datang"} }
	nw, err := network.New(network.Dataset{
		Nodes: []network.Node{f("f1"), f("f2"),
			{ID: "datang-socks-city", Name: "Datang Socks City", Type: network.Market},
			{ID: "yiwu", Name: "Yiwu", Type: network.Market},
			{ID: "walmart", Type: network.Buyer}, {ID: "ikea", Type: network.Buyer}},
		Links: []network.Link{
			{From: "f1", To: "datang-socks-city", Kind: network.Sale, Volume: 1},
			{From: "f2", To: "datang-socks-city", Kind: network.Sale, Volume: 1},
			{From: "datang-socks-city", To: "yiwu", Kind: network.Sale, Volume: 2},
			{From: "yiwu", To: "walmart", Kind: network.Sale, Volume: 1},
			{From: "yiwu", To: "ikea", Kind: network.Sale, Volume: 1},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// f1, f2 → Datang → Yiwu: 2 gatekeeper paths; Datang → Yiwu → walmart,
	// ikea: 2 representative paths.
	want := "Among specialized markets, the main gatekeeper is Datang Socks City, on 2 open paths taking firms' " +
		"goods into the market system (firm → it → another market); the main representative is Yiwu, on 2 open " +
		"paths passing other markets' goods on (market → it → a buyer or firm)."
	if fs := Findings(a); !slices.Contains(fs, want) {
		t.Errorf("findings:\n%s\nwant the line\n%s", strings.Join(fs, "\n"), want)
	}
}

// top picks what a stable sort by falling value puts first, ties in
// input order, for every k.
func TestTopIsStableSortPrefix(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		in := make([]Ranked, r.IntN(40))
		for i := range in {
			in[i] = Ranked{Index: int32(i), Value: float64(r.IntN(6))} // many ties
		}
		want := slices.Clone(in)
		sort.SliceStable(want, func(i, j int) bool { return want[i].Value > want[j].Value })
		for _, k := range []int{0, 1, 3, 5, 50} {
			got := top(slices.Clone(in), k)
			w := want[:min(k, len(want))]
			if !slices.Equal(got, w) && !(len(got) == 0 && len(w) == 0) {
				t.Fatalf("k=%d: got %v, want %v", k, got, w)
			}
		}
	}
}

// WriteNodes formats blocks of rows in parallel: on a network spanning
// several rounds of blocks it writes exactly what the table path writes.
func TestWriteNodesStreamsTheTable(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	d, err := synth.Generate(synth.Config{Firms: 20000, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := network.New(*d)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1, Sources: 20})
	if err != nil {
		t.Fatal(err)
	}
	var streamed, table bytes.Buffer
	if err := WriteNodes(&streamed, a); err != nil {
		t.Fatal(err)
	}
	if err := NodesTable(a).WriteCSV(&table); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(streamed.Bytes(), table.Bytes()) {
		t.Fatalf("streamed nodes.csv (%d bytes) differs from the table's (%d bytes)", streamed.Len(), table.Len())
	}
	if rows := bytes.Count(streamed.Bytes(), []byte("\n")); rows != len(a.Nodes)+1 {
		t.Fatalf("%d lines for %d nodes", rows, len(a.Nodes))
	}
}
