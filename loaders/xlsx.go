package loaders

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A workbook (.xlsx, Office Open XML) is a ZIP archive of XML parts. The
// reader here streams one sheet's XML part cell by cell with
// encoding/xml, so that a sheet of a million rows never sits in memory as
// a whole (excelize's Rows iterator streams too, but gives neither a
// cell's type nor its style nor whether a formula has a cached value, all
// of which the loader needs; excelize writes the workbooks). It never
// resolves entities or reads a DTD (encoding/xml does neither), and every
// part is read through a size limit, so a ZIP or XML bomb costs bounded
// work.

// Limits of the workbook reader.
const (
	// maxPartBytes bounds the uncompressed size of the small parts:
	// the workbook, its relationships, the styles.
	maxPartBytes = 16 << 20
	// maxStringsBytes bounds the shared strings part, which is kept in
	// memory.
	maxStringsBytes = 512 << 20
	// maxSheetBytes bounds the uncompressed size of one sheet's XML, which
	// is streamed: work, not memory.
	maxSheetBytes = 4 << 30
	// maxRows and maxCols are Excel's own limits (1,048,576 rows, XFD).
	maxRows = 1 << 20
	maxCols = 1 << 14
	// maxMerges is the most merged ranges read from a sheet.
	maxMerges = 1 << 16
)

// zipMagic begins every ZIP archive, hence every .xlsx; oleMagic begins
// the OLE2 compound files of Excel 97–2003 (.xls).
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}
)

// IsWorkbook reports whether data begins like a ZIP archive, which an
// .xlsx workbook is, whatever its file is called.
func IsWorkbook(data []byte) bool { return bytes.HasPrefix(data, zipMagic) }

// workbook is an open .xlsx file.
type workbook struct {
	file     string
	zr       *zip.Reader
	sheets   []sheetInfo
	strs     []string // shared strings
	dates    []bool   // by cell style (cellXfs index): a date or time format
	date1904 bool
}

type sheetInfo struct {
	name string
	part string // the sheet's XML part in the archive
}

func bookErr(format string, a ...any) error {
	return &detail{ErrWorkbook, fmt.Sprintf(format, a...)}
}

// openWorkbook reads the structure of an .xlsx file: its sheets in
// workbook order, the shared strings and which cell styles are dates.
func openWorkbook(file string, data []byte) (*workbook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, bookErr("a ZIP archive that cannot be read (%v): is the file complete?", err)
	}
	wb := &workbook{file: file, zr: zr}
	wbPart := "xl/workbook.xml"
	if rels, err := wb.rels("_rels/.rels"); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				wbPart = r.target
			}
		}
	}
	if wb.find(wbPart) == nil {
		return nil, bookErr("a ZIP archive without a workbook part (%s): not an .xlsx workbook", plain(wbPart))
	}
	rels, err := wb.rels(relsOf(wbPart))
	if err != nil {
		return nil, err
	}
	byID := map[string]relation{}
	var stylesPart, stringsPart string
	for _, r := range rels {
		byID[r.id] = r
		switch {
		case strings.HasSuffix(r.typ, "/styles"):
			stylesPart = r.target
		case strings.HasSuffix(r.typ, "/sharedStrings"):
			stringsPart = r.target
		}
	}
	d, closer, err := wb.decoder(wbPart, maxPartBytes)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bookErr("%s: %v", wbPart, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			wb.date1904 = v == "1" || v == "true"
		case "sheet":
			name, rid := attr(se, "name"), attrNS(se, "id")
			r, ok := byID[rid]
			if !ok {
				continue // a sheet without its part (a chart sheet's is of another type)
			}
			if !strings.HasSuffix(r.typ, "/worksheet") {
				continue
			}
			wb.sheets = append(wb.sheets, sheetInfo{name: name, part: r.target})
			if len(wb.sheets) > 1<<12 {
				return nil, bookErr("more than %d sheets", 1<<12)
			}
		}
	}
	if stringsPart != "" {
		if wb.strs, err = wb.readStrings(stringsPart); err != nil {
			return nil, err
		}
	}
	if stylesPart != "" {
		if wb.dates, err = wb.readStyles(stylesPart); err != nil {
			return nil, err
		}
	}
	return wb, nil
}

// sheetNames lists the sheets in workbook order.
func (wb *workbook) sheetNames() []string {
	out := make([]string, len(wb.sheets))
	for i, s := range wb.sheets {
		out[i] = s.name
	}
	return out
}

