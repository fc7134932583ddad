package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// analyze --bootstrap adds the bounds to clusters.csv, linkage.csv and
// report.json, the same bytes for any --workers and for the same seed,
// other bounds for another seed; --risk writes risk.csv.
func TestAnalyzeBootstrapRisk(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	run := func(name string, args ...string) string {
		t.Helper()
		dir := filepath.Join(root, name)
		a := append([]string{"analyze", "../../samples/zhejiang", "-o", dir, "--formats", "csv,json", "--quiet"}, args...)
		if code, stdout, errs := clusterchain(t, a...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", a, code, stdout, errs)
		}
		return dir
	}
	one := run("one", "--bootstrap", "400", "--seed", "3", "--workers", "1", "--risk", "markets")
	two := run("two", "--bootstrap", "400", "--seed", "3", "--workers", "2", "--risk", "markets")
	other := run("other", "--bootstrap", "400", "--seed", "4")
	plain := run("plain")
	read := func(dir, name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, name := range []string{"clusters.csv", "linkage.csv", "risk.csv", "report.json"} {
		if !bytes.Equal(read(one, name), read(two, name)) {
			t.Errorf("%s differs between --workers 1 and 2", name)
		}
	}
	if bytes.Equal(read(one, "clusters.csv"), read(other, "clusters.csv")) {
		t.Error("--seed 4 gives the bounds of --seed 3")
	}
	clusters := readCSV(t, filepath.Join(one, "clusters.csv"))
	h := strings.Join(clusters[0], ",")
	if !strings.HasSuffix(h, ",buyer_reach,ei_index,market_share_lo,market_share_hi,buyer_share_lo,buyer_share_hi,buyer_reach_lo,buyer_reach_hi") {
		t.Errorf("clusters.csv header %s", h)
	}
	col := func(name string) int {
		for i, c := range clusters[0] {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	for _, r := range clusters[1:] {
		for _, fig := range []string{"market_share", "buyer_share", "buyer_reach"} {
			lo, _ := strconv.ParseFloat(r[col(fig+"_lo")], 64)
			hi, _ := strconv.ParseFloat(r[col(fig+"_hi")], 64)
			if !(0 <= lo && lo <= hi && hi <= 1) {
				t.Errorf("%s %s: [%v, %v]", r[0], fig, lo, hi)
			}
		}
	}
	if h := readCSV(t, filepath.Join(one, "linkage.csv"))[0]; strings.Join(h, ",") != "cluster,market,volume,share,reach,dependence,share_lo,share_hi" {
		t.Errorf("linkage.csv header %v", h)
	}
	if h := readCSV(t, filepath.Join(plain, "clusters.csv"))[0]; strings.Contains(strings.Join(h, ","), "_lo") {
		t.Errorf("bounds without --bootstrap: %v", h)
	}
	if _, err := os.Stat(filepath.Join(plain, "risk.csv")); !os.IsNotExist(err) {
		t.Errorf("risk.csv without --risk: %v", err)
	}
	if n := len(readCSV(t, filepath.Join(one, "risk.csv"))) - 1; n != 8+7 {
		t.Errorf("risk.csv: %d rows, want every market and buyer (15)", n)
	}
	validateJSON(t, "report", read(one, "report.json"))
	for _, args := range [][]string{
		{"--bootstrap", "-1"}, {"--bootstrap", "100001"}, {"--bootstrap", "many"},
		{"--risk", "some"}, {"--threshold", "0.3"}, {"--risk", "all", "--threshold", "0"}, {"--risk", "all", "--threshold", "2"},
	} {
		a := append([]string{"analyze", "../../samples/zhejiang", "-o", t.TempDir(), "--formats", "csv"}, args...)
		if code, _, errs := clusterchain(t, a...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errs)
		}
	}
}
