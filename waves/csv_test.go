package waves

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"clusterchain/internal/csvsafe"
	"clusterchain/network"
	"clusterchain/report"
)

// writeRead writes t as CSV and reads it back with ReadTable.
func writeRead(t *testing.T, tab report.Table) (report.Table, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := tab.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	raw := slices.Clone(b.Bytes())
	got, err := ReadTable(&b, tab.Name)
	if err != nil {
		t.Fatal(err)
	}
	return got, raw
}

// checkInert fails when a cell of the CSV would run in a spreadsheet: it
// starts with one of OWASP's =, +, -, @, tab, carriage return and is not a
// decimal number in a numeric column.
func checkInert(t *testing.T, raw []byte, text []bool) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		for i, c := range rec {
			if csvsafe.Risky(c) && (text[i] || !isDecimalCell(c)) {
				t.Errorf("cell %q would run", c)
			}
		}
	}
}

func isDecimalCell(s string) bool { return s != "" && strings.Trim(s, "+-.0123456789eE") == "" }

// The whole OWASP prefix set is neutralised in text and numeric columns,
// numbers stay numbers, and reading the table back gives exactly what was
// written, including cells that already begin with an apostrophe.
func TestCSVFormulaPrefixes(t *testing.T) {
	cells := []string{"=1+1", "+1", "-x", "@SUM(A1)", "\t=1", "\r=1", "'=x", "'", "''", "'Tis", "-3.5", "+2",
		"1e-07", "-Inf", "NaN", "0x1p-2", "plain", "", "义乌", "a=b"}
	tab := report.Table{Name: "t.csv", Header: []string{"key", "value"}, Keys: 1, Text: []bool{true, false}}
	for i, c := range cells {
		tab.Rows = append(tab.Rows, []string{c + "#" + string(rune('a'+i)), c})
		tab.Rows = append(tab.Rows, []string{c, c})
	}
	got, raw := writeRead(t, tab)
	if !slices.EqualFunc(got.Rows, tab.Rows, slices.Equal[[]string]) {
		t.Errorf("read back\n%q\nwant\n%q", got.Rows, tab.Rows)
	}
	checkInert(t, raw, tab.Text)
	recs, _ := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	byKey := map[string]string{}
	for _, r := range recs[1:] {
		byKey[r[0]] = r[1]
	}
	for key, value := range map[string]string{"'-3.5": "-3.5", "'+2": "+2", "1e-07": "1e-07", "'-Inf": "'-Inf",
		"'\t=1": "'\t=1", "'\r=1": "'\r=1", "''=x": "''=x"} {
		if v, ok := byKey[key]; !ok || v != value {
			t.Errorf("row %q: value cell %q (present %v), want %q", key, v, ok, value)
		}
	}
}

// Ids =x and '=x are two rows of nodes.csv, and diff reads them back as
// two keys with exactly the written ids.
func TestDistinctIDsStayDistinct(t *testing.T) {
	ids := []string{"=x", "'=x", "''=x", "\t=x", "\r=x", "+x", "'+x", "x"}
	var nodes []network.Node
	var links []network.Link
	for i, id := range ids {
		nodes = append(nodes, network.Node{ID: id, Cluster: ids[(i+1)%len(ids)]})
		if i > 0 {
			links = append(links, network.Link{From: ids[i-1], To: id, Kind: network.Supply, Volume: float64(i)})
		}
	}
	nw, err := network.New(network.Dataset{Nodes: nodes, Links: links})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range report.Tables(a) {
		var streamed bytes.Buffer
		if tab.Name == "nodes.csv" {
			if err := report.WriteNodes(&streamed, a); err != nil {
				t.Fatal(err)
			}
		}
		got, raw := writeRead(t, tab)
		if tab.Name == "nodes.csv" && !bytes.Equal(raw, streamed.Bytes()) {
			t.Errorf("WriteNodes and the table differ")
		}
		if !slices.EqualFunc(got.Rows, tab.Rows, slices.Equal[[]string]) {
			t.Errorf("%s read back\n%q\nwant\n%q", tab.Name, got.Rows, tab.Rows)
		}
		checkInert(t, raw, tab.Text)
		if ch := Diff([]report.Table{tab}, []report.Table{got}); len(ch) != 0 {
			t.Errorf("%s: diff of a table with its read-back copy: %v", tab.Name, ch)
		}
	}
	nt, _ := writeRead(t, report.NodesTable(a))
	var read []string
	for _, r := range nt.Rows {
		read = append(read, r[0])
	}
	want := slices.Clone(ids)
	slices.Sort(want)
	if !slices.Equal(read, want) {
		t.Errorf("ids read back %q, want %q", read, want)
	}
}

// The change table of whatif and diff escapes cells that come from a
// hostile table: a before/after value starting with a tab or CR and =.
func TestChangesTableNeutralised(t *testing.T) {
	tab := ChangesTable("diff.csv", []Change{
		{Table: "nodes.csv", Key: "=k", Column: "name", Before: "\t=cmd", After: "\r=cmd", Change: ""},
		{Table: "nodes.csv", Key: "k", Column: "pagerank", Before: "0.5", After: "0.25", Change: "-0.25"},
	})
	got, raw := writeRead(t, tab)
	checkInert(t, raw, tab.Text)
	if !slices.EqualFunc(got.Rows, tab.Rows, slices.Equal[[]string]) {
		t.Errorf("read back %q", got.Rows)
	}
	if !bytes.Contains(raw, []byte("\n0.5,0.25,-0.25")) && !bytes.Contains(raw, []byte(",0.5,0.25,-0.25\n")) {
		t.Errorf("numbers changed:\n%s", raw)
	}
}

// FuzzCSVRoundTrip: whatever the cells, the CSV reads back to them, and no
// cell outside a number in a numeric column starts a formula.
func FuzzCSVRoundTrip(f *testing.F) {
	for _, s := range []string{"", "=", "'", "''=", "\t", "-1", "x", "\r\n=", "-Inf", "1e5"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, text, value string) {
		tab := report.Table{Name: "t.csv", Header: []string{"k", "v"}, Keys: 1, Text: []bool{true, false},
			Rows: [][]string{{text, value}, {value, text}}}
		var b bytes.Buffer
		if err := tab.WriteCSV(&b); err != nil {
			t.Skip() // encoding/csv refuses nothing, but be safe
		}
		raw := slices.Clone(b.Bytes())
		got, err := ReadTable(&b, "t.csv")
		if err != nil {
			t.Fatalf("read: %v\n%q", err, raw)
		}
		// encoding/csv turns \r\n inside a quoted field into \n: a CSV
		// limitation, not the escaping's.
		norm := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
		for i, r := range tab.Rows {
			for j := range r {
				if g := got.Rows[i][j]; g != norm(r[j]) && g != r[j] {
					t.Fatalf("cell %q read back as %q", r[j], g)
				}
			}
		}
		checkInert(t, raw, tab.Text)
	})
}