// sheetIndex is the index of the sheet with this name, or -1.
func (wb *workbook) sheetIndex(name string) int {
	for i, s := range wb.sheets {
		if s.name == name {
			return i
		}
	}
	return -1
}

type relation struct{ id, typ, target string }

// relsOf is the relationships part of a part: xl/_rels/workbook.xml.rels.
func relsOf(part string) string {
	dir, base := path.Split(part)
	return dir + "_rels/" + base + ".rels"
}

// rels reads a relationships part; targets are resolved to part names.
func (wb *workbook) rels(part string) ([]relation, error) {
	d, closer, err := wb.decoder(part, maxPartBytes)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	base := path.Dir(strings.TrimSuffix(path.Dir(part), "_rels"))
	var out []relation
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, bookErr("%s: %v", part, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			if attr(se, "TargetMode") == "External" {
				continue
			}
			t := attr(se, "Target")
			if strings.HasPrefix(t, "/") {
				t = path.Clean(t[1:])
			} else {
				t = path.Join(base, t)
			}
			out = append(out, relation{id: attr(se, "Id"), typ: attr(se, "Type"), target: t})
			if len(out) > 1<<14 {
				return nil, bookErr("%s: too many relationships", part)
			}
		}
	}
}

// find returns the archive entry of a part, matching names as Excel does
// (ignoring case, with / or \).
func (wb *workbook) find(part string) *zip.File {
	for _, f := range wb.zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), part) {
			return f
		}
	}
	return nil
}

// limitReader reads at most n bytes and then fails, so that a part that
// is larger than it claims stops.
type limitReader struct {
	r    io.Reader
	n    int64
	part string
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, bookErr("%s: larger than the limit uncompressed", plain(l.part))
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n <= 0 && err == nil {
		// One more read tells whether the part goes on.
		var b [1]byte
		if m, _ := l.r.Read(b[:]); m > 0 {
			return n, bookErr("%s: larger than the limit", plain(l.part))
		}
	}
	return n, err
}

// open opens a part through a size limit.
func (wb *workbook) open(part string, limit int64) (io.ReadCloser, error) {
	f := wb.find(part)
	if f == nil {
		return nil, bookErr("the part %s is missing", plain(part))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, bookErr("%s: %v", plain(part), err)
	}
	return struct {
		io.Reader
		io.Closer
	}{bufio.NewReaderSize(&limitReader{r: rc, n: limit, part: part}, 64<<10), rc}, nil
}

func (wb *workbook) decoder(part string, limit int64) (*xml.Decoder, io.Closer, error) {
	rc, err := wb.open(part, limit)
	if err != nil {
		return nil, nil, err
	}
	d := xml.NewDecoder(rc)
	d.Strict = true
	d.CharsetReader = nil // only UTF-8 (and UTF-16 is refused): what Excel writes
	return d, rc, nil
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// attrNS is an attribute with a namespace prefix (r:id).
func attrNS(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space != "" {
			return a.Value
		}
	}
	return ""
}

// readStrings reads the shared strings: the text of each <si>, rich
// text runs joined, phonetic runs (<rPh>) left out.
func (wb *workbook) readStrings(part string) ([]string, error) {
	d, closer, err := wb.decoder(part, maxStringsBytes)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	var out []string
	var b strings.Builder
	inSI, inT, phonetic := false, false, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, bookErr("%s: %v", part, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				b.Reset()
			case "t":
				inT = inSI && phonetic == 0
			case "rPh":
				phonetic++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				out = append(out, unescapeOOXML(b.String()))
				inSI = false
			case "t":
				inT = false
			case "rPh":
				phonetic--
			}
		case xml.CharData:
			if inT {
				b.Write(t)
			}
		}
	}
}

// readStyles reads which cell formats (cellXfs, by index) show a date or
// a time: the built-in number formats of dates and times, and custom
// formats with date or time codes.
func (wb *workbook) readStyles(part string) ([]bool, error) {
	d, closer, err := wb.decoder(part, maxPartBytes)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	custom := map[int]bool{}
	var out []bool
	inXfs := false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, bookErr("%s: %v", part, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				id, err := strconv.Atoi(attr(t, "numFmtId"))
				if err == nil {
					custom[id] = dateFormat(attr(t, "formatCode"))
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					isDate, ok := custom[id]
					if !ok {
						isDate = builtinDate(id)
					}
					out = append(out, isDate)
					if len(out) > 1<<16 {
						return nil, bookErr("%s: too many cell styles", part)
					}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	}
}

// builtinDate reports whether a built-in number format shows a date or
// a time (ECMA-376 §18.8.30, with the East Asian ids 27–36 and 50–58).
func builtinDate(id int) bool {
	return 14 <= id && id <= 22 || 27 <= id && id <= 36 || 45 <= id && id <= 47 || 50 <= id && id <= 58
}

// dateFormat reports whether a custom number format code shows a date or
// a time: a y, m, d, h or s outside quotes, brackets and escapes, in its
// first section.
func dateFormat(code string) bool {
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return false
			}
			inner := strings.ToLower(code[i+1 : i+1+j])
			if inner == "h" || inner == "hh" || inner == "m" || inner == "mm" || inner == "s" || inner == "ss" {
				return true // elapsed time: [h]:mm
			}
			i += j + 1
		case '\\', '_', '*':
			i++
		case 'y', 'Y', 'm', 'M', 'd', 'D', 'h', 'H', 's', 'S', 'e':
			if c == 'e' || c == 'E' {
				continue
			}
			return true
		}
	}
	return false
}

