package reference

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"clusterchain/network/internal/brokeragez"
	"clusterchain/network/internal/connectivity"
	"clusterchain/network/internal/gennet"
	"clusterchain/network/internal/structure"
	"clusterchain/network/internal/trophic"
)

// require skips the test when the command fails (an oracle missing), and
// fails it under CI.
func require(t *testing.T, what string, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		msg := what + " not installed: " + strings.TrimSpace(string(out))
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

// table collects the agreement table.
type table struct {
	t    *testing.T
	rows []string
}

// check records the largest difference of one figure and fails the test
// when it is above tol.
func (tb *table) check(figure, network, ref string, count int, worst, tol float64) {
	tb.rows = append(tb.rows, fmt.Sprintf("| %s | %s | %d | %.3g | %s |", figure, network, count, worst, ref))
	if !(worst <= tol) {
		tb.t.Errorf("%s on %s: largest difference %g above %g (reference %s)", figure, network, worst, tol, ref)
	}
}

// mismatch records a figure compared for equality.
func (tb *table) mismatch(figure, network, ref string, count, bad int) {
	tb.rows = append(tb.rows, fmt.Sprintf("| %s | %s | %d | %d differ | %s |", figure, network, count, bad, ref))
	if bad > 0 {
		tb.t.Errorf("%s on %s: %d of %d differ from %s", figure, network, bad, count, ref)
	}
}

func (tb *table) log() {
	tb.t.Logf("\n| figure | network | values | largest difference | reference |\n|---|---|---|---|---|\n%s", strings.Join(tb.rows, "\n"))
}

// sparseDataset writes a small dataset where clusters reach buyers
// through few nodes, so that chokepoints exist (the synthetic model's
// markets tie everything together): 300 firms in 12 clusters, 6 markets,
// 4 buyers, with rings.
func sparseDataset(t *testing.T, dir string, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 77))
	write := func(name string, rows [][]string) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		w.WriteAll(rows)
		f.Close()
	}
	const nf, nm, nb = 300, 6, 4
	firms := [][]string{{"id", "cluster"}}
	for i := 0; i < nf; i++ {
		c := ""
		if i < 288 {
			c = fmt.Sprintf("c%02d", i/24)
		}
		firms = append(firms, []string{fmt.Sprintf("f%03d", i), c})
	}
	write("firms.csv", firms)
	markets, buyers := [][]string{{"id"}}, [][]string{{"id"}}
	for i := 0; i < nm; i++ {
		markets = append(markets, []string{fmt.Sprintf("m%d", i)})
	}
	for i := 0; i < nb; i++ {
		buyers = append(buyers, []string{fmt.Sprintf("b%d", i)})
	}
	write("markets.csv", markets)
	write("buyers.csv", buyers)
	links := [][]string{{"from", "to"}}
	seen := map[[2]string]bool{}
	add := func(a, b string) {
		if a != b && !seen[[2]string{a, b}] {
			seen[[2]string{a, b}] = true
			links = append(links, []string{a, b})
		}
	}
	for i := 0; i < nf; i++ {
		f := fmt.Sprintf("f%03d", i)
		if i%24 != 0 && r.IntN(3) > 0 { // a contractor earlier in the cluster
			add(f, fmt.Sprintf("f%03d", i-1-r.IntN(i%24)))
		}
		if r.IntN(30) == 0 { // a pooling tie back
			add(fmt.Sprintf("f%03d", i-i%24), f)
		}
		if i%24 == 0 || r.IntN(8) == 0 { // leads sell through a market
			add(f, fmt.Sprintf("m%d", (i/24+r.IntN(2))%nm))
		}
		if r.IntN(60) == 0 {
			add(f, fmt.Sprintf("b%d", r.IntN(nb)))
		}
		if r.IntN(40) == 0 {
			add(f, fmt.Sprintf("f%03d", r.IntN(nf)))
		}
	}
	for m := 0; m < nm; m++ {
		add(fmt.Sprintf("m%d", m), fmt.Sprintf("b%d", m%nb))
		if r.IntN(2) == 0 {
			add(fmt.Sprintf("m%d", m), fmt.Sprintf("m%d", (m+1)%nm))
		}
	}
	write("links.csv", links)
}

