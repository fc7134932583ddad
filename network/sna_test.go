package network

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"clusterchain/network/internal/testgraph"
)

// Brokerage counts against R's sna::brokerage on random networks with
// groups like clusterchain's (clusters, "-", market, buyer). Skipped where
// R and its sna package are not installed (Debian r-cran-sna); under CI
// (CI=true), where .ci/run installs them, that fails the test instead.
func TestBrokerageMatchesSNA(t *testing.T) {
	if err := exec.Command("Rscript", "-e", "suppressPackageStartupMessages(library(sna))").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("Rscript with the sna package not installed")
		}
		t.Skip("Rscript with the sna package not installed")
	}
	for seed := uint64(1); seed <= 4; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		n := 15 + r.IntN(40)
		g := testgraph.Random(n, 2*n+r.IntN(3*n), seed)
		grp := make([]int32, n)
		for i := range grp {
			grp[i] = int32(r.IntN(5))
		}
		dir := t.TempDir()
		nodes := [][]string{{"id", "group"}}
		for i := range grp {
			nodes = append(nodes, []string{fmt.Sprintf("v%d", i), fmt.Sprintf("g%d", grp[i])})
		}
		edges := [][]string{{"from", "to"}}
		for u := 0; u < n; u++ {
			adj, _ := g.Out(int32(u))
			for _, v := range adj {
				edges = append(edges, []string{strconv.Itoa(u), strconv.Itoa(int(v))})
			}
		}
		writeCSV(t, filepath.Join(dir, "nodes.csv"), nodes)
		writeCSV(t, filepath.Join(dir, "edges.csv"), edges)
		out := filepath.Join(dir, "out.csv")
		if msg, err := exec.Command("Rscript", "../scripts/sna_brokerage.R", filepath.Join(dir, "nodes.csv"),
			filepath.Join(dir, "edges.csv"), out).CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, msg)
		}
		f, _ := os.Open(out)
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		got := brokerages(g, grp)
		for i, row := range rows[1:] {
			want := make([]int64, 5)
			for k := range want {
				x, _ := strconv.ParseFloat(row[k+1], 64)
				want[k] = int64(x)
			}
			b := got[i]
			if b.Coordinator != want[0] || b.Gatekeeper != want[1] || b.Representative != want[2] ||
				b.Itinerant != want[3] || b.Liaison != want[4] {
				t.Errorf("seed %d node %d: ours %+v, sna %v", seed, i, b, want)
			}
		}
	}
}

func writeCSV(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	f.Close()
}
