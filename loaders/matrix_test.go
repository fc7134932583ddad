package loaders

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"clusterchain/samples"
)

// sampleMatrices writes the sample's links as matrices, row delivers to
// column: the subcontracting links in one, every other link in another
// whose kinds follow from its ends (supply into firms, sale otherwise).
// An unknown volume is "?".
func sampleMatrices(t *testing.T) (sub, trade [][]string) {
	t.Helper()
	b, err := fs.ReadFile(samples.Zhejiang(), "links.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	build := func(keep func(kind string) bool) [][]string {
		var rows, cols []string
		ri, ci := map[string]int{}, map[string]int{}
		cell := map[[2]string]string{}
		for _, r := range recs[1:] {
			if !keep(strings.ToLower(r[2])) {
				continue
			}
			if _, ok := ri[r[0]]; !ok {
				ri[r[0]] = len(rows)
				rows = append(rows, r[0])
			}
			if _, ok := ci[r[1]]; !ok {
				ci[r[1]] = len(cols)
				cols = append(cols, r[1])
			}
			v := r[3]
			if v == "" {
				v = "?"
			}
			cell[[2]string{r[0], r[1]}] = v
		}
		out := [][]string{append([]string{""}, cols...)}
		for _, r := range rows {
			row := []string{r}
			for _, c := range cols {
				row = append(row, cell[[2]string{r, c}]) // empty: no link
			}
			out = append(out, row)
		}
		return out
	}
	return build(func(k string) bool { return k == "subcontract" }), build(func(k string) bool { return k != "subcontract" })
}

func csvText(t *testing.T, rows [][]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// dlText writes a matrix as UCINET DL: rectangular, labels embedded, the
// empty cells as 0.
func dlText(rows [][]string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "DL NR=%d, NC=%d\nFORMAT = FULLMATRIX\nLABELS EMBEDDED\nDATA:\n", len(rows)-1, len(rows[0])-1)
	b.WriteString(strings.Join(rows[0][1:], " ") + "\n")
	for _, r := range rows[1:] {
		cells := append([]string(nil), r...)
		for i, c := range cells {
			if c == "" {
				cells[i] = "0"
			}
		}
		b.WriteString(strings.Join(cells, " ") + "\n")
	}
	return []byte(b.String())
}

// The "done when": the sample saved as matrices — with its node
// tables — gives the CSV sample's tables: as CSV matrices, as a sheet of
// a workbook and as a UCINET DL file.
func TestMatrixSample(t *testing.T) {
	sub, trade := sampleMatrices(t)
	base := fstest.MapFS{}
	for _, f := range []string{"firms.csv", "markets.csv", "buyers.csv", "clusters.csv"} {
		b, _ := fs.ReadFile(samples.Zhejiang(), f)
		base[f] = &fstest.MapFile{Data: b}
	}
	sheet := bookSheet{name: "trade"}
	for _, r := range trade {
		row := make([]sheetCell, len(r))
		for i, c := range r {
			row[i] = sheetCell{text: c}
		}
		sheet.rows = append(sheet.rows, row)
	}
	for _, tc := range []struct {
		name   string
		files  map[string][]byte
		schema string
	}{
		{"csv", map[string][]byte{"subcontract.csv": csvText(t, sub), "trade.csv": csvText(t, trade)},
			`{"matrices": [{"file": "subcontract.csv", "kind": "subcontract"}, {"file": "trade.csv"}]}`},
		{"xlsx and dl", map[string][]byte{"subcontract.dl": dlText(sub), "book.xlsx": writeBook(t, []bookSheet{{name: "notes"}, sheet})},
			`{"matrices": [{"file": "subcontract.dl", "kind": "分包"}, {"file": "book.xlsx", "sheet": "trade"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			for k, v := range tc.files {
				fsys[k] = &fstest.MapFile{Data: v}
			}
			sch, err := ParseSchema("m.json", []byte(tc.schema))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Load(fsys, Options{Name: "zhejiang", Schema: sch})
			if err != nil {
				t.Fatal(err)
			}
			sameTables(t, res, loadSample(t))
		})
	}
}

// One matrix as the dataset: a seller × buyer table with a kind, ids no
// table declares typed by the schema, 0 and empty cells no link, errors
// at their cells.
func TestMatrixFile(t *testing.T) {
	sch, err := ParseSchema("m.json", []byte(`{"matrix": {"kind": "sale", "rows": "firm", "columns": "buyer"}}`))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"m.csv":   {Data: []byte(";walmart;ikea;\na;1,5;0;\nb;;2;\n")},
		"bad.csv": {Data: []byte(",walmart,ikea\na,-1,x\na,1,\n,3,\nc,1,2,5\n")},
	}
	res, err := LoadMatrix(fsys, "m.csv", Options{Schema: sch, DecimalComma: true})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "matrix/file.golden", dumpData(res))
	_, err = LoadMatrix(fsys, "bad.csv", Options{Schema: sch})
	golden(t, "matrix/errors.golden", dump(nil, err))
}

// UCINET DL: labels given apart or embedded, square or rectangular, and
// what is not read says so.
func TestDL(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"labels", "dl n=3 format=fullmatrix\nlabels:\na,b,c\ndata:\n0 2 0\n0 0 3.5\n1 0 0\n"},
		{"numbered", "DL N = 3\nData:\n0 1 1\n1 0 1\n0 0 0\n"},
		{"embedded", "dl n=2\nformat = fullmatrix\nlabels embedded\ndata:\n   x y\nx  0 4\ny  5 0\n"},
		{"rectangular", "dl nr=2 nc=3\nrow labels:\n\"firm one\", f2\ncolumn labels:\nm1 m2\nm3\ndata:\n1 0 0\n0 0 7\n"},
		{"edgelist", "dl n=2 format=edgelist1\ndata:\n1 2\n"},
		{"short", "dl n=2\ndata:\n0 1 1\n"},
		{"not dl", "n=2\ndata:\n0 1\n1 0\n"},
		{"self-link", "dl n=2\nlabels: a b\ndata:\n1 0\n0 0\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := LoadMatrix(fstest.MapFS{"m.dl": {Data: []byte(tc.text)}}, "m.dl", Options{})
			golden(t, "matrix/dl-"+strings.ReplaceAll(tc.name, " ", "-")+".golden", dump(res, err))
		})
	}
}
