package loaders

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io/fs"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"clusterchain/network"
	"clusterchain/samples"
)

// sheetCell is one cell a test writes: text, a number (with a display
// format), or a formula with or without a cached value.
type sheetCell struct {
	text    string
	num     *float64
	format  string // a custom number format for num
	builtin int    // a built-in number format for num
	formula string
	cached  string // the formula's cached value; "" for none
}

// book writes a workbook with excelize: sheets in order, each a grid of
// cells (row 1 first), with merged ranges.
type bookSheet struct {
	name   string
	rows   [][]sheetCell
	merges [][2]string
}

func writeBook(t testing.TB, sheets []bookSheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	styles := map[string]int{}
	style := func(c sheetCell) int {
		key := c.format + "|" + strconv.Itoa(c.builtin)
		if id, ok := styles[key]; ok {
			return id
		}
		st := &excelize.Style{}
		if c.format != "" {
			st.CustomNumFmt = &c.format
		} else {
			st.NumFmt = c.builtin
		}
		id, err := f.NewStyle(st)
		if err != nil {
			t.Fatal(err)
		}
		styles[key] = id
		return id
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			for c, cell := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				var err error
				switch {
				case cell.formula != "":
					if cell.cached != "" {
						x, perr := strconv.ParseFloat(cell.cached, 64)
						if perr != nil {
							t.Fatal(perr)
						}
						err = f.SetCellFloat(sh.name, ref, x, -1, 64)
					}
					if err == nil {
						err = f.SetCellFormula(sh.name, ref, cell.formula)
					}
				case cell.num != nil:
					err = f.SetCellFloat(sh.name, ref, *cell.num, -1, 64)
					if err == nil && (cell.format != "" || cell.builtin != 0) {
						err = f.SetCellStyle(sh.name, ref, ref, style(cell))
					}
				case cell.text != "":
					err = f.SetCellStr(sh.name, ref, cell.text)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range sh.merges {
			if err := f.MergeCell(sh.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func num(x float64) *float64 { return &x }

// sampleSheets turns the embedded sample's tables into sheets: numbers
// as numbers (volumes shown as "12,000" or in 万, export shares as
// percentages), other cells as text.
func sampleSheets(t testing.TB, names map[string]string) []bookSheet {
	t.Helper()
	numeric := map[string]bool{"employees": true, "revenue": true, "export_share": true, "booths": true, "volume": true}
	var out []bookSheet
	for _, file := range []string{"firms.csv", "markets.csv", "buyers.csv", "clusters.csv", "links.csv"} {
		b, err := fs.ReadFile(samples.Zhejiang(), file)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		sh := bookSheet{name: names[file]}
		for i, rec := range recs {
			row := make([]sheetCell, len(rec))
			for c, v := range rec {
				h := recs[0][c]
				switch {
				case i > 0 && numeric[h] && v != "":
					x, err := strconv.ParseFloat(v, 64)
					if err != nil {
						t.Fatal(err)
					}
					row[c] = sheetCell{num: &x}
					switch {
					case h == "export_share":
						row[c].builtin = 10 // 0.00%
					case h == "volume" && i%2 == 0:
						row[c].format = `0.0,,"万"` // shows 1.2万 for 12000 (roughly)
					case h == "volume":
						row[c].builtin = 3 // #,##0
					}
				default:
					row[c] = sheetCell{text: v}
				}
			}
			sh.rows = append(sh.rows, row)
		}
		out = append(out, sh)
	}
	return out
}

// sameTables compares two loads: the same nodes, clusters and links,
// numeric attributes equal as numbers ("502.0" in a CSV file is 502 in a
// workbook cell).
func sameTables(t *testing.T, got, want *Result) {
	t.Helper()
	g, w := got.Dataset, want.Dataset
	if len(g.Nodes) != len(w.Nodes) || len(g.Links) != len(w.Links) || len(g.Clusters) != len(w.Clusters) {
		t.Fatalf("%d nodes, %d links, %d clusters; want %d, %d, %d", len(g.Nodes), len(g.Links), len(g.Clusters),
			len(w.Nodes), len(w.Links), len(w.Clusters))
	}
	sameAttrs := func(what string, a, b []network.Attr) {
		t.Helper()
		if len(a) != len(b) {
			t.Errorf("%s: attributes %v, want %v", what, a, b)
			return
		}
		for i := range a {
			if a[i].Key != b[i].Key {
				t.Errorf("%s: attribute %v, want %v", what, a[i], b[i])
				continue
			}
			x, e1 := strconv.ParseFloat(a[i].Value, 64)
			y, e2 := strconv.ParseFloat(b[i].Value, 64)
			if a[i].Value != b[i].Value && (e1 != nil || e2 != nil || x != y) {
				t.Errorf("%s: attribute %v, want %v", what, a[i], b[i])
			}
		}
	}
	for i := range w.Nodes {
		a, b := g.Nodes[i], w.Nodes[i]
		if a.ID != b.ID || a.Type != b.Type || a.Name != b.Name || a.Cluster != b.Cluster {
			t.Errorf("node %d: %+v, want %+v", i, a, b)
		}
		sameAttrs(b.ID, a.Attrs, b.Attrs)
	}
	for i := range w.Clusters {
		a, b := g.Clusters[i], w.Clusters[i]
		if a.ID != b.ID || a.Name != b.Name {
			t.Errorf("cluster %d: %+v, want %+v", i, a, b)
		}
		sameAttrs(b.ID, a.Attrs, b.Attrs)
	}
	if !reflect.DeepEqual(g.Links, w.Links) {
		for i := range w.Links {
			if g.Links[i] != w.Links[i] {
				t.Errorf("link %d: %+v, want %+v", i, g.Links[i], w.Links[i])
				break
			}
		}
	}
	if got.UnknownVolumes != want.UnknownVolumes || got.DuplicateRows != want.DuplicateRows {
		t.Errorf("unknown volumes %d, duplicate rows %d; want %d, %d", got.UnknownVolumes, got.DuplicateRows,
			want.UnknownVolumes, want.DuplicateRows)
	}
}

func loadSample(t *testing.T) *Result {
	t.Helper()
	res, err := Load(samples.Zhejiang(), Options{Name: "zhejiang"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

var chineseSheets = map[string]string{"firms.csv": "企业", "markets.csv": "市场", "buyers.csv": "买家",
	"clusters.csv": "集群", "links.csv": "联系"}

// The "done when": the sample saved as one workbook with Chinese
// sheet names, numbers as numbers under display formats, gives the CSV
// sample's tables.
func TestWorkbookSample(t *testing.T) {
	data := writeBook(t, sampleSheets(t, chineseSheets))
	fsys := fstest.MapFS{"survey.xlsx": {Data: data}}
	res, err := LoadWorkbook(fsys, "survey.xlsx", Options{Name: "zhejiang"})
	if err != nil {
		t.Fatal(err)
	}
	sameTables(t, res, loadSample(t))
	for _, in := range res.Inputs {
		if in.Sheet == "" || in.File != "survey.xlsx" {
			t.Errorf("input %s", in)
		}
	}
}

// Per-table workbooks (firms.xlsx, …) stand in for the CSV files, beside
// them or instead of them; a workbook named .csv is read as one.
func TestPerTableWorkbooks(t *testing.T) {
	sheets := sampleSheets(t, map[string]string{"firms.csv": "Sheet1", "markets.csv": "Sheet1", "buyers.csv": "Sheet1",
		"clusters.csv": "Sheet1", "links.csv": "Sheet1"})
	fsys := fstest.MapFS{}
	files := []string{"firms", "markets", "buyers", "clusters", "links"}
	for i, sh := range sheets {
		fsys[files[i]+".xlsx"] = &fstest.MapFile{Data: writeBook(t, []bookSheet{sh})}
	}
	res, err := Load(fsys, Options{Name: "zhejiang"})
	if err != nil {
		t.Fatal(err)
	}
	sameTables(t, res, loadSample(t))

	// Beside CSV files: links.csv here, the rest as workbooks.
	b, _ := fs.ReadFile(samples.Zhejiang(), "links.csv")
	fsys["links.csv"] = &fstest.MapFile{Data: b}
	delete(fsys, "links.xlsx")
	if res, err = Load(fsys, Options{Name: "zhejiang"}); err != nil {
		t.Fatal(err)
	}
	sameTables(t, res, loadSample(t))

	// An .xlsx renamed to .csv is read as a workbook, with a warning.
	fsys["links.csv"] = &fstest.MapFile{Data: writeBook(t, []bookSheet{sheets[4]})}
	if res, err = Load(fsys, Options{Name: "zhejiang"}); err != nil {
		t.Fatal(err)
	}
	sameTables(t, res, loadSample(t))
	found := false
	for _, w := range res.Warnings {
		found = found || (w.File == "links.csv" && strings.Contains(w.Message, "an Excel workbook (.xlsx), not a CSV file") &&
			strings.Contains(w.Message, "rename it to links.xlsx"))
	}
	if !found {
		t.Errorf("no warning about links.csv being a workbook: %v", res.Warnings)
	}
}

// Errors in a workbook name the workbook, the sheet and the cell, and
// validate lists them as it lists CSV errors.
func TestWorkbookErrors(t *testing.T) {
	sheets := []bookSheet{
		{name: "firms", rows: [][]sheetCell{{{text: "id"}, {text: "name"}}, {{text: "a"}}, {{text: "b"}}, {{text: "a"}}}},
		{name: "links", rows: [][]sheetCell{
			{{text: "from"}, {text: "to"}, {text: "kind"}, {text: "volume"}},
			{{text: "a"}, {text: "b"}, {text: "supply"}, {num: num(-5)}},
			{{text: "a"}, {text: "zz"}, {}, {num: num(3)}},
			{{text: "b"}, {text: "a"}, {text: "gift"}, {text: "12,5"}},
			{{text: "b"}, {text: "a"}, {}, {num: num(1)}, {text: "stray"}},
		}},
	}
	fsys := fstest.MapFS{"my survey.xlsx": {Data: writeBook(t, sheets)}}
	_, err := LoadWorkbook(fsys, "my survey.xlsx", Options{})
	want := `my survey.xlsx:firms!A4: duplicate id "a" (first in my survey.xlsx:firms row 2) (hint: ids must be unique across firms, markets and buyers)
my survey.xlsx:links!D2: volume "-5" is negative (hint: volumes are non-negative numbers like 1250, 3.5, 1,250 or 12.5万; leave the cell empty when unknown)
my survey.xlsx:links!B3: unknown id "zz" in column "to" (hint: every id must be in the sheets firms, markets or buyers (企业, 市场, 买家))
my survey.xlsx:links!C4: unknown kind "gift" (hint: the kinds are subcontract, supply and sale (also 分包/外协, 供应/采购, 销售; --schema adds more), or empty for the default)
my survey.xlsx:links!E5: a value in column E, which has no header (the header ends at column D) (hint: give the column a header, or clear its cells)`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	var el ErrorList
	if !errors.As(err, &el) || el[1].Sheet != "links" || el[1].Line != 2 || el[1].Column != 4 || el[1].File != "my survey.xlsx" {
		t.Errorf("error fields: %+v", el[1])
	}
}

// A title row above the header, a header cell merged over two columns,
// a cluster merged over the rows of its firms, trailing blank rows and
// columns, numbers under display formats, dates, and formulas with and
// without a cached value.
func TestWorkbookLayout(t *testing.T) {
	firms := bookSheet{name: "企业", rows: [][]sheetCell{
		{{text: "2024年大唐袜业调查"}},
		{},
		{{text: "企业编号"}, {text: "企业名称"}, {text: "所属集群"}, {text: "员工人数"}, {text: "出口比例"}, {text: "成立日期"}, {text: "营业收入"}, {}},
		{{text: "a"}, {text: "A Co."}, {text: "datang"}, {num: num(320), builtin: 3}, {num: num(0.35), builtin: 9}, {num: num(45306), builtin: 14}, {formula: "D4*10", cached: "3200"}},
		{{text: "b"}, {text: "B Co."}, {}, {num: num(12000), format: `0.0,"万"`}, {num: num(0.5), builtin: 10}, {num: num(45306.5), format: "yyyy-mm-dd hh:mm"}, {formula: "D5*10"}},
		{{text: "c"}, {text: "C Co."}, {text: ""}, {}, {}, {}, {}, {}},
		{{text: " "}},
	}, merges: [][2]string{{"A1", "G1"}, {"C4", "C6"}}}
	links := bookSheet{name: "关系", rows: [][]sheetCell{
		{{text: "供方"}, {text: "需方"}, {text: "金额（万元）"}, {}},
		{{text: "a"}, {text: "b"}, {num: num(12000), format: `#,##0`}},
		{{text: "b"}, {text: "c"}, {num: num(1.5e6), format: `0.0,,"百万"`}},
		{},
		{{}, {}, {}},
	}, merges: [][2]string{{"C1", "D1"}}}
	fsys := fstest.MapFS{"s.xlsx": {Data: writeBook(t, []bookSheet{firms, links})}}
	res, err := LoadWorkbook(fsys, "s.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "xlsx/layout.golden", dumpData(res))
}

// A wide survey sheet with --schema reads as the CSV survey does.
func TestWorkbookSurvey(t *testing.T) {
	fsys, sch := sampleSurvey(t)
	b, err := fs.ReadFile(fsys, "survey.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sh := bookSheet{name: "问卷"}
	for _, rec := range recs {
		row := make([]sheetCell, len(rec))
		for c, v := range rec {
			row[c] = sheetCell{text: v}
		}
		sh.rows = append(sh.rows, row)
	}
	fsys["survey.xlsx"] = &fstest.MapFile{Data: writeBook(t, []bookSheet{sh})}
	want, err := LoadSurvey(fsys, "survey.csv", Options{Schema: sch})
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadSurvey(fsys, "survey.xlsx", Options{Schema: sch})
	if err != nil {
		t.Fatal(err)
	}
	sameTables(t, got, want)
	if !reflect.DeepEqual(got.Rows, want.Rows) {
		t.Errorf("rows differ")
	}
}

// import: a workbook written as the plain SPEC tables loads back to the
// same dataset, and to the CSV sample's.
func TestWorkbookImport(t *testing.T) {
	fsys := fstest.MapFS{"survey.xlsx": {Data: writeBook(t, sampleSheets(t, chineseSheets))}}
	res, err := LoadWorkbook(fsys, "survey.xlsx", Options{Name: "zhejiang", KeepRows: true})
	if err != nil {
		t.Fatal(err)
	}
	files := memFiles{}
	if err := WriteTables(res, files.create); err != nil {
		t.Fatal(err)
	}
	back := fstest.MapFS{}
	for name, b := range files {
		back[name] = &fstest.MapFile{Data: b.Bytes()}
	}
	again, err := Load(back, Options{Name: "zhejiang"})
	if err != nil {
		t.Fatal(err)
	}
	sameTables(t, again, res)
	sameTables(t, again, loadSample(t))
}

// Errors in a per-table workbook, and in a workbook named .csv, name its
// sheet and cell too; warnings name rows.
func TestPerTableWorkbookErrors(t *testing.T) {
	firms := bookSheet{name: "Sheet1", rows: [][]sheetCell{{{text: "id"}}, {{text: "a"}}, {{text: "b"}}, {{text: "b"}}}}
	links := bookSheet{name: "联系", rows: [][]sheetCell{{{text: "from"}, {text: "to"}, {text: "volume"}},
		{{text: "a"}, {text: "b"}, {num: num(-5)}}, {{text: "b"}, {text: "a"}}, {{text: "a"}, {text: "zz"}, {num: num(1)}}}}
	fsys := fstest.MapFS{"firms.xlsx": {Data: writeBook(t, []bookSheet{firms})}, "links.csv": {Data: writeBook(t, []bookSheet{links})}}
	_, err := Load(fsys, Options{})
	want := `firms.xlsx:Sheet1!A4: duplicate id "b" (first in firms.xlsx:Sheet1 row 3) (hint: ids must be unique across firms, markets and buyers)
links.csv:联系!C2: volume "-5" is negative (hint: volumes are non-negative numbers like 1250, 3.5, 1,250 or 12.5万; leave the cell empty when unknown)
links.csv:联系!B4: unknown id "zz" in column "to" (hint: every id must be in firms.csv, markets.csv or buyers.csv)`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	firms.rows = firms.rows[:3]
	links.rows = links.rows[:3]
	links.rows[1][2] = sheetCell{num: num(5)}
	fsys = fstest.MapFS{"firms.xlsx": {Data: writeBook(t, []bookSheet{firms})}, "links.xlsx": {Data: writeBook(t, []bookSheet{links})}}
	res, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Warnings[0].String(); got != "links.xlsx:联系!3:3: 1 link has an unknown volume (empty cell, row 3): counted in degrees and reach, weighing 0 in volumes" {
		t.Errorf("warning %s", got)
	}
}
