package xlsxout_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/report"
	"clusterchain/samples"
	"clusterchain/xlsxout"
)

// analysis loads the dataset in fsys with opt and analyses it.
func analysis(t *testing.T, fsys fs.FS, opt loaders.Options) *network.Analysis {
	t.Helper()
	res, err := loaders.Load(fsys, opt)
	if err != nil {
		t.Fatal(err)
	}
	nw, err := network.New(res.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// nodeRows writes a's workbook and reads its nodes sheet back, raw.
func nodeRows(t *testing.T, a *network.Analysis) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsxout.Write(&buf, a); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("nodes", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Every sheet holds its CSV table: the same header and cells, numbers
// stored as numbers (equal to the CSV's as doubles), text as the CSV
// writes it (formula-looking text with its apostrophe), the header frozen.
func TestSheetsAreTheCSVTables(t *testing.T) {
	a := analysis(t, samples.Zhejiang(), loaders.Options{Name: "zhejiang"})
	var buf bytes.Buffer
	if err := xlsxout.Write(&buf, a); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tables := report.Tables(a)
	if got := f.GetSheetList(); len(got) != len(tables) {
		t.Fatalf("sheets %v", got)
	}
	for i, tb := range tables {
		sheet := xlsxout.SheetName(tb.Name)
		if f.GetSheetList()[i] != sheet {
			t.Errorf("sheet %d is %s, want %s", i, f.GetSheetList()[i], sheet)
		}
		var csvBuf bytes.Buffer
		if err := tb.WriteCSV(&csvBuf); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&csvBuf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(recs) {
			t.Fatalf("%s: %d rows, want %d", sheet, len(rows), len(recs))
		}
		numbers := 0
		for r, rec := range recs {
			for c, want := range rec {
				got := ""
				if c < len(rows[r]) {
					got = rows[r][c]
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, _ := f.GetCellType(sheet, ref)
				x, err1 := strconv.ParseFloat(want, 64)
				switch {
				case r > 0 && !tb.Text[c] && want != "":
					y, err2 := strconv.ParseFloat(got, 64)
					if err1 != nil || err2 != nil || x != y || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
						t.Errorf("%s!%s: %q (%v), want the number %s", sheet, ref, got, typ, want)
					}
					numbers++
				case want == "true" || want == "false":
					if got != map[string]string{"true": "1", "false": "0"}[want] || typ != excelize.CellTypeBool {
						t.Errorf("%s!%s: %q (%v), want the boolean %s", sheet, ref, got, typ, want)
					}
				case got != want:
					t.Errorf("%s!%s: %q, want %q", sheet, ref, got, want)
				}
			}
		}
		if len(recs) > 1 && numbers == 0 {
			t.Errorf("%s: no numbers", sheet)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: panes %+v %v", sheet, panes, err)
		}
	}
}

// Same analysis, same bytes, also a second later.
func TestDeterministic(t *testing.T) {
	a := analysis(t, samples.Zhejiang(), loaders.Options{Name: "zhejiang"})
	var x, y bytes.Buffer
	if err := xlsxout.Write(&x, a); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	if err := xlsxout.Write(&y, a); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(x.Bytes(), y.Bytes()) {
		t.Error("two writes differ")
	}
}

// Formula-looking text is written as the CSV tables write it, markup and
// control characters survive the XML, and the figures stay exact.
func TestHostileText(t *testing.T) {
	fsys := fstest.MapFS{
		"firms.csv": {Data: []byte("id,name,cluster\n\"=HYPERLINK(\"\"http://x\"\")\",\"<b>&amp;\x01_x0041_\tTab\",c\nb,B,c\n")},
		"links.csv": {Data: []byte("from,to,volume\n\"=HYPERLINK(\"\"http://x\"\")\",b,0.1\nb,\"=HYPERLINK(\"\"http://x\"\")\",0.2\n")},
	}
	rows := nodeRows(t, analysis(t, fsys, loaders.Options{}))
	found := map[string]bool{}
	for _, r := range rows[1:] {
		found[r[0]] = true
		if r[0] == "'=HYPERLINK(\"http://x\")" && r[2] != "<b>&amp;\x01_x0041_\tTab" {
			t.Errorf("name %q", r[2])
		}
	}
	if !found["'=HYPERLINK(\"http://x\")"] || !found["b"] {
		t.Errorf("ids %v", found)
	}
}

// Excel reads at most 32,767 characters (UTF-16 code units) in a cell:
// a longer text is cut, with its length and hash, so that the workbook
// opens without repair and long ids that differ only at the end stay
// distinct.
func TestLongText(t *testing.T) {
	long := strings.Repeat("A", 40000)
	emoji := strings.Repeat("😀", 20000) // 2 code units each
	fsys := fstest.MapFS{
		"firms.csv": {Data: []byte("id,name,cluster\n" + long + "1," + emoji + ",c\n" + long + "2,x,c\nshort," + strings.Repeat("义", 32767) + ",c\n")},
		"links.csv": {Data: []byte("from,to,volume\n" + long + "1," + long + "2,1\n" + long + "2,short,2\n")},
	}
	rows := nodeRows(t, analysis(t, fsys, loaders.Options{}))
	ids := map[string]bool{}
	for _, r := range rows[1:] {
		for _, c := range r {
			if n := len(utf16.Encode([]rune(c))); n > xlsxout.MaxCellChars {
				t.Errorf("a cell of %d characters", n)
			}
		}
		ids[r[0]] = true
		switch {
		case r[0] == "short":
			if r[2] != strings.Repeat("义", 32767) {
				t.Errorf("a text that fits was cut: %d runes", utf8.RuneCountInString(r[2]))
			}
		case strings.HasPrefix(r[0], long[:30000]):
			if !strings.Contains(r[0], "… (40001 characters, sha256 ") {
				t.Errorf("cut id ends %q", r[0][len(r[0])-60:])
			}
			if r[2] != "x" && (!strings.HasPrefix(r[2], "😀😀") || !strings.Contains(r[2], "(40000 characters, sha256 ")) {
				t.Errorf("cut name ends %q", r[2][len(r[2])-60:])
			}
		default:
			t.Errorf("id %.40q", r[0])
		}
	}
	if len(ids) != 3 {
		t.Errorf("%d distinct ids in the workbook, want 3", len(ids))
	}
}
