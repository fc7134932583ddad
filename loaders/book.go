package loaders

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"clusterchain/network"
)

// sheetNames are the sheet names that hold each table of a workbook,
// matched as headers are (ignoring case, spaces, "_" and "-").
var sheetNames = map[tableKind][]string{
	firmsTable:    {"firms", "firm", "企业", "企业名单"},
	marketsTable:  {"markets", "market", "市场"},
	buyersTable:   {"buyers", "buyer", "买家", "采购商"},
	clustersTable: {"clusters", "cluster", "集群", "产业集群"},
	linksTable:    {"links", "link", "联系", "关系", "交易"},
}

// titleRows is how many rows above the header a sheet may have (a title,
// a note, an empty line): the header is the first of the rows whose
// cells name the table's required columns.
const titleRows = 10

// sheetFor picks the sheet of a workbook that holds table t: the one
// named like it (firms, 企业, …), or else the first sheet when any
// says so; "" when none fits.
func sheetFor(wb *workbook, t tableKind, first bool) string {
	for _, s := range wb.sheets {
		n := normalize(s.name)
		for _, want := range sheetNames[t] {
			if n == normalize(want) || n == normalize(want)+".csv" {
				return s.name
			}
		}
	}
	if first && len(wb.sheets) > 0 {
		return wb.sheets[0].name
	}
	return ""
}

// workbook opens (once) the workbook file of fsys.
func (l *loader) workbook(file string, data []byte) (*workbook, bool) {
	if wb, ok := l.books[file]; ok {
		return wb, wb != nil
	}
	if l.books == nil {
		l.books = map[string]*workbook{}
	}
	if data == nil {
		var ok bool
		if data, ok = l.open(file, true); !ok {
			l.books[file] = nil
			return nil, false
		}
	}
	wb, err := openWorkbook(file, data)
	if err != nil {
		l.errs.add(&Error{File: file, Err: err, Hint: "save the workbook again in Excel as .xlsx (Excel Workbook), or each table as CSV UTF-8"})
		l.books[file] = nil
		return nil, false
	}
	l.books[file] = wb
	return wb, true
}

// notWorkbook reports the files that look like a workbook but are not an
// .xlsx one: an Excel 97–2003 .xls.
func (l *loader) notWorkbook(file string, data []byte) bool {
	if bytes.HasPrefix(data, oleMagic) {
		l.errs.errf(file, 0, 0, ErrWorkbook, "open it in Excel and save it as .xlsx (Excel Workbook) or as CSV UTF-8",
			"an Excel 97–2003 workbook (.xls), which is not read")
		return true
	}
	return false
}

// openSheetTable opens the sheet of wb that holds table t (sheet "":
// the one named like the table, else the first) and reads its header:
// the first row, within the first titleRows rows that hold a value,
// whose cells name cols.
func (l *loader) openSheetTable(wb *workbook, sheet string, t tableKind, required bool, cols ...string) (*table, bool) {
	if sheet == "" {
		sheet = sheetFor(wb, t, true)
	}
	i := wb.sheetIndex(sheet)
	if i < 0 {
		if required {
			l.errs.errf(wb.file, 0, 0, ErrMissingFile, "the workbook has: "+plainList(wb.sheetNames()),
				"no sheet %s", quoteList(sheetNames[t]))
		}
		return nil, false
	}
	name := sheetFile(wb.file, sheet)
	l.errs.rank(name)
	sr, err := wb.openSheet(i, name)
	if err != nil {
		l.errs.add(&Error{File: name, Err: err})
		return nil, false
	}
	src := &source{file: name, comma: ',', sheet: true, encoding: "Excel workbook"}
	l.res.Inputs = append(l.res.Inputs, Input{File: wb.file, Sheet: sheet, Encoding: "Excel workbook (.xlsx)"})
	r := &reader{sheet: sr}
	var above []sheetRow
	var h *header
	for {
		cells, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			l.errs.add(csvError(src, err))
			return nil, false
		}
		trial := matchHeader(name, r.line, cells, t, l.opt.Schema, &collector{max: 1 << 20})
		if trial.has(cols...) {
			h = matchHeader(name, r.line, cells, t, l.opt.Schema, l.errs)
			break
		}
		above = append(above, sheetRow{cells: cells, row: r.line})
		if len(above) == titleRows {
			break
		}
	}
	if h == nil {
		if len(above) == 0 {
			l.errs.errf(name, 0, 0, ErrMissingColumn, "the first row must name the columns", "empty sheet: no header row")
			return nil, false
		}
		// No row names the columns: report them missing from the first.
		h = matchHeader(name, above[0].row, above[0].cells, t, l.opt.Schema, l.errs)
		h.require(l.errs, cols...)
		return nil, false
	}
	if len(above) > 0 {
		rows := make([]int, len(above))
		for j, a := range above {
			rows[j] = a.row
		}
		what := "row " + lineList(rows) + " above it is"
		if len(rows) > 1 {
			what = "rows " + lineList(rows) + " above it are"
		}
		l.res.Warnings = append(l.res.Warnings, Warning{File: name, Line: h.line, Message: fmt.Sprintf(
			"the header is row %d: %s not read (a title?)", h.line, what)})
	}
	if !h.require(l.errs, cols...) {
		return nil, false
	}
	return &table{src: src, r: r, h: h}, true
}