type nxReference struct {
	Nodes, Edges       int
	TrophicLevel       map[string]float64 `json:"trophic_level"`
	TrophicIncoherence *float64           `json:"trophic_incoherence"`
	FlowHierarchy      *float64           `json:"flow_hierarchy"`
	Reciprocity        *float64
	Assortativity      *float64
	Bowtie             map[string]int
	DegreeTailExponent *float64          `json:"degree_tail_exponent"`
	EIIndex            map[string][2]int `json:"ei_index"`
	Reach              [][4]any
}

// TestAgainstNetworkX: every NetworkX- and numpy-defined figure of SPEC §5
// on the generated network of 2,000 firms and on a sparse one with
// chokepoints.
func TestAgainstNetworkX(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	require(t, "python3-networkx or python3-numpy", "/usr/bin/python3", "-c", "import networkx, numpy")
	tb := &table{t: t}
	defer tb.log()
	root := t.TempDir()
	for _, ds := range []struct {
		name string
		make func(dir string)
	}{
		{"generated 2,000 firms", func(dir string) {
			if err := gennet.Generate(dir, 2000, 3); err != nil {
				t.Fatal(err)
			}
		}},
		{"sparse 300 firms", func(dir string) {
			os.MkdirAll(dir, 0o755)
			sparseDataset(t, dir, 5)
		}},
	} {
		dir := filepath.Join(root, strings.Fields(ds.name)[0])
		ds.make(dir)
		out := filepath.Join(dir, "reference.json")
		if msg, err := exec.Command("/usr/bin/python3", "-W", "ignore", "../../../scripts/chain_reference.py", dir, out).CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, msg)
		}
		raw, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var ref nxReference
		if err := json.Unmarshal(raw, &ref); err != nil {
			t.Fatal(err)
		}
		nw, err := gennet.Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		g := nw.Graph
		label := fmt.Sprintf("%s (%d nodes, %d arcs)", ds.name, g.Order(), g.Size())
		if ref.Nodes != g.Order() || ref.Edges != g.Size() {
			t.Fatalf("%s: NetworkX has %d nodes, %d edges", label, ref.Nodes, ref.Edges)
		}

		res, err := trophic.Levels(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		worst := 0.0
		for v, id := range nw.IDs {
			worst = max(worst, math.Abs(res.Levels[v]-ref.TrophicLevel[id]))
		}
		tb.check("trophic_level", label, "np.linalg.lstsq on Λ, shifted", len(nw.IDs), worst, 1e-9)
		f0, ok := trophic.Incoherence(g, res.Levels)
		tb.check("trophic_incoherence", label, "by hand from the numpy levels", 1, diff(f0, ok, ref.TrophicIncoherence), 1e-9)

		h, ok := structure.FlowHierarchy(g)
		tb.check("flow_hierarchy", label, "nx.flow_hierarchy", 1, diff(h, ok, ref.FlowHierarchy), 1e-9)
		rc, ok := structure.Reciprocity(g)
		tb.check("reciprocity", label, "nx.overall_reciprocity", 1, diff(rc, ok, ref.Reciprocity), 1e-9)
		as, ok := structure.Assortativity(g)
		tb.check("assortativity", label, "nx.degree_assortativity_coefficient(out, in)", 1, diff(as, ok, ref.Assortativity), 1e-9)
		al, ok := structure.TailExponent(g)
		tb.check("degree_tail_exponent", label, "Hill estimate by hand (Python)", 1, diff(al, ok, ref.DegreeTailExponent), 1e-9)

		rank := idRank(nw.IDs)
		bt := structure.Decompose(g, rank)
		got := map[string]int{"core": bt.Core, "in": bt.In, "out": bt.Out, "rest": bt.Rest}
		bad := 0
		for k, v := range ref.Bowtie {
			if got[k] != v {
				bad++
				t.Logf("bowtie %s: ours %d, NetworkX %d", k, got[k], v)
			}
		}
		tb.mismatch("bowtie (counts)", label, "nx.strongly_connected_components, ancestors, descendants", 4, bad)

		ei := structure.EIIndex(g, nw.Cluster, len(nw.Clusters))
		bad, worst = 0, 0
		for c, id := range nw.Clusters {
			w := ref.EIIndex[id]
			if ei[c].External != w[0] || ei[c].Internal != w[1] {
				bad++
			}
			if w[0]+w[1] > 0 {
				worst = max(worst, math.Abs(ei[c].Index-float64(w[0]-w[1])/float64(w[0]+w[1])))
			}
		}
		tb.mismatch("ei_index (E, I)", label, "by hand (Python)", len(nw.Clusters), bad)
		tb.check("ei_index", label, "(E − I)/(E + I) by hand", len(nw.Clusters), worst, 1e-15)

		pairs, err := connectivity.Reach(context.Background(), g, nw.Members(), nw.Buyers(), 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(pairs) != len(ref.Reach) {
			t.Fatalf("%s: %d pairs, NetworkX %d", label, len(pairs), len(ref.Reach))
		}
		badChain, badChan, withChain := 0, 0, 0
		for i, p := range pairs {
			r := ref.Reach[i]
			if nw.Clusters[p.Group] != r[0] || nw.IDs[p.Target] != r[1] {
				t.Fatalf("pair %d: ours %s→%s, NetworkX %v→%v", i, nw.Clusters[p.Group], nw.IDs[p.Target], r[0], r[1])
			}
			var ids []string
			for _, v := range p.Chokepoints {
				ids = append(ids, nw.IDs[v])
			}
			chain, want := strings.Join(ids, ";"), r[2]
			if len(ids) > 0 {
				withChain++
			}
			if (want == nil) != !p.Reachable || (want != nil && want.(string) != chain) {
				badChain++
				t.Logf("%v→%v chokepoints: ours %q (reachable %v), NetworkX %v", r[0], r[1], chain, p.Reachable, want)
			}
			if float64(p.Channels) != r[3].(float64) {
				badChan++
				t.Logf("%v→%v channels: ours %d, NetworkX %v", r[0], r[1], p.Channels, r[3])
			}
		}
		tb.mismatch(fmt.Sprintf("chokepoints (%d pairs with some)", withChain), label, "nx.immediate_dominators on G + r", len(pairs), badChain)
		tb.mismatch("channels", label, "local_node_connectivity on G + r", len(pairs), badChan)
	}
}

