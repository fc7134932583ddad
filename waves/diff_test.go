package waves

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"clusterchain/internal/csvsafe"
	"clusterchain/report"
)

func table(name string, keys int, header string, rows ...string) report.Table {
	t := report.Table{Name: name, Keys: keys, Header: strings.Split(header, ",")}
	for _, r := range rows {
		t.Rows = append(t.Rows, strings.Split(r, ","))
	}
	return t
}

// A change that is only rounding — less than 1e-12 of the largest
// magnitude of its column — is not listed; a real change, however small
// beside 1, is. The cases are the noise cells of whatif --remove walmart
// on the sample and of a larger run (hub 0 → 1e-24).
func TestDiffRounding(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after []string // "key,value" rows of a one-figure table
		want          string   // the keys listed, in order
	}{
		{"share one ulp apart", []string{"a,0.9999999999999999", "b,0.5"}, []string{"a,1.0000000000000002", "b,0.5"}, ""},
		{"volume rounded", []string{"x,70438.90000000002", "y,5157.000000000001"}, []string{"x,70438.90000000001", "y,5157"}, ""},
		{"residue beside a large column", []string{"f1,0", "f2,0.25"}, []string{"f1,1.3345587561831764e-24", "f2,0.25"}, ""},
		{"negative residue", []string{"m,-2.2e-16", "n,0.9"}, []string{"m,0", "n,0.9"}, ""},
		{"real small change", []string{"a,0.5", "b,1e-9"}, []string{"a,0.5", "b,2e-9"}, "b"},
		{"tiny column, tiny change", []string{"a,1e-20"}, []string{"a,2e-20"}, "a"},
		{"0.001 of a large column", []string{"a,10000", "b,0.1"}, []string{"a,10000", "b,0.101"}, "b"},
		{"text", []string{"a,x"}, []string{"a,y"}, "a"},
		{"empty to number", []string{"a,"}, []string{"a,0"}, "a"},
	} {
		b := table("t.csv", 1, "id,v", tc.before...)
		a := table("t.csv", 1, "id,v", tc.after...)
		var got []string
		for _, c := range Diff([]report.Table{b}, []report.Table{a}) {
			got = append(got, c.Key)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: changes %v, want %q", tc.name, got, tc.want)
		}
	}
}

// A row that vanished lists its cells with Row "vanished" and counts as
// a change to 0 for a check; a new row as a change from 0.
func TestVanishedRowsFailChecks(t *testing.T) {
	before := []report.Table{
		table("clusters.csv", 1, "id,name,market_share,max_depth", "haining,Haining,0.932,3", "yiwu,Yiwu,0.8,"),
		table("linkage.csv", 2, "cluster,market,volume,share", "wenzhou,shoe-market,100,0.3765", "yiwu,ccc,50,0.8"),
		table("nodes.csv", 1, "id,type,pagerank", "f1,firm,0.1", "m1,market,0.2", "b1,buyer,0.3", "b2,buyer,0.1"),
	}
	after := []report.Table{
		table("clusters.csv", 1, "id,name,market_share,max_depth", "yiwu,Yiwu,0.8,", "new,New,0.05,"),
		table("linkage.csv", 2, "cluster,market,volume,share", "yiwu,ccc,50,0.8", "new,ccc,5,0.3"),
		table("nodes.csv", 1, "id,type,pagerank", "f1,firm,0.1", "b2,buyer,0.1", "m2,market,0.8"),
	}
	wv := Compare(before, after, 5)
	for _, tc := range []struct {
		check string
		want  string // the failing keys
	}{
		{"market_share<-0.1", "haining"},
		{"linkage:share<-0.2", "wenzhou/shoe-market"},
		{"linkage:share>0.2", "new/ccc"},
		{"market_share>0.01", "new"},
		{"market_share<-0.95", ""},
		{"max_depth<-1", "haining"},
		{"nodes:pagerank<=-0.2", "m1 b1"},
	} {
		c, err := ParseCheck(tc.check)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, f := range c.Failures(wv.Changes) {
			keys = append(keys, f.Key)
		}
		if strings.Join(keys, " ") != tc.want {
			t.Errorf("%s fails on %v, want %q", tc.check, keys, tc.want)
		}
	}
	if got := wv.VanishedEntities.String(); got != "clusters haining; markets m1; buyers b1" {
		t.Errorf("vanished %q", got)
	}
	if got := wv.AppearedEntities.String(); got != "clusters new; markets m2" {
		t.Errorf("appeared %q", got)
	}
	c, _ := ParseCheck("market_share<-0.1")
	failed := map[string][]Change{c.String(): c.Failures(wv.Changes)}
	var md, js bytes.Buffer
	WriteMarkdown(&md, "2023", "2024", wv, failed)
	for _, want := range []string{
		"- `clusters:market\\_share&lt;-0.1`: haining market\\_share 0.932 → (vanished) (-0.932)",
		"| haining | market\\_share | 0.932 | (vanished) | -0.932 |",
		"| new | market\\_share | (new) | 0.05 | 0.05 |",
		"Vanished clusters: haining", "Vanished markets: m1", "Vanished buyers: b1", "Appeared clusters: new",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("diff.md lacks %q:\n%s", want, md.String())
		}
	}
	WriteJSON(&js, "a", "b", "b", wv, []Check{c}, failed)
	for _, want := range []string{`"vanished_entities": {`, `"row": "vanished"`, `"change": -0.932`, `"failed": 1`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("JSON lacks %q:\n%s", want, js.String())
		}
	}
}

// diff.md escapes a backslash before it escapes |, so that an id "a\|b"
// cannot break out of its table cell.
func TestMarkdownEscapesBackslash(t *testing.T) {
	if got := md(`a\|b`); got != `a\\\|b` {
		t.Errorf("md = %q", got)
	}
}

// ReadTable reads back exactly what csvsafe.Escape wrote: =x and '=x,
// a tab, a carriage return and an apostrophe stay distinct.
func TestReadTableUnescapes(t *testing.T) {
	cells := []string{"=x", "'=x", "''=x", "\tx", "'\tx", "\rx", "'x", "-3.5", "+1", "@a", "plain", "'"}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "v"})
	for i, c := range cells {
		w.Write([]string{fmt.Sprint("k", i), csvsafe.Escape(c)})
	}
	w.Flush()
	tb, err := ReadTable(strings.NewReader(b.String()), "nodes.csv")
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cells {
		if got := tb.Rows[i][1]; got != c {
			t.Errorf("cell %q read back as %q", c, got)
		}
	}
}
