package batch

import (
	"bytes"
	"strings"
	"testing"
)

func TestDirNames(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"x", "x"},
		{"x x", "x x-2"},
		{"x x-2 x", "x x-2 x-3"},
		{"x x x-2", "x x-3 x-2"},
		{"x X", "x X-2"},
		{"summary.csv index.html", "summary.csv-2 index.html-2"},
		{"a summary.csv-2 summary.csv", "a summary.csv-2 summary.csv-3"},
		{". .. / x", "dataset dataset-2 dataset-3 x"},
		{"y-2 y y y", "y-2 y y-3 y-4"},
	} {
		in := strings.Split(tc.in, " ")
		if tc.in == ". .. / x" {
			in = []string{".", "..", "/", "x"}
		}
		got := DirNames(in)
		if strings.Join(got, " ") != tc.want {
			t.Errorf("DirNames(%q) = %q, want %q", in, got, tc.want)
		}
		seen := map[string]bool{}
		for _, n := range got {
			if seen[strings.ToLower(n)] {
				t.Errorf("DirNames(%q): %q twice", in, n)
			}
			seen[strings.ToLower(n)] = true
		}
	}
}

// Names and errors that look like formulas or markup are neutralised in
// summary.csv and escaped in index.html.
func TestWritersEscape(t *testing.T) {
	rows := []Row{
		{Name: "=cmd|' /C calc'!A0", Dir: "=cmd", Status: "failed", Error: "<script>x</script>", MaxDepth: -1},
		{Name: "ok", Dir: "ok", Status: "ok", Written: true, Firms: 3, MeanMarketShare: 0.5, MaxDepth: 2},
	}
	var csv, html bytes.Buffer
	if err := WriteSummaryCSV(&csv, rows); err != nil {
		t.Fatal(err)
	}
	if err := WriteIndex(&html, rows, []string{"csv", "html"}); err != nil {
		t.Fatal(err)
	}
	wantCSV := "dataset,status,firms,markets,buyers,links,clusters,warnings,mean_market_share,max_depth,error\n" +
		"'=cmd|' /C calc'!A0,failed,0,0,0,0,0,0,,,<script>x</script>\n" +
		"ok,ok,3,0,0,0,0,0,0.5,2,\n"
	if csv.String() != wantCSV {
		t.Errorf("summary.csv:\n%s\nwant\n%s", csv.String(), wantCSV)
	}
	if strings.Contains(html.String(), "<script>") || !strings.Contains(html.String(), `<a href="./ok/report.html">ok</a>`) ||
		!strings.Contains(html.String(), "2 datasets, 1 failed") {
		t.Errorf("index.html:\n%s", html.String())
	}
}