// has reports whether h has every column of cols.
func (h *header) has(cols ...string) bool {
	for _, c := range cols {
		if _, ok := h.col[c]; !ok {
			return false
		}
	}
	return true
}

// sheetWarnings warns about what a sheet's reading noted: formulas
// without a cached value, cells merged over several rows.
func (l *loader) sheetWarnings(t *table) {
	s := t.r.sheet
	if s == nil {
		return
	}
	if s.noCache.count > 0 {
		l.res.Warnings = append(l.res.Warnings, Warning{File: s.name, Line: s.noCache.first[0], Message: fmt.Sprintf(
			"%s without a saved value (first %s, %s), read as empty: open the workbook in Excel and save it, which computes them",
			plural(s.noCache.count, "formula", "formulas"), s.noCacheAt, s.noCache.rowPhrase())})
	}
	if s.filled.count > 0 {
		l.res.Warnings = append(l.res.Warnings, Warning{File: s.name, Line: s.filled.first[0], Message: fmt.Sprintf(
			"cells merged over several rows (%s) give their value to each row they cover (%s)",
			strings.Join(s.mergeAt, ", "), s.filled.rowPhrase())})
	}
	s.close()
}

// bookDataset says where each table of a dataset is: a file of the
// directory, or a sheet of a workbook; "" when it has none.
func (l *loader) tableFiles(fsys fs.FS) [5]string {
	var out [5]string
	sch := l.opt.Schema
	for t := firmsTable; t <= linksTable; t++ {
		name := sch.file(t)
		out[t] = name
		if _, renamed := sch.tablesRenamed()[t.String()]; renamed {
			continue
		}
		if _, err := fs.Stat(fsys, name); err == nil {
			continue
		}
		alt := strings.TrimSuffix(name, ".csv") + ".xlsx"
		if _, err := fs.Stat(fsys, alt); err == nil {
			out[t] = alt
		}
	}
	return out
}

func (s *Schema) tablesRenamed() map[string]string {
	if s == nil {
		return nil
	}
	return s.Tables
}

// LoadWorkbook reads a dataset saved as one workbook (file, in fsys):
// its sheets firms and links (also named 企业, 联系 or 关系) and
// optionally markets (市场), buyers (买家) and clusters (集群), each read
// as the CSV table of that name is, with errors at their sheet and cell:
//
//	survey.xlsx:links!D14: volume "-5" is negative
//
// The workbook is the file the user names: it is read even through a
// symbolic link out of fsys.
func LoadWorkbook(fsys fs.FS, file string, opt Options) (*Result, error) {
	l := newLoader(fsys, opt)
	l.named = file
	wb, ok := l.workbook(file, nil)
	if !ok {
		return l.result()
	}
	var names [5]string
	for t := firmsTable; t <= linksTable; t++ {
		if s := sheetFor(wb, t, false); s != "" {
			names[t] = sheetFile(file, s)
		}
	}
	for _, t := range []tableKind{firmsTable, linksTable} {
		if names[t] == "" {
			l.errs.errf(file, 0, 0, ErrMissingFile, "a dataset workbook has sheets firms and links (or 企业 and 联系), and may have markets, buyers, clusters; the workbook has: "+plainList(wb.sheetNames()),
				"no sheet %s", quoteList(sheetNames[t]))
		}
	}
	if len(l.errs.list) > 0 {
		return l.result()
	}
	l.nodesWhere = "the sheets firms, markets or buyers (企业, 市场, 买家)"
	l.loadTables(names)
	return l.result()
}

// loadTables reads the tables named (files or sheets, "" for none).
func (l *loader) loadTables(names [5]string) {
	l.readNodes(names[firmsTable], firmsTable, network.Firm, true)
	l.readNodes(names[marketsTable], marketsTable, network.Market, false)
	l.readNodes(names[buyersTable], buyersTable, network.Buyer, false)
	l.readClusters(names[clustersTable])
	l.finishClusters()
	l.rankNodes()
	l.readLinks(names[linksTable])
}
