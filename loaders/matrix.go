package loaders

import (
	"encoding/json"
	"io"
	"io/fs"
	"strings"

	"clusterchain/network"
)

// Matrix describes a link matrix (--schema "matrix" or "matrices"): a
// table, sheet or UCINET DL file whose first row names the receiving
// nodes (columns) and whose first column names the delivering ones
// (rows); the cell in row a and column b is the volume a delivers to b.
// An empty cell and 0 are no link; a "?" is a link whose volume is
// unknown.
type Matrix struct {
	// File is the matrix's file in the dataset directory (a CSV, an
	// .xlsx or a .dl file); empty for the dataset file itself.
	File string
	// Sheet is the sheet of a workbook; empty: the first sheet.
	Sheet string
	// Kind of every link; when HasKind is false each link gets the SPEC
	// default for its ends (firm → firm and market → firm supply,
	// anything else sale).
	Kind    network.Kind
	HasKind bool
	// Rows and Columns are the types of the ids that no node table
	// declares (default firm).
	Rows, Columns       network.NodeType
	hasRows, hasColumns bool
	key                 string
}

// unknownCell marks a link whose volume is unknown in a matrix.
const unknownCell = "?"

func parseMatrix(key string, raw json.RawMessage, kinds kindTable, top bool, bad func(key, hint, format string, a ...any)) (Matrix, bool) {
	m := Matrix{key: key}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		bad(key, `e.g. {"kind": "sale", "rows": "firm", "columns": "buyer"}`, "not an object")
		return m, false
	}
	ok := true
	str := func(k string) (string, bool) {
		v, has := obj[k]
		if !has {
			return "", false
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			bad(key+"."+k, "", "not a string")
			ok = false
			return "", false
		}
		return s, true
	}
	for _, k := range sortedKeys(obj) {
		switch k {
		case "file", "sheet", "kind", "rows", "columns", "description":
			if k == "file" && top {
				bad(key+"."+k, "the dataset file is the matrix; a directory's matrices are listed under \"matrices\"", "not allowed here")
				ok = false
			}
		default:
			bad(key+"."+k, "the keys of a matrix are file, sheet, kind, rows, columns and description", "unknown key")
			ok = false
		}
	}
	if f, has := str("file"); has {
		if !fs.ValidPath(f) || f == "." {
			bad(key+".file", "a file name in the dataset directory, like sale.csv", "%s is not a file name", echo(f))
			ok = false
		}
		m.File = f
	} else if !top {
		bad(key+".file", "the matrix's file in the dataset directory, like sale.csv", "missing")
		ok = false
	}
	m.Sheet, _ = str("sheet")
	if k, has := str("kind"); has && k != "" {
		kind, found := kinds.parse(strings.TrimSpace(k))
		if !found {
			bad(key+".kind", "the kinds are subcontract, supply and sale", "%s is not a kind", echo(k))
			ok = false
		}
		m.Kind, m.HasKind = kind, found
	}
	for _, side := range []struct {
		name string
		typ  *network.NodeType
		has  *bool
	}{{"rows", &m.Rows, &m.hasRows}, {"columns", &m.Columns, &m.hasColumns}} {
		v, has := str(side.name)
		if !has {
			continue
		}
		t, found := nodeType(v)
		if !found {
			bad(key+"."+side.name, "firm, market or buyer: the type of the ids no node table declares", "%s is not firm, market or buyer", echo(v))
			ok = false
		}
		*side.typ, *side.has = t, true
	}
	if ok && m.HasKind && !network.Allowed(m.Kind, m.Rows, m.Columns) && m.hasRows && m.hasColumns {
		bad(key, allowedHint, "a %s cannot %s a %s (%s %s→%s)", m.Rows, verb(m.Kind), m.Columns, m.Kind, m.Rows, m.Columns)
		ok = false
	}
	return m, ok
}

func nodeType(s string) (network.NodeType, bool) {
	switch normalize(s) {
	case "firm", "企业":
		return network.Firm, true
	case "market", "市场":
		return network.Market, true
	case "buyer", "买家":
		return network.Buyer, true
	}
	return network.Firm, false
}