// unescapeOOXML decodes the _xHHHH_ escapes of OOXML strings (Excel
// writes a carriage return as _x000D_).
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || i+7 > len(s) || s[i+6] != '_' {
			if i < 0 {
				b.WriteString(s)
				return b.String()
			}
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		v, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		r := rune(v)
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		s = s[i+7:]
	}
}

// cellRange is a merged range, 1-based and inclusive.
type cellRange struct{ top, left, bottom, right int }

// parseRef reads a cell reference (D14, $D$14) into row and column.
func parseRef(ref string) (row, col int, ok bool) {
	ref = strings.ReplaceAll(ref, "$", "")
	i := 0
	for i < len(ref) && ('A' <= ref[i] && ref[i] <= 'Z' || 'a' <= ref[i] && ref[i] <= 'z') {
		c := ref[i] | 0x20
		col = col*26 + int(c-'a'+1)
		if col > maxCols {
			return 0, 0, false
		}
		i++
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || row < 1 || row > maxRows {
		return 0, 0, false
	}
	return row, col, true
}

func parseRange(ref string) (cellRange, bool) {
	a, b, found := strings.Cut(ref, ":")
	if !found {
		b = a
	}
	r1, c1, ok1 := parseRef(a)
	r2, c2, ok2 := parseRef(b)
	if !ok1 || !ok2 {
		return cellRange{}, false
	}
	return cellRange{min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)}, true
}

// merges finds a sheet's merged ranges. They are listed after the cells,
// at the end of the sheet's XML: this pass reads the part for
// "<mergeCell " without parsing it, which is much faster than a second
// parse.
func (wb *workbook) merges(part string) ([]cellRange, error) {
	rc, err := wb.open(part, maxSheetBytes)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	const keep = 1 << 10 // bytes kept from the end of one chunk for the next
	buf := make([]byte, 0, 64<<10)
	var out []cellRange
	for {
		n, err := io.ReadFull(rc, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		done := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !done {
			return nil, err
		}
		scan := buf
		for {
			i := bytes.Index(scan, []byte("mergeCell "))
			if i < 0 || (!done && len(scan)-i < keep) {
				break
			}
			rest := scan[i:]
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				break
			}
			tag := string(rest[:end])
			if j := strings.Index(tag, `ref="`); j >= 0 {
				v, _, _ := strings.Cut(tag[j+5:], `"`)
				if r, ok := parseRange(v); ok && (r.bottom > r.top || r.right > r.left) {
					out = append(out, r)
					if len(out) > maxMerges {
						return nil, bookErr("%s: more than %d merged ranges", plain(part), maxMerges)
					}
				}
			}
			scan = rest[end:]
		}
		if done {
			return out, nil
		}
		// Keep the unscanned tail (at most keep bytes) for the next chunk.
		tail := scan
		if len(tail) > keep {
			tail = tail[len(tail)-keep:]
		}
		buf = append(buf[:0], tail...)
	}
}

// sheetReader streams the rows of one sheet: each row's cells as text
// by column (A is index 0), trailing empty cells dropped, rows with no
// value skipped.
type sheetReader struct {
	wb   *workbook
	name string // the table's name: workbook and sheet joined
	part string
	d    *scanner
	rc   io.Closer
	// v and inline collect a cell's value, reused.
	v, inline []byte
	row       int
	cells     []string
	// merged ranges, sorted by top row, and the values of their
	// top-left cells once read; active are those that span the rows
	// being read.
	merged  []cellRange
	values  []string
	next    int // merged[next:] start below the rows read
	active  []int
	filled  lineSet // rows that got a value from a merged cell above
	mergeAt []string
	// noCache are the cells with a formula and no cached value.
	noCache   lineSet
	noCacheAt string
}

