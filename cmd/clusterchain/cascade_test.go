package main

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// refFailure is one row of cascade.csv.
type refFailure struct {
	id, round, reason string
}

// refNet is a dataset read straight from its CSV tables: node types and
// G's edge volumes (links of one from → to pair summed).
type refNet struct {
	typ      map[string]string
	ids      []string
	out, in  map[string]map[string]float64
	firmsOut float64
}

func readRefNet(t *testing.T, dir string) *refNet {
	t.Helper()
	nw := &refNet{typ: map[string]string{}, out: map[string]map[string]float64{}, in: map[string]map[string]float64{}}
	for _, f := range []struct{ file, typ string }{{"firms.csv", "firm"}, {"markets.csv", "market"}, {"buyers.csv", "buyer"}} {
		for _, r := range readCSV(t, filepath.Join(dir, f.file))[1:] {
			nw.typ[r[0]] = f.typ
			nw.ids = append(nw.ids, r[0])
			nw.out[r[0]], nw.in[r[0]] = map[string]float64{}, map[string]float64{}
		}
	}
	rows := readCSV(t, filepath.Join(dir, "links.csv"))
	vol := slices.Index(rows[0], "volume")
	for _, r := range rows[1:] {
		x := 0.0 // an empty cell: unknown, weighs 0
		if r[vol] != "" {
			var err error
			if x, err = strconv.ParseFloat(r[vol], 64); err != nil {
				t.Fatal(err)
			}
		}
		nw.out[r[0]][r[1]] += x
		nw.in[r[1]][r[0]] += x
		if nw.typ[r[0]] == "firm" {
			nw.firmsOut += x
		}
	}
	return nw
}

