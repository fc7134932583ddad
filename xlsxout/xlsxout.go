package xlsxout

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"clusterchain/columns"
	"clusterchain/internal/csvsafe"
	"clusterchain/network"
)

// File is the workbook's file name.
const File = "tables.xlsx"

// MaxRows is the most data rows a sheet holds (Excel's 1,048,576 rows,
// less the header).
const MaxRows = 1<<20 - 1

// SheetName is the sheet of an output table: its CSV file name without
// ".csv".
func SheetName(table string) string { return strings.TrimSuffix(table, ".csv") }

// The workbook is written part by part as Office Open XML (ECMA-376,
// transitional), streamed row by row: excelize's stream writer, the
// obvious choice, rounds every double to 15 significant digits, and the
// sheets must hold the figures of the CSV tables exactly. Every part has
// the same fixed time in the archive, so that the same analysis gives
// the same bytes.

// modified is the time every part of the archive carries.
var modified = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg  = "http://schemas.openxmlformats.org/package/2006/relationships"
	header = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// sheet is one sheet of the workbook: rows [from, to) of a table.
type sheet struct {
	name     string
	table    columns.Table
	from, to int
}

// sheets lays the tables out on sheets: one each, except that a table
// with more rows than a sheet holds (MaxRows) goes on as many sheets as it
// needs, "nodes", "nodes 2", "nodes 3", … each with the header, so that a
// network of millions of nodes is written whole, never cut.
func sheets(a *network.Analysis, rowsPerSheet int) []sheet {
	var out []sheet
	for _, t := range columns.Tables() {
		if t.Name == "risk.csv" && a.Risk == nil {
			continue // written only by runs that compute it (--risk)
		}
		n := t.Rows(a)
		for part, from := 1, 0; from < n || part == 1; part, from = part+1, from+rowsPerSheet {
			name := SheetName(t.Name)
			if part > 1 {
				name += " " + strconv.Itoa(part)
			}
			out = append(out, sheet{name: name, table: t, from: from, to: min(n, from+rowsPerSheet)})
		}
	}
	return out
}

// Write writes the workbook of every table of the registry for analysis
// a.
func Write(w io.Writer, a *network.Analysis) error { return write(w, a, MaxRows) }