// diff is |ours − reference|, 0 when both are undefined, +Inf when only
// one is.
func diff(x float64, ok bool, ref *float64) float64 {
	switch {
	case !ok && ref == nil:
		return 0
	case !ok || ref == nil:
		return math.Inf(1)
	}
	return math.Abs(x - *ref)
}

// idRank numbers the nodes by id in byte order.
func idRank(ids []string) []int32 {
	order := make([]int32, len(ids))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(a, b int) bool { return ids[order[a]] < ids[order[b]] })
	rank := make([]int32, len(ids))
	for r, v := range order {
		rank[v] = int32(r)
	}
	return rank
}

// TestAgainstSNA: the brokerage z-scores from R's raw counts against R's
// z.nli, on the generated network of 2,000 firms (groups as SPEC §4:
// clusters, firms of none, markets, buyers) and on a random network with
// one- and two-node groups (where R gives NaN).
func TestAgainstSNA(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	require(t, "Rscript with the sna package", "Rscript", "-e", "suppressPackageStartupMessages(library(sna))")
	tb := &table{t: t}
	defer tb.log()
	root := t.TempDir()
	nw, err := gennet.Make(filepath.Join(root, "gen"), 2000, 3)
	if err != nil {
		t.Fatal(err)
	}
	type net struct {
		label string
		n     int
		arcs  [][2]int32
		group []int32
	}
	var nets []net
	{
		var arcs [][2]int32
		for u := int32(0); int(u) < nw.Graph.Order(); u++ {
			for _, v := range nw.Graph.Out(u) {
				arcs = append(arcs, [2]int32{u, v})
			}
		}
		nets = append(nets, net{fmt.Sprintf("generated 2,000 firms (%d nodes, %d arcs)", len(nw.IDs), len(arcs)), len(nw.IDs), arcs, nw.Groups()})
	}
	{
		r := rand.New(rand.NewPCG(8, 8))
		n := 1200
		seen := map[[2]int32]bool{}
		var arcs [][2]int32
		for len(arcs) < 3600 {
			a := [2]int32{int32(r.IntN(n)), int32(r.IntN(n))}
			if a[0] != a[1] && !seen[a] {
				seen[a] = true
				arcs = append(arcs, a)
			}
		}
		group := make([]int32, n)
		for v := range group {
			group[v] = int32(min(r.IntN(40), 39))
			if v < 3 {
				group[v] = 40 + int32(v/2) // groups of 2 and of 1
			}
		}
		nets = append(nets, net{fmt.Sprintf("random (%d nodes, %d arcs, 42 groups)", n, len(arcs)), n, arcs, group})
	}
	for k, nt := range nets {
		dir := filepath.Join(root, strconv.Itoa(k))
		os.MkdirAll(dir, 0o755)
		nodes := [][]string{{"id", "group"}}
		for v, c := range nt.group {
			nodes = append(nodes, []string{strconv.Itoa(v), "g" + strconv.Itoa(int(c))})
		}
		edges := [][]string{{"from", "to"}}
		for _, a := range nt.arcs {
			edges = append(edges, []string{strconv.Itoa(int(a[0])), strconv.Itoa(int(a[1]))})
		}
		writeCSV(t, filepath.Join(dir, "nodes.csv"), nodes)
		writeCSV(t, filepath.Join(dir, "edges.csv"), edges)
		out := filepath.Join(dir, "z.csv")
		if msg, err := exec.Command("Rscript", "../../../scripts/sna_brokerage_z.R", filepath.Join(dir, "nodes.csv"),
			filepath.Join(dir, "edges.csv"), out).CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, msg)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil || len(rows) != nt.n+1 {
			t.Fatalf("R output: %d rows, %v", len(rows), err)
		}
		raw := make([]brokeragez.Counts, nt.n)
		want := make([][brokeragez.Roles]float64, nt.n)
		for v, row := range rows[1:] {
			for r := 0; r < 5; r++ {
				raw[v][r] = parse(t, row[1+r])
			}
			for r := 0; r < int(brokeragez.Roles); r++ {
				want[v][r] = parse(t, row[6+r])
			}
		}
		z := brokeragez.ZScores(raw, nt.group, len(nt.arcs))
		names := []string{"coordinator_z", "gatekeeper_z", "representative_z", "itinerant_z", "liaison_z", "total_z"}
		for r, name := range names {
			worst, nan := 0.0, 0
			for v := range z {
				a, b := z[v][r], want[v][r]
				switch {
				case math.IsNaN(a) && math.IsNaN(b):
					nan++
				case math.IsNaN(a) || math.IsNaN(b):
					worst = math.Inf(1)
				default:
					worst = max(worst, math.Abs(a-b))
				}
			}
			tb.check(fmt.Sprintf("%s (%d NaN in both)", name, nan), nt.label, "R sna::brokerage()$z.nli", nt.n, worst, 1e-6)
		}
	}
}

func parse(t *testing.T, s string) float64 {
	s = strings.TrimSpace(s)
	if s == "NaN" || s == "NA" {
		return math.NaN()
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func writeCSV(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	w.Flush()
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