// openSheet starts reading sheet i.
func (wb *workbook) openSheet(i int, name string) (*sheetReader, error) {
	part := wb.sheets[i].part
	merged, err := wb.merges(part)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(merged, func(a, b cellRange) int { return a.top - b.top })
	rc, err := wb.open(part, maxSheetBytes)
	if err != nil {
		return nil, err
	}
	return &sheetReader{wb: wb, name: name, part: part, d: newScanner(rc), rc: rc, merged: merged,
		values: make([]string, len(merged))}, nil
}

func (s *sheetReader) close() {
	if s.rc != nil {
		s.rc.Close()
		s.rc = nil
	}
}

func (s *sheetReader) errAt(row, col int, format string, a ...any) error {
	return &Error{File: s.name, Line: row, Column: col, Err: bookErr(format, a...)}
}

// read returns the next row that holds a value, with its number, or
// io.EOF.
func (s *sheetReader) read() ([]string, int, error) {
	for {
		cells, row, err := s.rawRow()
		if err != nil {
			if err == io.EOF {
				s.close()
			}
			return nil, 0, err
		}
		cells = s.fillMerged(cells, row)
		for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) > 0 {
			return cells, row, nil
		}
	}
}

// fillMerged gives each row inside a merged range the value of the
// range's top-left cell in the range's first column, as Excel shows it.
func (s *sheetReader) fillMerged(cells []string, row int) []string {
	for s.next < len(s.merged) && s.merged[s.next].top <= row {
		s.active = append(s.active, s.next)
		s.next++
	}
	if len(s.active) == 0 {
		return cells
	}
	keep := s.active[:0]
	for _, m := range s.active {
		r := s.merged[m]
		if r.bottom < row {
			continue
		}
		keep = append(keep, m)
		c := r.left - 1
		if r.top == row || (r.top < row && s.values[m] == "") {
			// The top row holds the value (a range whose top row is missing
			// from the sheet has none).
			if r.top == row && c < len(cells) {
				s.values[m] = cells[c]
			}
			continue
		}
		if r.top < row && r.bottom > r.top {
			for len(cells) <= c {
				cells = append(cells, "")
			}
			if strings.TrimSpace(cells[c]) == "" {
				cells[c] = s.values[m]
				s.filled.add(row)
				if len(s.mergeAt) < 3 {
					s.mergeAt = append(s.mergeAt, ColumnName(r.left)+strconv.Itoa(r.top)+":"+ColumnName(r.right)+strconv.Itoa(r.bottom))
					s.mergeAt = slices.Compact(s.mergeAt)
				}
			}
		}
	}
	s.active = keep
	return cells
}

// rawRow parses the next <row> element.
func (s *sheetReader) rawRow() ([]string, int, error) {
	d := s.d
	for {
		kind, err := d.next()
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, s.errAt(0, 0, "the sheet's XML (%s) cannot be read after row %d: %v", plain(s.part), s.row, err)
		}
		switch {
		case kind == tokStart && string(d.local) == "row":
			row := s.row + 1
			if r := d.attr("r"); r != nil {
				n, err := strconv.Atoi(string(r))
				if err != nil || n < 1 || n > maxRows {
					return nil, 0, s.errAt(0, 0, "a row numbered %s after row %d", echo(string(r)), s.row)
				}
				row = n
			}
			if row <= s.row {
				return nil, 0, s.errAt(row, 0, "row %d comes after row %d: the sheet's rows are out of order", row, s.row)
			}
			s.row = row
			if d.pendingEnd { // <row/>
				d.pendingEnd = false
				return nil, row, nil
			}
			cells, err := s.rowCells(row)
			return cells, row, err
		case kind == tokEnd && string(d.local) == "sheetData":
			return nil, 0, io.EOF
		}
	}
}