// cascade is SPEC §6 read literally: every round recomputes, for every
// firm and market still standing, the volume of its links to and from
// failed nodes.
func (nw *refNet) cascade(removed []string, theta float64) []refFailure {
	round := map[string]int{}
	var res []refFailure
	for _, id := range removed {
		round[id] = 0
		res = append(res, refFailure{id, "0", "removed"})
	}
	sum := func(m map[string]float64, failed bool) float64 {
		var keys []string
		for k := range m {
			if _, f := round[k]; f || !failed {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		s := 0.0
		for _, k := range keys {
			s += m[k]
		}
		return s
	}
	for r := 1; ; r++ {
		var add []refFailure
		for _, id := range nw.ids {
			if _, f := round[id]; f || nw.typ[id] == "buyer" {
				continue
			}
			// a relative 1e-12 for rounding, as the cascade package allows
			outV, inV := sum(nw.out[id], false), sum(nw.in[id], false)
			switch {
			case outV > 0 && sum(nw.out[id], true) >= theta*outV*(1-1e-12):
				add = append(add, refFailure{id, strconv.Itoa(r), "customers"})
			case inV > 0 && sum(nw.in[id], true) >= theta*inV*(1-1e-12):
				add = append(add, refFailure{id, strconv.Itoa(r), "suppliers"})
			}
		}
		if len(add) == 0 {
			break
		}
		for _, f := range add {
			round[f.id] = r
		}
		res = append(res, add...)
	}
	sort.SliceStable(res, func(i, j int) bool {
		ri, _ := strconv.Atoi(res[i].round)
		rj, _ := strconv.Atoi(res[j].round)
		if ri != rj {
			return ri < rj
		}
		return res[i].id < res[j].id
	})
	return res
}

// whatif --cascade writes cascade.csv equal, round by round and reason by
// reason, to the SPEC read literally on the input tables; the clusters'
// summary and risk.csv agree with it; --json validates.
func TestWhatifCascade(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	gen := filepath.Join(root, "gen")
	generate(t, gen, 400, "3")
	for _, tc := range []struct {
		dataset string
		remove  []string
		theta   string
	}{
		{"../../samples/zhejiang", []string{"yiwu-ccc"}, "0.5"},
		{"../../samples/zhejiang", []string{"walmart", "carrefour"}, "0.3"},
		{gen, []string{"m0"}, "0.5"},
		{gen, []string{"b1", "m2"}, "0.25"},
	} {
		ref := readRefNet(t, tc.dataset)
		out := filepath.Join(root, "o"+strconv.Itoa(len(tc.remove))+tc.theta+filepath.Base(tc.dataset))
		code, stdout, errs := clusterchain(t, "whatif", tc.dataset, "--remove", strings.Join(tc.remove, ","),
			"--cascade", "--threshold", tc.theta, "-o", out, "--json")
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", tc, code, stdout, errs)
		}
		validateJSON(t, "whatif", []byte(stdout))
		theta, _ := strconv.ParseFloat(tc.theta, 64)
		want := ref.cascade(tc.remove, theta)
		rows := readCSV(t, filepath.Join(out, "cascade.csv"))
		if strings.Join(rows[0], ",") != "id,type,cluster,round,reason" {
			t.Errorf("cascade.csv header %v", rows[0])
		}
		var got []refFailure
		for _, r := range rows[1:] {
			got = append(got, refFailure{r[0], r[3], r[4]})
			if r[1] != ref.typ[r[0]] {
				t.Errorf("%s: type %s, want %s", r[0], r[1], ref.typ[r[0]])
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s without %v at θ %s:\n got %v\nwant %v", tc.dataset, tc.remove, tc.theta, got, want)
		}
		last := want[len(want)-1].round
		t.Logf("%s without %v at θ %s: %d failures, %s rounds", filepath.Base(tc.dataset), tc.remove, tc.theta, len(want)-len(tc.remove), last)
		// The clusters' summary adds up to cascade.csv's firms.
		failedFirms := 0
		for _, f := range want {
			if f.round != "0" && ref.typ[f.id] == "firm" {
				failedFirms++
			}
		}
		sumFailed := 0
		for _, r := range readCSV(t, filepath.Join(out, "cascade_clusters.csv"))[1:] {
			n, _ := strconv.Atoi(r[3])
			sumFailed += n
		}
		firmsInNoCluster := 0
		for _, r := range rows[1:] {
			if r[1] == "firm" && r[2] == "" && r[3] != "0" {
				firmsInNoCluster++
			}
		}
		if sumFailed+firmsInNoCluster != failedFirms {
			t.Errorf("cascade_clusters.csv counts %d failed firms (+%d in no cluster), cascade.csv %d", sumFailed, firmsInNoCluster, failedFirms)
		}
		// risk.csv: every market and buyer, each its own cascade.
		risk := readCSV(t, filepath.Join(out, "risk.csv"))
		if strings.Join(risk[0], ",") != "id,type,firms_failed,volume_failed,share_failed,nodes_failed,rounds" {
			t.Errorf("risk.csv header %v", risk[0])
		}
		starts := 0
		for _, id := range ref.ids {
			if ref.typ[id] != "firm" {
				starts++
			}
		}
		if len(risk)-1 != starts {
			t.Errorf("risk.csv has %d rows, want %d", len(risk)-1, starts)
		}
		for _, r := range risk[1:] {
			c := ref.cascade([]string{r[0]}, theta)
			firms, vol := 0, 0.0
			for _, f := range c[1:] {
				if ref.typ[f.id] == "firm" {
					firms++
					vol += sumMap(ref.out[f.id])
				}
			}
			gotFirms, _ := strconv.Atoi(r[2])
			gotVol, _ := strconv.ParseFloat(r[3], 64)
			gotShare, _ := strconv.ParseFloat(r[4], 64)
			gotNodes, _ := strconv.Atoi(r[5])
			if gotFirms != firms || math.Abs(gotVol-vol) > 1e-9*max(1, vol) || math.Abs(gotShare-vol/ref.firmsOut) > 1e-12 ||
				gotNodes != len(c)-1 || (len(c) > 1 && r[6] != c[len(c)-1].round) {
				t.Errorf("risk of %s: %v, want %d firms, volume %v, share %v, %d nodes", r[0], r, firms, vol, vol/ref.firmsOut, len(c)-1)
			}
		}
	}
}

func sumMap(m map[string]float64) float64 {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := 0.0
	for _, k := range keys {
		s += m[k]
	}
	return s
}

// --risk all starts a cascade from every node; the printed account names
// the cascade and the worst single failures; wrong thresholds and flags
// without --cascade are usage errors.
func TestWhatifCascadeFlags(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	code, stdout, errs := clusterchain(t, "whatif", "../../samples/zhejiang", "--remove", "yiwu-ccc", "--cascade", "--risk", "all", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, errs)
	}
	if n := len(readCSV(t, filepath.Join(out, "risk.csv"))) - 1; n != 193+8+7 {
		t.Errorf("--risk all: %d rows, want every node (208)", n)
	}
	for _, want := range []string{"cascade at θ = 0.5: Without 义乌中国小商品城 (Yiwu China Commodity City), ", "clusters hit:",
		"single failures that topple most (risk.csv):", "wrote cascade.csv, cascade.svg, cascade_clusters.csv, risk.csv, whatif.csv into"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	for _, args := range [][]string{
		{"--cascade", "--threshold", "0"},
		{"--cascade", "--threshold", "1.5"},
		{"--cascade", "--threshold", "-0.2"},
		{"--cascade", "--threshold", "NaN"},
		{"--cascade", "--threshold", "half"},
		{"--cascade", "--risk", "some"},
		{"--threshold", "0.4"},
		{"--risk", "all"},
	} {
		a := append([]string{"whatif", "../../samples/zhejiang", "--remove", "yiwu-ccc", "-o", t.TempDir()}, args...)
		if code, _, errs := clusterchain(t, a...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errs)
		}
	}
	// θ = 1 is allowed: a node fails only when it lost everything.
	if code, _, errs := clusterchain(t, "whatif", "../../samples/zhejiang", "--remove", "yiwu-ccc", "--cascade", "--threshold", "1", "-o", t.TempDir()); code != 0 {
		t.Errorf("θ = 1: exit %d (%s)", code, errs)
	}
	// Without --cascade nothing of the cascade is written.
	plain := t.TempDir()
	if code, _, errs := clusterchain(t, "whatif", "../../samples/zhejiang", "--remove", "yiwu-ccc", "-o", plain); code != 0 {
		t.Fatal(errs)
	}
	if _, err := os.Stat(filepath.Join(plain, "cascade.csv")); !os.IsNotExist(err) {
		t.Errorf("cascade.csv without --cascade: %v", err)
	}
}
