package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// marketShares computes each cluster's out(C) and market_share straight
// from a generated dataset's CSV tables (SPEC §2), as an oracle.
func marketShares(t *testing.T, dir string) (out, share map[string]float64) {
	t.Helper()
	cluster := map[string]string{}
	for _, r := range readCSV(t, filepath.Join(dir, "firms.csv"))[1:] {
		cluster[r[0]] = r[2]
	}
	market := map[string]bool{}
	for _, r := range readCSV(t, filepath.Join(dir, "markets.csv"))[1:] {
		market[r[0]] = true
	}
	out, toMarkets := map[string]float64{}, map[string]float64{}
	for _, r := range readCSV(t, filepath.Join(dir, "links.csv"))[1:] {
		c := cluster[r[0]]
		if c == "" || cluster[r[1]] == c {
			continue
		}
		v, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		out[c] += v
		if market[r[1]] {
			toMarkets[c] += v
		}
	}
	share = map[string]float64{}
	for c, o := range out {
		share[c] = toMarkets[c] / o
	}
	return out, share
}

// rewrite rewrites a CSV table of dir row by row: edit returns the new
// row, or nil to drop it.
func rewrite(t *testing.T, dir, name string, edit func([]string) []string) {
	t.Helper()
	rows := readCSV(t, filepath.Join(dir, name))
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(rows[0])
	for _, r := range rows[1:] {
		if r = edit(r); r != nil {
			w.Write(r)
		}
	}
	w.Flush()
	if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Two waves of a generated survey with planted changes: in the second,
// the cluster most tied to one market sells to a buyer instead, and
// another market has closed. diff shows exactly those changes, and the
// thresholds turn the exit status non-zero when, and only when, crossed.
func TestDiffPlantedWaves(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w1, w2 := filepath.Join(root, "2023"), filepath.Join(root, "2024")
	o1, o2 := filepath.Join(root, "out-2023"), filepath.Join(root, "out-2024")
	generate(t, w1, 400, "4")
	if code, _, errs := clusterchain(t, "analyze", w1, "-o", o1, "--formats", "csv"); code != 0 {
		t.Fatal(errs)
	}
	// The planted move: the (cluster, market) pair with the largest share.
	var moved, via string
	best := 0.0
	for _, r := range readCSV(t, filepath.Join(o1, "linkage.csv"))[1:] {
		if s, _ := strconv.ParseFloat(r[3], 64); s > best {
			moved, via, best = r[0], r[1], s
		}
	}
	if best <= 0.1 {
		t.Fatalf("largest linkage share %v: nothing worth planting", best)
	}
	var closed string // the last market other than via
	for _, r := range readCSV(t, filepath.Join(w1, "markets.csv"))[1:] {
		if r[0] != via {
			closed = r[0]
		}
	}
	inMoved := map[string]bool{}
	for _, r := range readCSV(t, filepath.Join(w1, "firms.csv"))[1:] {
		inMoved[r[0]] = r[2] == moved
	}
	if err := os.CopyFS(w2, os.DirFS(w1)); err != nil {
		t.Fatal(err)
	}
	rewrite(t, w2, "links.csv", func(r []string) []string {
		switch {
		case r[0] == closed || r[1] == closed:
			return nil
		case inMoved[r[0]] && r[1] == via:
			r[1] = "b0"
		}
		return r
	})
	rewrite(t, w2, "markets.csv", func(r []string) []string {
		if r[0] == closed {
			return nil
		}
		return r
	})
	if code, _, errs := clusterchain(t, "analyze", w2, "-o", o2, "--formats", "csv"); code != 0 {
		t.Fatal(errs)
	}

	outBefore, before := marketShares(t, w1)
	outAfter, after := marketShares(t, w2)
	touched := map[string]bool{moved: true} // clusters that sold to the closed market
	wantVanished := []string{moved + "/" + via}
	for _, r := range readCSV(t, filepath.Join(o1, "linkage.csv"))[1:] {
		if r[1] == closed {
			touched[r[0]] = true
			wantVanished = append(wantVanished, r[0]+"/"+closed)
		}
	}
	slices.Sort(wantVanished)

	d := filepath.Join(root, "diff")
	code, stdout, errs := clusterchain(t, "diff", o1, o2, "-o", d)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, errs)
	}
	got := map[string]map[string]float64{} // cluster → column → change
	closedRow := false
	for _, r := range readCSV(t, filepath.Join(d, "diff.csv"))[1:] {
		if r[0] == "clusters.csv" {
			if got[r[1]] == nil {
				got[r[1]] = map[string]float64{}
			}
			got[r[1]][r[2]], _ = strconv.ParseFloat(r[5], 64)
		}
		if r[0] == "nodes.csv" && r[1] == closed && r[2] == "type" && r[3] == "market" && r[4] == "" {
			closedRow = true
		}
	}
	if !closedRow {
		t.Errorf("diff.csv does not show market %s gone", closed)
	}
	for c := range before {
		ch, ok := got[c]["market_share"]
		want := after[c] - before[c]
		switch {
		case !touched[c] && (ok || got[c]["out_volume"] != 0 || got[c]["buyer_share"] != 0):
			t.Errorf("untouched cluster %s changed: %v", c, got[c])
		case touched[c] && (!ok || math.Abs(ch-want) > 1e-9):
			t.Errorf("cluster %s market_share change %v, want %v", c, ch, want)
		case touched[c] && math.Abs(got[c]["out_volume"]-(outAfter[c]-outBefore[c])) > 1e-6:
			t.Errorf("cluster %s out_volume change %v, want %v", c, got[c]["out_volume"], outAfter[c]-outBefore[c])
		}
	}
	if got[moved]["buyer_share"] <= 0 {
		t.Errorf("cluster %s buyer_share change %v, want a rise", moved, got[moved]["buyer_share"])
	}
	drop := before[moved] - after[moved]
	md, err := os.ReadFile(filepath.Join(d, "diff.md"))
	if err != nil {
		t.Fatal(err)
	}
	vanished := strings.Join(wantVanished, ", ")
	for _, want := range []string{"| " + moved + " | market\\_share | ", "Appeared: none", "Vanished: " + vanished + "\n",
		"## Largest moves in centrality rank"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("diff.md lacks %q:\n%s", want, md)
		}
	}
	if !strings.Contains(stdout, "0 linkage pairs appeared, "+strconv.Itoa(len(wantVanished))+" vanished") {
		t.Errorf("stdout: %s", stdout)
	}

	// Thresholds: a drop of more than 0.1 fails; a threshold just beyond
	// the planted drop passes and one just short of it fails.
	for _, tc := range []struct {
		check string
		code  int
	}{
		{"market_share<-0.1", 1},
		{"clusters:market_share<" + strconv.FormatFloat(-drop-0.001, 'g', -1, 64), 0},
		{"market_share<" + strconv.FormatFloat(-drop+0.001, 'g', -1, 64), 1},
		{"buyer_share>0.05", 1},
		{"linkage:share<-0.99", 0},
	} {
		code, stdout, errs := clusterchain(t, "diff", o1, o2, "-o", t.TempDir(), "--fail-if", tc.check)
		if code != tc.code {
			t.Errorf("--fail-if %s: exit %d, want %d\n%s%s", tc.check, code, tc.code, stdout, errs)
		}
		if tc.code == 1 && !strings.Contains(stdout, " failed: "+moved+" ") {
			t.Errorf("--fail-if %s: stdout does not name cluster %s:\n%s", tc.check, moved, stdout)
		}
	}
	// A misspelt check is a usage error, never a silent pass.
	for check, msg := range map[string]string{
		"market_shar<-0.1":   `clusters.csv has no column "market_shar"`,
		"bogus:share<-0.1":   `no table "bogus"`,
		"market_share<-x":    `"-x" is not a number`,
		"market_share=-0.1":  "want COLUMN<VALUE",
		"linkage:market<0.1": "market is a key column",
		"top_customer<0":     "is text, not a number",
		"clusters:name>0":    "is text, not a number",
		"nodes:cut>0":        "is text, not a number",
		"resilience:type<1":  "is text, not a number",
		"market_share<NaN":   `"NaN" is not a number`,
	} {
		code, _, errs := clusterchain(t, "diff", o1, o2, "-o", t.TempDir(), "--fail-if", check)
		if code != 2 || !strings.Contains(errs, msg) {
			t.Errorf("--fail-if %s: exit %d, want 2 with %q\n%s", check, code, msg, errs)
		}
	}

	// --json: the same result as a document.
	code, stdout, _ = clusterchain(t, "diff", o1, o2, "-o", t.TempDir(), "--json", "--fail-if", "market_share<-0.1")
	if code != 1 {
		t.Errorf("--json: exit %d", code)
	}
	validateJSON(t, "diff", []byte(stdout))
	if !strings.Contains(stdout, `"key": "`+moved+`"`) || strings.Contains(stdout, `"failed": 0`) {
		t.Errorf("--json:\n%s", stdout)
	}
}