func write(w io.Writer, a *network.Analysis, rowsPerSheet int) error {
	tables := sheets(a, rowsPerSheet)
	zw := zip.NewWriter(w)
	part := func(name string, body func(*bufio.Writer) error) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 64<<10)
		bw.WriteString(header)
		if err := body(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	text := func(s string) func(*bufio.Writer) error {
		return func(b *bufio.Writer) error { _, err := b.WriteString(s); return err }
	}
	var types, list, rels strings.Builder
	types.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	rels.WriteString(`<Relationships xmlns="` + nsPkg + `">`)
	for i, t := range tables {
		n := strconv.Itoa(i + 1)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%s.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&list, `<sheet name="%s" sheetId="%s" r:id="rId%s"/>`, escape(t.name), n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%s" Type="%s/worksheet" Target="worksheets/sheet%s.xml"/>`, n, nsRel, n)
	}
	styles := strconv.Itoa(len(tables) + 1)
	rels.WriteString(`<Relationship Id="rId` + styles + `" Type="` + nsRel + `/styles" Target="styles.xml"/></Relationships>`)
	types.WriteString(`</Types>`)
	steps := []struct {
		name string
		body func(*bufio.Writer) error
	}{
		{"[Content_Types].xml", text(types.String())},
		{"_rels/.rels", text(`<Relationships xmlns="` + nsPkg + `"><Relationship Id="rId1" Type="` + nsRel +
			`/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"xl/workbook.xml", text(`<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
			list.String() + `</sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", text(rels.String())},
		// Style 0: the default; style 1: bold, for the header.
		{"xl/styles.xml", text(`<styleSheet xmlns="` + nsMain + `">` +
			`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
			`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
			`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
			`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
			`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)},
	}
	for _, s := range steps {
		if err := part(s.name, s.body); err != nil {
			return err
		}
	}
	for i, t := range tables {
		if err := part(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), func(b *bufio.Writer) error {
			return writeSheet(b, t, a, i == 0)
		}); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeSheet writes one sheet: column widths, the frozen header, the
// rows.
func writeSheet(b *bufio.Writer, sh sheet, a *network.Analysis, selected bool) error {
	t := sh.table
	cols := t.Columns(a)
	b.WriteString(`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	sel := ""
	if selected {
		sel = ` tabSelected="1"`
	}
	b.WriteString(`<sheetViews><sheetView workbookViewId="0"` + sel + `><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`)
	b.WriteString(`<cols>`)
	for j, c := range cols {
		width := utf8.RuneCountInString(c.Name)
		for r := sh.from; r < min(sh.to, sh.from+200); r++ {
			width = max(width, displayWidth(c.Cell(a, r)))
		}
		fmt.Fprintf(b, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, j+1, j+1, min(max(width+2, 8), 60))
	}
	b.WriteString(`</cols><sheetData>`)
	names := make([]string, len(cols))
	for j := range cols {
		names[j] = columnName(j + 1)
	}
	b.WriteString(`<row r="1">`)
	for j, c := range cols {
		inline(b, names[j]+"1", 1, csvsafe.Escape(c.Name))
	}
	b.WriteString(`</row>`)
	for r := sh.from; r < sh.to; r++ {
		row := strconv.Itoa(r - sh.from + 2)
		b.WriteString(`<row r="` + row + `">`)
		for j := range cols {
			cell(b, &cols[j], a, r, names[j]+row)
		}
		b.WriteString(`</row>`)
	}
	_, err := b.WriteString(`</sheetData></worksheet>`)
	return err
}

// cell writes a cell: a number, a boolean, nothing for an undefined
// figure or an empty text, or text made inert as in the CSV tables.
func cell(b *bufio.Writer, c *columns.Column, a *network.Analysis, r int, ref string) {
	v := c.Value(a, r)
	if v.Null {
		return
	}
	switch c.Type {
	case columns.Int, columns.Long:
		b.WriteString(`<c r="` + ref + `"><v>` + strconv.FormatInt(v.Int, 10) + `</v></c>`)
		return
	case columns.Float:
		// Go's shortest round-trip form reads back to the same double
		// (infinities and NaN never reach a Float column's value).
		b.WriteString(`<c r="` + ref + `"><v>` + columns.FormatFloat(v.Float) + `</v></c>`)
		return
	case columns.Bool:
		x := "0"
		if v.Int != 0 {
			x = "1"
		}
		b.WriteString(`<c r="` + ref + `" t="b"><v>` + x + `</v></c>`)
		return
	}
	if s := c.Cell(a, r); s != "" {
		inline(b, ref, 0, csvsafe.Escape(s))
	}
}

// inline writes a text cell as an inline string, escaped for XML, with
// the characters XML 1.0 cannot hold written as OOXML's _xHHHH_ escapes.
func inline(b *bufio.Writer, ref string, style int, s string) {
	st := ""
	if style > 0 {
		st = ` s="` + strconv.Itoa(style) + `"`
	}
	b.WriteString(`<c r="` + ref + `"` + st + ` t="inlineStr"><is><t xml:space="preserve">`)
	b.WriteString(escape(s))
	b.WriteString(`</t></is></c>`)
}

// escape escapes text for XML: markup characters as entities, the
// control characters XML 1.0 does not allow, and a literal "_x" that would
// read as an escape, as OOXML's _xHHHH_.
func escape(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '_' && strings.HasPrefix(s[i:], "_x") && len(s) >= i+7 && s[i+6] == '_' && isHex(s[i+2:i+6]):
			b.WriteString("_x005F_")
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xfffe, r == 0xffff:
			fmt.Fprintf(&b, "_x%04X_", r)
		default: // invalid UTF-8 becomes U+FFFD
			var e strings.Builder
			xml.EscapeText(&e, []byte(string(r)))
			b.WriteString(e.String())
		}
	}
	return b.String()
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// columnName is a 1-based column's letters: 1 is A, 27 AA.
func columnName(col int) string {
	var b []byte
	for ; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

// displayWidth counts a wide (CJK) character as two columns.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		w++
		if r >= 0x1100 {
			w++
		}
	}
	return w
}