// rowCells reads the cells of the row element just opened.
func (s *sheetReader) rowCells(row int) ([]string, error) {
	d := s.d
	cells := s.cells[:0]
	col := 0
	for {
		kind, err := d.next()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, s.errAt(row, 0, "the sheet's XML (%s) cannot be read in row %d: %v", plain(s.part), row, err)
		}
		switch kind {
		case tokStart:
			if string(d.local) != "c" {
				if err := d.skip(); err != nil {
					return nil, s.errAt(row, 0, "the sheet's XML cannot be read in row %d: %v", row, err)
				}
				continue
			}
			c := col + 1
			if ref := d.attr("r"); ref != nil {
				r, cc, ok := parseRef(string(ref))
				if !ok || r != row {
					return nil, s.errAt(row, 0, "a cell named %s in row %d", echo(string(ref)), row)
				}
				c = cc
			}
			if c <= col || c > maxCols {
				return nil, s.errAt(row, c, "cells out of order in row %d", row)
			}
			col = c
			v, err := s.cell(row, col)
			if err != nil {
				return nil, err
			}
			if v != "" {
				for len(cells) < col-1 {
					cells = append(cells, "")
				}
				cells = append(cells, v)
			}
		case tokEnd:
			if string(d.local) == "row" {
				s.cells = cells[:0]
				return slices.Clone(cells), nil
			}
		}
	}
}

// cell reads a <c> element just opened: its value as text. Numbers are
// the stored value, whatever the display format ("1.2万", "12,000" or
// "35%" show what is stored as 12000 or 0.35); a number in a date or time
// format is written as an ISO 8601 date (2024-03-31, 2024-03-31T08:30:00,
// 08:30:00); a formula gives its cached value, and one without a cached
// value is empty and noted.
func (s *sheetReader) cell(row, col int) (string, error) {
	d := s.d
	typ := string(d.attr("t")) // a short string: small allocations only
	style := 0
	if st := d.attr("s"); st != nil {
		style, _ = strconv.Atoi(string(st))
	}
	if d.pendingEnd { // <c r="A1"/>: an empty cell
		d.pendingEnd = false
		return "", nil
	}
	s.v, s.inline = s.v[:0], s.inline[:0]
	formula, hasV := false, false
	var where *[]byte
	inIs, phonetic := false, 0
	for {
		kind, err := d.next()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return "", s.errAt(row, col, "the sheet's XML cannot be read in this cell: %v", err)
		}
		switch kind {
		case tokStart:
			switch string(d.local) {
			case "v":
				where, hasV = &s.v, true
			case "f":
				formula = true
				where = nil
			case "is":
				inIs = true
			case "t":
				if inIs && phonetic == 0 {
					where = &s.inline
				}
			case "rPh":
				phonetic++
			}
		case tokEnd:
			switch string(d.local) {
			case "c":
				return s.value(typ, style, string(s.v), string(s.inline), formula, hasV, row, col)
			case "v", "f", "t":
				where = nil
			case "is":
				inIs = false
			case "rPh":
				phonetic--
			}
		case tokText:
			if where != nil {
				if len(*where)+len(d.text) > 32767*4 { // Excel's cell limit is 32,767 characters
					return "", s.errAt(row, col, "a cell of more than 32,767 characters")
				}
				*where = append(*where, d.text...)
			}
		}
	}
}

func (s *sheetReader) value(typ string, style int, v, inline string, formula, hasV bool, row, col int) (string, error) {
	if formula && (!hasV || (v == "" && typ != "str")) {
		s.noCache.add(row)
		if s.noCacheAt == "" {
			s.noCacheAt = ColumnName(col) + strconv.Itoa(row)
		}
		return "", nil
	}
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(s.wb.strs) {
			return "", s.errAt(row, col, "a shared string %s that the workbook does not have", echo(v))
		}
		return s.wb.strs[i], nil
	case "inlineStr":
		return unescapeOOXML(inline), nil
	case "str", "e", "d":
		return unescapeOOXML(v), nil
	case "b":
		switch strings.TrimSpace(v) {
		case "1", "true":
			return "TRUE", nil
		case "0", "false":
			return "FALSE", nil
		}
		return v, nil
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if style >= 0 && style < len(s.wb.dates) && s.wb.dates[style] {
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			if d, ok := excelDate(x, s.wb.date1904); ok {
				return d, nil
			}
		}
	}
	return v, nil
}

// excelDate writes a serial date as ISO 8601: a date, a date and time
// (to the second), or a time of day for serials below 1.
func excelDate(x float64, date1904 bool) (string, bool) {
	if math.IsNaN(x) || x < 0 || x > 2958465 { // 9999-12-31
		return "", false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case x < 61:
		// Excel counts a 29 February 1900 that never was: serial 60.
		// Serials before it are one day off the 1899-12-30 base.
		if x >= 60 && x < 61 {
			return "1900-02-29", true
		}
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(x)
	secs := math.Round((x - days) * 86400)
	t := base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	switch {
	case days == 0 && !date1904 && secs > 0:
		return t.Format("15:04:05"), true
	case secs == 0:
		return t.Format("2006-01-02"), true
	}
	return t.Format("2006-01-02T15:04:05"), true
}