// Outputs written with different formats are compared on the tables they
// share; two directories with none in common are an error naming them.
func TestDiffCommonTables(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	csvOut, jsonOut := filepath.Join(root, "csv"), filepath.Join(root, "json")
	clusterchain(t, "analyze", "-o", csvOut, "--formats", "csv")
	clusterchain(t, "analyze", "-o", jsonOut, "--formats", "json")
	code, _, errs := clusterchain(t, "diff", csvOut, jsonOut, "-o", t.TempDir())
	if code != 1 || !strings.Contains(errs, jsonOut+": no output tables") {
		t.Errorf("exit %d: %s", code, errs)
	}
	os.Remove(filepath.Join(csvOut, "reach.csv"))
	other := filepath.Join(root, "other")
	clusterchain(t, "analyze", "-o", other, "--formats", "csv")
	code, stdout, errs := clusterchain(t, "diff", csvOut, other, "-o", t.TempDir())
	if code != 0 || !strings.Contains(stdout, "0 cells changed") {
		t.Errorf("exit %d\n%s%s", code, stdout, errs)
	}
}

func TestDistinctNames(t *testing.T) {
	for _, tc := range [][4]string{
		{"results/2023", "results/2024", "2023", "2024"},
		{"reports/2023/yiwu/", "reports/2024/yiwu", "2023/yiwu", "2024/yiwu"},
		{"out", "a/out", "out", "a/out"},
		{"x", "x", "x", "x"},
	} {
		if a, b := distinctNames(tc[0], tc[1]); a != tc[2] || b != tc[3] {
			t.Errorf("distinctNames(%q, %q) = %q, %q", tc[0], tc[1], a, b)
		}
	}
}