// matrixCells is a matrix as read: the column ids with their places,
// then rows.
type matrixCells struct {
	file string // for messages: a file or a workbook's sheet
	// headerLine is the line (row) of the column ids; colLine and colAt
	// the line and column of each id (1-based).
	headerLine int
	cols       []string
	colLine    []int
	colAt      []int
	rules      numberRules
	suggest    bool
}

// loadMatrices reads a directory whose links are the matrices the
// schema lists, with the node tables that it has (firms.csv, …; none is
// required).
func (l *loader) loadMatrices(ms []Matrix) {
	names := l.tableFiles(l.fsys)
	l.readNodes(names[firmsTable], firmsTable, network.Firm, false)
	l.readNodes(names[marketsTable], marketsTable, network.Market, false)
	l.readNodes(names[buyersTable], buyersTable, network.Buyer, false)
	l.readClusters(names[clustersTable])
	var ins []linkIn
	var files []*linkFile
	for i := range ms {
		ins, files = l.readMatrix(&ms[i], ms[i].File, ins, files)
	}
	l.matrixLinks(ins, files)
}

// LoadMatrix reads a dataset whose links are one matrix, the file the
// user names (a CSV file, a workbook's sheet or a UCINET DL file),
// described by opt.Schema.Matrix (kind, types; nil: SPEC default kinds,
// every id a firm), with the node tables the schema names next to it
// ("tables", as for a survey).
func LoadMatrix(fsys fs.FS, file string, opt Options) (*Result, error) {
	var m Matrix
	if opt.Schema != nil && opt.Schema.Matrix != nil {
		m = *opt.Schema.Matrix
	}
	l := newLoader(fsys, opt)
	l.named = file
	if sch := opt.Schema; sch != nil {
		for _, t := range []struct {
			kind tableKind
			typ  network.NodeType
		}{{firmsTable, network.Firm}, {marketsTable, network.Market}, {buyersTable, network.Buyer}} {
			if f, ok := sch.Tables[t.kind.String()]; ok {
				l.readNodes(f, t.kind, t.typ, true)
			}
		}
		if f, ok := sch.Tables["clusters"]; ok {
			l.readClusters(f)
		}
	}
	ins, files := l.readMatrix(&m, file, nil, nil)
	l.matrixLinks(ins, files)
	return l.result()
}

// matrixLinks checks and keeps the links of the matrices read.
func (l *loader) matrixLinks(ins []linkIn, files []*linkFile) {
	l.finishClusters()
	l.rankNodes()
	k := &linkSink{errs: l.errs}
	fi := 0
	for i := range ins {
		for fi+1 < len(files) && files[fi+1].first <= i {
			l.decimalCommaError(files[fi], k)
			k.dec = lineSet{}
			fi++
		}
		l.addLink(files[fi], &ins[i], k)
	}
	if len(files) > 0 {
		l.decimalCommaError(files[fi], k)
	}
	l.res.hasVolume = true
	l.res.UnknownVolumes = k.unknown
	l.unknownAt = k.unknownAt
	l.res.Rows = k.rows
	file := ""
	if len(files) > 0 {
		file = files[0].file
	}
	l.finishLinks(file, k.raw)
}

