package loaders

import (
	"archive/zip"
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// watchdog fails a fuzz input that takes longer than d, with every
// goroutine's stack: bounded work is part of what the readers promise.
func watchdog(t *testing.T, d time.Duration) func() {
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(d):
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			panic(fmt.Sprintf("input took more than %v:\n%s", d, buf[:n]))
		}
	}()
	return func() { close(done) }
}

// zipParts builds an .xlsx archive of the given parts.
func zipParts(t testing.TB, parts map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range sortedKeys(parts) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const fuzzWorkbookXML = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="firms" sheetId="1" r:id="rId1"/><sheet name="links" sheetId="2" r:id="rId2"/></sheets></workbook>`

const fuzzRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`

// FuzzWorkbook feeds arbitrary XML as the sheets, shared strings and
// styles of a dataset workbook, and arbitrary bytes as a whole workbook:
// LoadWorkbook must never panic, and a dataset it accepts must be
// consistent.
func FuzzWorkbook(f *testing.F) {
	firms := `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c></row><row r="3"><c r="A3" t="str"><f>X</f><v>b</v></c></row></sheetData><mergeCells><mergeCell ref="B2:B3"/></mergeCells></worksheet>`
	links := `<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>from</t></is></c><c t="inlineStr"><is><t>to</t></is></c><c t="inlineStr"><is><t>volume</t></is></c></row><row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c><c s="1"><v>1.5</v></c></row></sheetData></worksheet>`
	sst := `<sst><si><t>id</t></si><si><r><t>x</t></r><rPh><t>y</t></rPh></si></sst>`
	styles := `<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>`
	f.Add(firms, links, sst, styles, []byte(nil))
	f.Add("", "", "", "", writeBook(f, []bookSheet{{name: "firms", rows: [][]sheetCell{{{text: "id"}}, {{text: "a"}}}},
		{name: "links", rows: [][]sheetCell{{{text: "from"}, {text: "to"}}, {{text: "a"}, {text: "a"}}}}}))
	f.Fuzz(func(t *testing.T, firms, links, sst, styles string, whole []byte) {
		data := whole
		if len(data) == 0 {
			data = zipParts(t, map[string]string{"xl/workbook.xml": fuzzWorkbookXML, "xl/_rels/workbook.xml.rels": fuzzRels,
				"xl/worksheets/sheet1.xml": firms, "xl/worksheets/sheet2.xml": links, "xl/sharedStrings.xml": sst, "xl/styles.xml": styles})
		}
		defer watchdog(t, 10*time.Second)()
		res, err := LoadWorkbook(fstest.MapFS{"b.xlsx": {Data: data}}, "b.xlsx", Options{MaxErrors: 5})
		if err != nil {
			if strings.Contains(err.Error(), "\x00") {
				t.Fatalf("a NUL in a message: %q", err)
			}
			return
		}
		checkResult(t, res)
	})
}

// FuzzDL feeds arbitrary text as a UCINET DL file.
func FuzzDL(f *testing.F) {
	for _, s := range []string{"dl n=3 format=fullmatrix\nlabels:\na,b,c\ndata:\n0 2 0\n0 0 3.5\n1 0 0\n",
		"dl nr=2 nc=3\nrow labels:\n\"firm one\", f2\ncolumn labels:\nm1 m2\nm3\ndata:\n1 0 0\n0 0 7\n",
		"dl n=2\nformat = fullmatrix\nlabels embedded\ndata:\n   x y\nx  0 4\ny  5 ?\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		defer watchdog(t, 10*time.Second)()
		res, err := LoadMatrix(fstest.MapFS{"m.dl": {Data: []byte(text)}}, "m.dl", Options{MaxErrors: 5})
		if err == nil {
			checkResult(t, res)
		}
	})
}

// FuzzMatrix feeds arbitrary text as a CSV link matrix, with a kind or
// the default rule.
func FuzzMatrix(f *testing.F) {
	f.Add(";walmart;ikea;\na;1,5;0;\nb;;2;\n", true)
	f.Add(",a,b\na,0,3\nb,?,0\n", false)
	sale, err := ParseSchema("m.json", []byte(`{"matrix": {"kind": "sale", "columns": "buyer"}}`))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, kind bool) {
		opt := Options{MaxErrors: 5}
		if kind {
			opt.Schema = sale
		}
		defer watchdog(t, 10*time.Second)()
		res, err := LoadMatrix(fstest.MapFS{"m.csv": {Data: []byte(text)}}, "m.csv", opt)
		if err == nil {
			checkResult(t, res)
		}
	})
}

// FuzzGraph feeds arbitrary bytes as a GEXF, GraphML or Pajek file.
func FuzzGraph(f *testing.F) {
	for _, name := range []string{"zhejiang.nx.gexf", "zhejiang.nx.graphml", "zhejiang.nx.net"} {
		b := readTestdata(&testing.T{}, "graphs/"+name)
		if len(b) > 6000 {
			b = b[:6000]
		}
		f.Add(b, byte(0))
	}
	f.Add([]byte(`<gexf><graph defaultedgetype="undirected"><attributes class="node"><attribute id="0" title="type"><default>market</default></attribute></attributes><nodes><node id="a"/><node id="b"><attvalues><attvalue for="0" value="firm"/></attvalues></node></nodes><edges><edge source="b" target="a" weight="2"/></edges></graph></gexf>`), byte(0))
	f.Add([]byte("*Vertices 2\n1 \"a\" 0.1 0.2 box type firm\n*Arcs\n1 2 3 kind supply\n*Edgeslist\n2 1\n"), byte(2))
	f.Fuzz(func(t *testing.T, data []byte, ext byte) {
		name := []string{"g.gexf", "g.graphml", "g.net", "g.xml"}[ext%4]
		defer watchdog(t, 10*time.Second)()
		res, err := LoadGraph(fstest.MapFS{name: {Data: data}}, name, Options{MaxErrors: 5})
		if err == nil {
			checkResult(t, res)
		}
	})
}