// The two waves of the sample: every wenzhou-* → wenzhou-shoe-market
// link dropped, and the whole Haining cluster deleted. A linkage or a
// cluster that vanished fails a check as a fall to 0, and the summary
// (printed, diff.md, JSON) names what vanished.
func TestDiffVanishedRows(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w1 := filepath.Join(root, "2023")
	copySample(t, w1)
	noShoeMarket, noHaining := filepath.Join(root, "no-shoe-market"), filepath.Join(root, "no-haining")
	for _, d := range []string{noShoeMarket, noHaining} {
		copySample(t, d)
	}
	rewrite(t, noShoeMarket, "links.csv", func(r []string) []string {
		if strings.HasPrefix(r[0], "wenzhou-") && r[1] == "wenzhou-shoe-market" {
			return nil
		}
		return r
	})
	haining := map[string]bool{}
	rewrite(t, noHaining, "firms.csv", func(r []string) []string {
		if r[2] == "haining-leather" {
			haining[r[0]] = true
			return nil
		}
		return r
	})
	rewrite(t, noHaining, "links.csv", func(r []string) []string {
		if haining[r[0]] || haining[r[1]] {
			return nil
		}
		return r
	})
	rewrite(t, noHaining, "clusters.csv", func(r []string) []string {
		if r[0] == "haining-leather" {
			return nil
		}
		return r
	})
	outs := map[string]string{}
	for _, d := range []string{w1, noShoeMarket, noHaining} {
		outs[d] = filepath.Join(root, "out", filepath.Base(d))
		if code, _, errs := clusterchain(t, "analyze", d, "-o", outs[d], "--formats", "csv"); code != 0 {
			t.Fatal(errs)
		}
	}
	code, stdout, errs := clusterchain(t, "diff", outs[w1], outs[noShoeMarket], "--fail-if", "linkage:share<-0.2")
	if code != 1 || !strings.Contains(stdout, "check linkage:share<-0.2 failed: wenzhou-shoes/wenzhou-shoe-market share 0.") ||
		!strings.Contains(stdout, "→ (vanished) (-0.") {
		t.Errorf("vanished linkage: exit %d\n%s%s", code, stdout, errs)
	}
	code, stdout, errs = clusterchain(t, "diff", outs[w1], outs[noHaining], "--fail-if", "market_share<-0.1", "-o", filepath.Join(root, "d"))
	if code != 1 || !strings.Contains(stdout, "check clusters:market_share<-0.1 failed: haining-leather market_share 0.9") ||
		!strings.Contains(stdout, "vanished: clusters haining-leather\n") {
		t.Errorf("vanished cluster: exit %d\n%s%s", code, stdout, errs)
	}
	md, _ := os.ReadFile(filepath.Join(root, "d", "diff.md"))
	if !strings.Contains(string(md), "Vanished clusters: haining-leather") {
		t.Errorf("diff.md:\n%s", md)
	}
	code, stdout, _ = clusterchain(t, "diff", outs[w1], outs[noHaining], "--json", "-o", filepath.Join(root, "d"))
	validateJSON(t, "diff", []byte(stdout))
	if code != 0 || !strings.Contains(stdout, `"vanished_entities": {
    "clusters": [
      "haining-leather"
    ]`) {
		t.Errorf("--json: exit %d\n%s", code, stdout)
	}
	// Input dataset folders instead of outputs.
	code, _, errs = clusterchain(t, "diff", w1, noHaining)
	if code != 1 || !strings.Contains(errs, "run 'clusterchain analyze DATASET -o DIR' first") {
		t.Errorf("datasets: exit %d %s", code, errs)
	}
}