// readMatrix reads one matrix, declaring the nodes its ids name, and
// appends its links (not yet checked) to ins.
func (l *loader) readMatrix(m *Matrix, file string, ins []linkIn, files []*linkFile) ([]linkIn, []*linkFile) {
	var mc *matrixCells
	var rows func(f func(*matrixRow)) bool
	lower := strings.ToLower(file)
	if m.Sheet != "" {
		file = sheetFile(file, m.Sheet)
	}
	if strings.HasSuffix(lower, ".dl") {
		mc, rows = l.openDL(file, m)
	} else {
		mc, rows = l.openMatrixTable(file)
	}
	if mc == nil {
		return ins, files
	}
	f := &linkFile{file: mc.file, fromName: "row", toName: "column", hasVolume: true, rules: mc.rules,
		suggestDecimal: mc.suggest, first: len(ins)}
	files = append(files, f)
	colIDs := make([]string, len(mc.cols))
	seen := map[string]int{}
	for j, id := range mc.cols {
		if id == "" {
			continue
		}
		if c, dup := seen[id]; dup {
			l.errs.errf(mc.file, mc.colLine[j], mc.colAt[j], ErrDuplicateID, "every column names another node",
				"column id %s appears twice (also column %d)", echo(id), c)
			continue
		}
		seen[id] = mc.colAt[j]
		if l.matrixNode(mc.file, mc.colLine[j], mc.colAt[j], id, m.Columns, m.hasColumns, false) {
			colIDs[j] = id
		}
	}
	rowSeen := map[string]int{}
	any := false
	rows(func(r *matrixRow) {
		id := r.id
		if id == "" {
			for j, c := range r.cells {
				if c != "" {
					l.errs.errf(mc.file, r.lines[j], r.cols[j], ErrEmptyID, "the first column names the delivering node of each row", "a row without an id has values")
					return
				}
			}
			return
		}
		if first, dup := rowSeen[id]; dup {
			l.errs.errf(mc.file, r.idLine, r.idCol, ErrDuplicateID, "every row names another node", "row id %s appears twice (first at line %d)", echo(id), first)
			return
		}
		rowSeen[id] = r.idLine
		if !l.matrixNode(mc.file, r.idLine, r.idCol, id, m.Rows, m.hasRows, true) {
			return
		}
		for j, c := range r.cells {
			if c == "" {
				continue
			}
			line, at := r.lines[j], r.cols[j]
			if j >= len(colIDs) || mc.cols[j] == "" {
				l.errs.errf(mc.file, line, at, ErrMatrix, "every column of values has a node id in the first row",
					"a value (%s) in a column without an id", echo(c))
				continue
			}
			if colIDs[j] == "" {
				continue // its id was reported
			}
			vol := c
			if c == unknownCell {
				vol = ""
			} else if v, _, err := parseVolume(c, mc.rules); err == nil && v == 0 {
				continue // 0: no link
			}
			any = true
			in := linkIn{from: id, to: colIDs[j], vol: vol, line: line,
				fromLine: r.idLine, fromCol: r.idCol, toLine: mc.colLine[j], toCol: mc.colAt[j],
				volLine: line, volCol: at, dirLine: line, dirCol: at}
			if m.HasKind {
				in.kind, in.kindLine, in.kindCol = m.Kind.String(), line, at
			}
			ins = append(ins, in)
		}
	})
	if !any && len(l.errs.list) == 0 {
		l.errs.errf(mc.file, mc.headerLine, 0, ErrNoRows, "a cell in row a and column b is what a delivers to b; empty and 0 are no link",
			"no links: every cell of the matrix is empty or 0")
	}
	return ins, files
}

// matrixRow is one row of a matrix: its id and cells, with the line and
// column of each.
type matrixRow struct {
	id            string
	idLine, idCol int
	cells         []string
	lines, cols   []int
}

// matrixNode declares a node that a matrix's row or column names, unless
// a node table declared it; typed says that the schema gave the type.
func (l *loader) matrixNode(file string, line, col int, id string, typ network.NodeType, typed, row bool) bool {
	if i, ok := l.ids[id]; ok {
		nd := l.res.Dataset.Nodes[i]
		if typed && nd.Type != typ && !l.matrixDeclared[id] {
			side := "columns"
			if row {
				side = "rows"
			}
			l.errs.errf(file, line, col, ErrMatrix, "a node has one type: give it another id, or change the schema's "+side,
				"%s is a %s (%s), but the matrix's %s are %ss", echo(id), nd.Type,
				l.declaredAt(int32(i)), side, typ)
			return false
		}
		return true
	}
	if l.matrixDeclared == nil {
		l.matrixDeclared = map[string]bool{}
	}
	l.matrixDeclared[id] = true
	return l.addNode(file, line, line, col, network.Node{ID: id, Type: typ, Name: id})
}