// whatif --remove walmart on the sample and a diff of two identical
// analyses list no change that is only rounding: every numeric change is
// at least 1e-12 of the largest value of its column.
func TestNoRoundingChanges(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	if code, _, errs := clusterchain(t, "whatif", "../../samples/zhejiang", "--remove", "walmart", "-o", out); code != 0 {
		t.Fatal(errs)
	}
	rows := readCSV(t, filepath.Join(out, "whatif.csv"))
	scale := map[string]float64{}
	for _, r := range rows[1:] {
		for _, c := range r[3:5] {
			if x, err := strconv.ParseFloat(c, 64); err == nil {
				scale[r[0]+r[2]] = max(scale[r[0]+r[2]], math.Abs(x))
			}
		}
	}
	n := 0
	for _, r := range rows[1:] {
		if r[5] == "" {
			continue
		}
		n++
		d, _ := strconv.ParseFloat(r[5], 64)
		if math.Abs(d) < 1e-12*scale[r[0]+r[2]] {
			t.Errorf("rounding listed as a change: %v", r)
		}
	}
	// The three noise cells of the issue are gone; the real changes stay.
	for _, r := range rows[1:] {
		if r[0] == "clusters.csv" && r[1] == "datang-hosiery" && r[2] == "buyer_reach" && strings.HasPrefix(r[3], "0.99999") && strings.HasPrefix(r[4], "1.0000") {
			t.Errorf("noise cell listed: %v", r)
		}
	}
	if n < 100 {
		t.Errorf("only %d numeric changes: real changes lost", n)
	}
}

// churnOracle counts churn.csv's rows straight from two datasets'
// firms.csv and links.csv (SPEC §6): per cluster the edges of G with a
// firm of it at either end and the partners outside it at their other
// end, and for the whole network every edge and every node with one.
func churnOracle(t *testing.T, a, b string) map[string][8]int {
	t.Helper()
	type wave struct {
		links    map[string]map[[2]string]bool
		partners map[string]map[string]bool
	}
	read := func(dir string) wave {
		cluster := map[string]string{}
		w := wave{map[string]map[[2]string]bool{"*": {}}, map[string]map[string]bool{"*": {}}}
		for _, r := range readCSV(t, filepath.Join(dir, "firms.csv"))[1:] {
			cluster[r[0]] = r[2]
			if r[2] != "" && w.links[r[2]] == nil {
				w.links[r[2]], w.partners[r[2]] = map[[2]string]bool{}, map[string]bool{}
			}
		}
		for _, r := range readCSV(t, filepath.Join(dir, "links.csv"))[1:] {
			e := [2]string{r[0], r[1]}
			w.links["*"][e] = true
			w.partners["*"][r[0]], w.partners["*"][r[1]] = true, true
			for _, end := range [][2]string{{r[0], r[1]}, {r[1], r[0]}} {
				if c := cluster[end[0]]; c != "" {
					w.links[c][e] = true
					if cluster[end[1]] != c {
						w.partners[c][end[1]] = true
					}
				}
			}
		}
		return w
	}
	wa, wb := read(a), read(b)
	out := map[string][8]int{}
	for c := range wa.links {
		var r [8]int
		r[0], r[1] = len(wa.links[c]), len(wb.links[c])
		for e := range wa.links[c] {
			if wb.links[c][e] {
				r[2]++
			} else {
				r[3]++
			}
		}
		r[4] = r[1] - r[2]
		for p := range wa.partners[c] {
			if wb.partners[c][p] {
				r[5]++
			} else {
				r[6]++
			}
		}
		r[7] = len(wb.partners[c]) - r[5]
		out[c] = r
	}
	return out
}

// diff writes churn.csv from the edge lists of two outputs, equal to the
// counts taken from the input tables of two waves where a market closed,
// some links moved and one firm changed cluster; the JSON carries the
// persistence. An output without edges.csv leaves churn.csv out and says
// so.
func TestDiffChurn(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w1, w2 := filepath.Join(root, "w1"), filepath.Join(root, "w2")
	o1, o2 := filepath.Join(root, "o1"), filepath.Join(root, "o2")
	generate(t, w1, 300, "6")
	if err := os.CopyFS(w2, os.DirFS(w1)); err != nil {
		t.Fatal(err)
	}
	markets := readCSV(t, filepath.Join(w1, "markets.csv"))[1:]
	closed := markets[0][0]
	n := 0
	rewrite(t, w2, "links.csv", func(r []string) []string {
		n++
		switch {
		case r[0] == closed || r[1] == closed:
			return nil
		case n%17 == 0:
			return nil
		case n%23 == 0 && r[2] == "sale" && r[1] != "b0":
			r[1] = "b0"
		}
		return r
	})
	rewrite(t, w2, "markets.csv", func(r []string) []string {
		if r[0] == closed {
			return nil
		}
		return r
	})
	var movedFirm string
	clusters := map[string]bool{}
	for _, r := range readCSV(t, filepath.Join(w1, "firms.csv"))[1:] {
		clusters[r[2]] = true
	}
	rewrite(t, w2, "firms.csv", func(r []string) []string {
		if movedFirm == "" && r[2] != "" {
			for c := range clusters {
				if c != "" && c != r[2] {
					movedFirm, r[2] = r[0], c
					break
				}
			}
		}
		return r
	})
	if movedFirm == "" {
		t.Fatal("no firm changed cluster")
	}
	for _, w := range [][2]string{{w1, o1}, {w2, o2}} {
		if code, _, errs := clusterchain(t, "analyze", w[0], "-o", w[1], "--formats", "csv"); code != 0 {
			t.Fatal(errs)
		}
	}
	d := filepath.Join(root, "diff")
	code, stdout, errs := clusterchain(t, "diff", o1, o2, "-o", d, "--json")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, errs)
	}
	want := churnOracle(t, w1, w2)
	rows := readCSV(t, filepath.Join(d, "churn.csv"))
	if strings.Join(rows[0], ",") != "cluster,links_a,links_b,kept,lost,new,partners_kept,partners_lost,partners_new" {
		t.Errorf("header %v", rows[0])
	}
	if len(rows)-1 != len(want) || rows[len(rows)-1][0] != "*" {
		t.Fatalf("%d rows, want %d with * last", len(rows)-1, len(want))
	}
	for _, r := range rows[1:] {
		var got [8]int
		for i := range got {
			got[i], _ = strconv.Atoi(r[i+1])
		}
		if got != want[r[0]] {
			t.Errorf("cluster %s: %v, want %v", r[0], got, want[r[0]])
		}
	}
	star := want["*"]
	if star[3] == 0 || star[4] == 0 {
		t.Fatalf("the planted waves lost %d and gained %d links: nothing tested", star[3], star[4])
	}
	var doc struct {
		Persistence *float64 `json:"persistence"`
		Churn       []struct {
			Cluster string `json:"cluster"`
			Network bool   `json:"network"`
		} `json:"churn"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Persistence == nil || *doc.Persistence != float64(star[2])/float64(star[0]) {
		t.Errorf("persistence %v, want %d/%d", doc.Persistence, star[2], star[0])
	}
	if len(doc.Churn) != len(want) || !doc.Churn[len(doc.Churn)-1].Network {
		t.Errorf("JSON churn: %+v", doc.Churn)
	}

	// An older output without edges.csv.
	if err := os.Remove(filepath.Join(o1, "edges.csv")); err != nil {
		t.Fatal(err)
	}
	d2 := filepath.Join(root, "diff2")
	code, stdout, errs = clusterchain(t, "diff", o1, o2, "-o", d2)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, errs)
	}
	if !strings.Contains(stdout, "churn.csv not written: "+o1+" has no edges.csv") {
		t.Errorf("stdout does not say what is missing:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(d2, "churn.csv")); !os.IsNotExist(err) {
		t.Errorf("churn.csv written without an edge list: %v", err)
	}
}