// openMatrixTable opens a CSV file or a sheet as a matrix: the first row
// (that holds a value) names the columns after a corner cell.
func (l *loader) openMatrixTable(file string) (*matrixCells, func(func(*matrixRow)) bool) {
	var src *source
	var r *reader
	if book, sheet, ok := strings.Cut(file, sheetSep); ok {
		wb, ok := l.workbook(book, nil)
		if !ok {
			return nil, nil
		}
		src, r = l.sheetReaderOf(wb, sheet)
	} else {
		data, ok := l.open(file, true)
		if !ok {
			return nil, nil
		}
		if IsWorkbook(data) {
			wb, ok := l.workbook(file, data)
			if !ok {
				return nil, nil
			}
			src, r = l.sheetReaderOf(wb, "")
		} else {
			if l.notWorkbook(file, data) {
				return nil, nil
			}
			if src, ok = openSource(file, data, l.opt, l.res, l.errs); !ok {
				return nil, nil
			}
			r = newReader(src, l.opt.noFast)
		}
	}
	if r == nil {
		return nil, nil
	}
	head, err := r.next()
	for err == nil && blankRow(head) {
		head, err = r.next()
	}
	if err == io.EOF {
		l.errs.errf(src.file, 0, 0, ErrMatrix, "the first row names the receiving nodes, the first column the delivering ones", "empty matrix")
		return nil, nil
	}
	if err != nil {
		l.errs.add(csvError(src, err))
		return nil, nil
	}
	mc := &matrixCells{file: src.file, headerLine: r.fieldLine(0), rules: src.numbers(false), suggest: src.suggestDecimal()}
	for j := 1; j < len(head); j++ {
		mc.cols = append(mc.cols, text(head[j]))
		mc.colLine = append(mc.colLine, r.fieldLine(j))
		mc.colAt = append(mc.colAt, j+1)
	}
	for len(mc.cols) > 0 && mc.cols[len(mc.cols)-1] == "" {
		n := len(mc.cols) - 1
		mc.cols, mc.colLine, mc.colAt = mc.cols[:n], mc.colLine[:n], mc.colAt[:n]
	}
	rows := func(f func(*matrixRow)) bool {
		defer func() {
			if r.sheet != nil {
				r.sheet.close()
			}
		}()
		var mr matrixRow
		for {
			rec, err := r.next()
			if err == io.EOF {
				return true
			}
			if err != nil {
				l.errs.add(csvError(src, err))
				return false
			}
			if blankRow(rec) {
				continue
			}
			mr = matrixRow{id: text(rec[0]), idLine: r.fieldLine(0), idCol: 1,
				cells: mr.cells[:0], lines: mr.lines[:0], cols: mr.cols[:0]}
			for j := 1; j < len(rec); j++ {
				mr.cells = append(mr.cells, text(rec[j]))
				mr.lines = append(mr.lines, r.fieldLine(j))
				mr.cols = append(mr.cols, j+1)
			}
			f(&mr)
		}
	}
	return mc, rows
}

// sheetReaderOf opens a sheet (or the first) for reading rows as they are.
func (l *loader) sheetReaderOf(wb *workbook, sheet string) (*source, *reader) {
	if sheet == "" && len(wb.sheets) > 0 {
		sheet = wb.sheets[0].name
	}
	i := wb.sheetIndex(sheet)
	if i < 0 {
		l.errs.errf(wb.file, 0, 0, ErrMissingFile, "the workbook has: "+plainList(wb.sheetNames()), "no sheet %s", echo(sheet))
		return nil, nil
	}
	name := sheetFile(wb.file, sheet)
	l.errs.rank(name)
	sr, err := wb.openSheet(i, name)
	if err != nil {
		l.errs.add(&Error{File: name, Err: err})
		return nil, nil
	}
	l.res.Inputs = append(l.res.Inputs, Input{File: wb.file, Sheet: sheet, Encoding: "Excel workbook (.xlsx)"})
	return &source{file: name, comma: ',', sheet: true}, &reader{sheet: sr}
}
