package loaders

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"clusterchain/network"
)

// Options tune Load and LoadSurvey.
type Options struct {
	// MaxErrors is the number of problems after which loading stops
	// looking; 0 means 100.
	MaxErrors int
	// Name is the dataset's name, copied into the Dataset.
	Name string
	// Encoding of every file; Auto detects it per file.
	Encoding Encoding
	// Delimiter of every file: ',', ';', '\t' or '|'; 0 sniffs it per
	// file.
	Delimiter byte
	// Schema maps other file names, column names and kind values, and
	// describes a survey table; nil means the built-in aliases only.
	Schema *Schema
	// KeepRows keeps every link row as read in Result.Rows, to write the
	// tables again (LoadSurvey always keeps them).
	KeepRows bool
	// FollowLinks reads a table that is a symbolic link to a file
	// outside the dataset directory (fsys). By default such a table is
	// an error, so that a dataset from elsewhere cannot make the tool
	// read, and quote in its messages, a file the user did not give it;
	// links that stay inside the directory are always followed. Only
	// regular files are read either way: a FIFO or a device is an error.
	FollowLinks bool
	// DecimalComma reads every number of a text file (CSV, DL) the
	// European way: "," is the decimal separator and "." or a space
	// groups thousands, so 1.234,5 is 1234.5 and 1,5 is 1.5. A workbook
	// stores numbers as numbers and is read the same either way.
	DecimalComma bool

	// noFast makes every file go through encoding/csv (tests compare the
	// two paths); workers, when not 0, is the number of goroutines that
	// read a large links table.
	noFast      bool
	workers     int
	parallelMin int // bytes; 0 means parallelBytes
}

// Result is a loaded dataset with the facts of its loading.
type Result struct {
	Dataset  network.Dataset
	Warnings []Warning
	// UnknownVolumes counts link rows whose volume cell was empty.
	UnknownVolumes int
	// DuplicateRows counts link rows summed into an earlier row with the
	// same from, to and kind.
	DuplicateRows int
	// Inputs says how each file was read: encoding and delimiter.
	Inputs []Input
	// Rows are the link rows as read, before summing, with Options.KeepRows
	// or from a survey.
	Rows []LinkRow
	// VolumeUnit is the unit the volume column's header names after its
	// name, as written — "万元" for 交易额（万元）, "10k yuan" for volume
	// (10k yuan), "USD" for amount [USD] or "volume, USD" — or "" when it
	// names none. Volumes are not rescaled: the unit is text for the
	// report's volume headings.
	VolumeUnit string
	// hasVolume: the links had volumes (a volume column).
	hasVolume bool
}

// LinkRow is one link as read, in SPEC form: Kind is a SPEC kind name or
// empty for the default, Volume plain decimal text or empty when unknown.
type LinkRow struct {
	From, To, Kind, Volume string
}

// The tables of a dataset, in the order they are read and reported.
const (
	FirmsFile    = "firms.csv"
	MarketsFile  = "markets.csv"
	BuyersFile   = "buyers.csv"
	ClustersFile = "clusters.csv"
	LinksFile    = "links.csv"
)

// loader is the state of one Load or LoadSurvey.
type loader struct {
	fsys fs.FS
	opt  *Options
	res  *Result
	errs *collector
	// ids maps every node id to its index in res.Dataset.Nodes.
	ids map[string]int32
	// Where each node was first declared, for duplicate messages.
	nodeFile []uint8
	nodeLine []int32
	files    []string
	kinds    kindTable
	// idByRank and typeByRank are each node's id and type by rank, and
	// table maps ids to rank<<2 | type: what reading links looks up.
	idByRank   []string
	typeByRank []network.NodeType
	table      *idTable
	clusters   map[string]int // declared cluster id → line
	// textCols are the numeric attribute columns with cells that are
	// not numbers, by file and column name.
	textCols map[string]*textColumn
	// named is the survey file LoadSurvey was given: named by the user,
	// so read even through a link out of fsys.
	named string
	// unknownAt are the lines of the links with an unknown volume.
	unknownAt lineSet
	// books are the workbooks read, by file name (nil: unreadable).
	books map[string]*workbook
	// nodesWhere says where a dataset's nodes are, for the hint of an
	// unknown id, when not in the node tables (firms.csv, …).
	nodesWhere string
	// matrixDeclared are the nodes that a matrix's ids declared.
	matrixDeclared map[string]bool
}

func newLoader(fsys fs.FS, opt Options) *loader {
	errs := &collector{max: opt.MaxErrors}
	if errs.max <= 0 {
		errs.max = 100
	}
	return &loader{fsys: fsys, opt: &opt, errs: errs, res: &Result{Dataset: network.Dataset{Name: opt.Name}},
		ids: map[string]int32{}, kinds: newKindTable(opt.Schema.kinds()), clusters: map[string]int{}}
}

// Load reads a dataset directory from fsys: the SPEC §1 tables, or the
// files the schema names, in any encoding and delimiter Options allow.
// On any input error it returns an ErrorList with every problem found, up
// to opt.MaxErrors.
//
// A table may also be a workbook: firms.xlsx where firms.csv is missing
// (its sheet named like the table, or its first sheet), and a file named
// .csv that is in fact a workbook (it begins with the ZIP signature) is
// read as one, with a warning.
func Load(fsys fs.FS, opt Options) (*Result, error) {
	l := newLoader(fsys, opt)
	if opt.Schema != nil && len(opt.Schema.Matrices) > 0 {
		l.loadMatrices(opt.Schema.Matrices)
		return l.result()
	}
	l.loadTables(l.tableFiles(fsys))
	return l.result()
}

func (l *loader) result() (*Result, error) {
	if len(l.errs.list) > 0 {
		return nil, l.errs.sorted()
	}
	for i, w := range l.res.Warnings {
		if w.Sheet == "" {
			l.res.Warnings[i].File, l.res.Warnings[i].Sheet = splitSheet(w.File)
		}
	}
	return l.res, nil
}

// open reads a file; a missing optional file is no error. Only regular
// files are read, and a symbolic link out of the dataset directory only
// with Options.FollowLinks (or when it is the survey file the user
// named).
func (l *loader) open(file string, required bool) ([]byte, bool) {
	l.errs.rank(file)
	b, err := readRegular(l.fsys, file, l.opt.FollowLinks || file == l.named, 0)
	if errors.Is(err, fs.ErrNotExist) {
		if required {
			hint := "a dataset needs " + l.opt.Schema.file(firmsTable) + " and " + l.opt.Schema.file(linksTable)
			if len(l.opt.Schema.tablesRenamed()) == 0 {
				hint += " (or firms.xlsx and links.xlsx, or one workbook with sheets firms and links)"
			}
			l.errs.errf(file, 0, 0, ErrMissingFile, hint, "file missing")
		}
		return nil, false
	}
	if err != nil {
		e := &Error{File: file, Err: err}
		switch {
		case errors.Is(err, ErrOutsideLink):
			e.Hint = "copy the file into the dataset directory instead of linking to it"
		case errors.Is(err, ErrNotRegular):
			e.Hint = "a table is a CSV file saved in the dataset directory"
		}
		l.errs.add(e)
		return nil, false
	}
	return b, true
}

// table is an open CSV file positioned after its header.
type table struct {
	src *source
	r   *reader
	h   *header
	// rows counts the records read that are not blank; blank, the
	// blank ones.
	rows  int
	blank lineSet
}

// lineSet counts lines, added in file order, and keeps the first few
// of them, for a warning; a line added again at once counts once.
type lineSet struct {
	count int
	first []int
	last  int
}

const lineSetKeep = 10 // lineList shows ten lines

func (s *lineSet) add(line int) {
	if s.count > 0 && line == s.last {
		return
	}
	s.count++
	s.last = line
	if len(s.first) < lineSetKeep {
		s.first = append(s.first, line)
	}
}

// merge adds the lines of o, shifted by base, after those of s.
func (s *lineSet) merge(o lineSet, base int) {
	for _, l := range o.first {
		if len(s.first) == lineSetKeep {
			break
		}
		s.first = append(s.first, l+base)
	}
	s.count += o.count
	if o.count > 0 {
		s.last = o.last + base
	}
}

// phrase is the lines for a message: "line 3", "lines 3, 7, 8" or
// "lines 3, 7, …, and 12 more".
func (s *lineSet) phrase() string {
	if s.count == 1 {
		return "line " + strconv.Itoa(s.first[0])
	}
	l := "lines " + lineList(s.first)
	if more := s.count - len(s.first); more > 0 {
		l += fmt.Sprintf(", and %d more", more)
	}
	return l
}

// rowPhrase is phrase for the rows of a sheet: "row 3", "rows 3, 7".
func (s *lineSet) rowPhrase() string { return strings.Replace(s.phrase(), "line", "row", 1) }

// phraseIn is phrase for a file's lines, or rowPhrase for a sheet's rows.
func (s *lineSet) phraseIn(file string) string {
	if strings.Contains(file, sheetSep) {
		return s.rowPhrase()
	}
	return s.phrase()
}

// blankRow reports whether every cell of rec is empty or spaces: a row
// Excel leaves behind (",,,,") when rows were cleared, not deleted.
func blankRow(rec []string) bool {
	for _, c := range rec {
		if c != "" && strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// finishTable warns about the blank rows of t and, when t is required
// (firms, links, a survey), reports a table without rows: a file whose
// lines were not read as lines, or an empty export, is never a dataset
// of 0 firms.
func (l *loader) finishTable(t *table, required bool, what string) {
	l.sheetWarnings(t)
	if t.blank.count > 0 {
		l.res.Warnings = append(l.res.Warnings, Warning{File: t.src.file, Line: t.blank.first[0], Message: fmt.Sprintf(
			"%s skipped (%s): every cell empty", plural(t.blank.count, "blank row", "blank rows"), t.blank.phraseIn(t.src.file))})
	}
	if required && t.rows == 0 {
		only := ""
		if t.blank.count > 0 {
			only = " that are not blank"
		}
		l.errs.errf(t.src.file, t.h.line, 0, ErrNoRows, "a dataset needs at least one firm and one link",
			"no %s: the table has no rows%s below its header", what, only)
	}
}

// openTable opens a file, decodes it and reads its header. It reports
// false when the file is missing (and optional) or unusable.
func (l *loader) openTable(file string, t tableKind, required bool, cols ...string) (*table, bool) {
	if file == "" {
		return nil, false // a workbook without this sheet: reported by the caller
	}
	if book, sheet, ok := strings.Cut(file, sheetSep); ok {
		wb, ok := l.workbook(book, nil)
		if !ok {
			return nil, false
		}
		return l.openSheetTable(wb, sheet, t, required, cols...)
	}
	data, ok := l.open(file, required)
	if !ok {
		return nil, false
	}
	if IsWorkbook(data) {
		wb, ok := l.workbook(file, data)
		if !ok {
			return nil, false
		}
		if ext := strings.ToLower(path.Ext(file)); ext != ".xlsx" && ext != ".xlsm" {
			l.res.Warnings = append(l.res.Warnings, Warning{File: file, Message: fmt.Sprintf(
				"an Excel workbook (.xlsx), not a CSV file, whatever its name: read as a workbook (rename it to %s)",
				plain(strings.TrimSuffix(path.Base(file), path.Ext(file))+".xlsx"))})
		}
		return l.openSheetTable(wb, "", t, required, cols...)
	}
	if l.notWorkbook(file, data) {
		return nil, false
	}
	src, ok := openSource(file, data, l.opt, l.res, l.errs)
	if !ok {
		return nil, false
	}
	r := newReader(src, l.opt.noFast)
	cells, err := r.next()
	if err == io.EOF {
		l.errs.errf(file, 1, 0, ErrMissingColumn, "the first row must name the columns", "empty file: no header row")
		return nil, false
	}
	if err != nil {
		l.errs.add(csvError(src, err))
		return nil, false
	}
	h := matchHeader(file, r.fieldLine(0), cells, t, l.opt.Schema, l.errs)
	if !h.require(l.errs, cols...) {
		return nil, false
	}
	return &table{src: src, r: r, h: h}, true
}

// rows reads the records of t in chunks of trimmed cells with the
// physical line of each, padding short rows with empty cells, and calls
// f with each chunk. It reports false after a CSV syntax error.
func (l *loader) rows(t *table, f func(rows [][]string, lines [][]int32)) bool {
	return rowsOf(t, t.r, l.errs, &t.rows, &t.blank, f)
}

// rowsOf is rows reading r, reporting to errs, counting the rows that
// are not blank in count and the blank ones in blank.
func rowsOf(t *table, r *reader, errs *collector, count *int, blank *lineSet, f func(rows [][]string, lines [][]int32)) bool {
	n := len(t.h.names)
	chunk := min(4096, max(1, (1<<16)/n)) // rows; a chunk holds at most 64Ki cells
	cells := make([]string, chunk*n)
	pos := make([]int32, chunk*n)
	rows := make([][]string, 0, chunk)
	lines := make([][]int32, 0, chunk)
	flush := func() {
		if len(rows) > 0 {
			f(rows, lines)
		}
		rows, lines = rows[:0], lines[:0] // f keeps strings, not slices
	}
	for {
		rec, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			flush() // errors are reported in the order of the rows
			errs.add(csvError(t.src, err))
			*count++ // a row was there
			return false
		}
		line := r.fieldLine(0)
		if blankRow(rec) {
			blank.add(line)
			continue
		}
		*count++
		if len(rec) > n {
			flush()
			fieldCountError(errs, t.src, line, n, len(rec))
			continue
		}
		k := len(rows)
		row, at := cells[k*n:(k+1)*n:(k+1)*n], pos[k*n:(k+1)*n:(k+1)*n]
		for i := range row {
			if i < len(rec) {
				row[i] = text(rec[i])
				at[i] = int32(r.fieldLine(i))
			} else {
				row[i], at[i] = "", int32(line)
			}
		}
		rows, lines = append(rows, row), append(lines, at)
		if len(rows) == chunk {
			flush()
		}
	}
	flush()
	return true
}

func delimHint(s *source) string {
	if s.comma == ',' {
		return "a comma inside a value needs the value in double quotes"
	}
	h := fmt.Sprintf("a %s inside a value needs the value in double quotes", quoteDelim(delimName(s.comma)))
	if s.sniffed != "detected" && s.sniffed != "" {
		h += fmt.Sprintf("; the delimiter was %s, --delimiter chooses another", s.sniffed)
	}
	return h
}

// cols are the columns of a node or cluster table the loader reads
// itself, by index; -1 when the table has no such column.
type cols struct{ id, name, cluster int }

func colsOf(h *header, t tableKind) cols {
	c := cols{id: -1, name: -1, cluster: -1}
	for col, i := range h.col {
		switch {
		case col == "id":
			c.id = i
		case col == "name":
			c.name = i
		case col == "cluster" && (t == firmsTable || t == surveyTable):
			c.cluster = i
		}
	}
	return c
}

// get returns cell i of row, or "" when i is -1.
func get(row []string, i int) string {
	if i < 0 {
		return ""
	}
	return row[i]
}

// attrs returns the attributes of a row: every non-empty cell of a column
// that is not read by the loader, numbers written plainly.
func (l *loader) attrs(t *table, row []string, at []int32) []network.Attr {
	attrs, notes := attrsOf(t, row, at, nil)
	l.noteText(t, notes, 0)
	return attrs
}

// textCell is a cell of a numeric attribute column (employees, revenue,
// export_share, booths) that is not a number: its column and line.
type textCell struct {
	col   int
	line  int32
	value string
}

// attrsOf is attrs for a chunk: cells of numeric attribute columns that
// are not numbers ("n/a", "约50") keep their text and are appended to
// notes. No figure reads these columns, so such a cell is worth a
// warning, not a failed run.
func attrsOf(t *table, row []string, at []int32, notes []textCell) ([]network.Attr, []textCell) {
	var out []network.Attr
	for c, key := range t.h.key {
		v := row[c]
		if key == "" || v == "" {
			continue
		}
		if t.h.number[c] {
			if _, text, err := parseNumber(v, t.src.numbers(true)); err != nil {
				notes = append(notes, textCell{c, at[c], v})
			} else {
				v = text
			}
		}
		out = append(out, network.Attr{Key: key, Value: v})
	}
	return out, notes
}

// textColumn sums up the textCells of one column of one file.
type textColumn struct {
	file, name  string
	count       int
	line, col   int
	first       string
	warningSlot int
}

// noteText records the textCells of a row of t (lines relative to base)
// in file order, and keeps one warning per column up to date.
func (l *loader) noteText(t *table, notes []textCell, base int) {
	for _, n := range notes {
		key := t.src.file + "\x00" + t.h.names[n.col]
		tc, ok := l.textCols[key]
		if !ok {
			tc = &textColumn{file: t.src.file, name: t.h.names[n.col], line: int(n.line) + base, col: n.col + 1,
				first: n.value, warningSlot: len(l.res.Warnings)}
			if l.textCols == nil {
				l.textCols = map[string]*textColumn{}
			}
			l.textCols[key] = tc
			l.res.Warnings = append(l.res.Warnings, Warning{})
		}
		tc.count++
		hint := "numbers look like 1250, 1,250, 35% or 12.5万"
		if t.src.suggestDecimal() {
			if v, _, err := parseDecimalComma(tc.first, numberRules{percent: true}); err == nil {
				hint += fmt.Sprintf("; with --decimal-comma %s reads as %s", echo(tc.first), strconv.FormatFloat(v, 'g', -1, 64))
			}
		}
		w := Warning{File: tc.file, Line: tc.line, Message: fmt.Sprintf(
			"column %d: %s is not a number in %s (first %s), kept as text: no figure uses it ("+strings.ReplaceAll(hint, "%", "%%")+")",
			tc.col, plain(tc.name), plural(tc.count, "row", "rows"), echo(tc.first))}
		l.res.Warnings[tc.warningSlot] = w
	}
}

func (l *loader) fileIndex(file string) uint8 {
	for i, f := range l.files {
		if f == file {
			return uint8(i)
		}
	}
	l.files = append(l.files, file)
	return uint8(len(l.files) - 1)
}

// declaredAt is where node i was declared: "firms.csv line 3", or
// "survey.xlsx:firms row 3" in a workbook.
func (l *loader) declaredAt(i int32) string {
	file, sheet := splitSheet(l.files[l.nodeFile[i]])
	if sheet != "" {
		return fmt.Sprintf("%s:%s row %d", file, sheetRef(sheet), l.nodeLine[i])
	}
	return fmt.Sprintf("%s line %d", file, l.nodeLine[i])
}

// addNode declares a node; it reports false for an empty or duplicate id.
func (l *loader) addNode(file string, line, idLine, idCol int, nd network.Node) bool {
	if nd.ID == "" {
		l.errs.errf(file, idLine, idCol, ErrEmptyID, "", "empty id")
		return false
	}
	if i, dup := l.ids[nd.ID]; dup {
		l.errs.errf(file, idLine, idCol, ErrDuplicateID, "ids must be unique across firms, markets and buyers",
			"duplicate id %s (first in %s)", echo(nd.ID), l.declaredAt(i))
		return false
	}
	l.ids[nd.ID] = int32(len(l.res.Dataset.Nodes))
	l.nodeFile = append(l.nodeFile, l.fileIndex(file))
	l.nodeLine = append(l.nodeLine, int32(line))
	l.res.Dataset.Nodes = append(l.res.Dataset.Nodes, nd)
	return true
}

// readNodes reads a firms, markets or buyers table.
func (l *loader) readNodes(file string, t tableKind, typ network.NodeType, required bool) {
	tb, ok := l.openTable(file, t, required, "id")
	if !ok {
		return
	}
	file = tb.src.file // a workbook's sheet is named by workbook and sheet
	idCol := tb.h.col["id"]
	rows := strings.Count(tb.src.text, "\n") + 1
	if len(l.ids) == 0 {
		// One map of every id and one slice of nodes, sized for the
		// first table and a few percent more for markets and buyers:
		// growing them later copies them whole.
		rows += rows/32 + 64
		l.ids = make(map[string]int32, rows)
	}
	if d := &l.res.Dataset; cap(d.Nodes)-len(d.Nodes) < rows {
		d.Nodes = slices.Grow(d.Nodes, rows)
		l.nodeFile = slices.Grow(l.nodeFile, rows)
		l.nodeLine = slices.Grow(l.nodeLine, rows)
	}
	// Parse, pick the cells and read attributes chunk by chunk, in
	// parallel for a large file without quotes; nodes are declared (ids
	// checked for duplicates) in file order, each after the errors of its
	// row, so errors and their MaxErrors cut-off are those of one pass.
	chunks := l.chunks(tb)
	// Lines before the first chunk, read before any goroutine reads on
	// with the table's own reader.
	base := tb.r.line
	done := make([]chan nodeChunk, len(chunks))
	for c := range done {
		done[c] = make(chan nodeChunk, 1)
	}
	go func() {
		sem := make(chan struct{}, max(1, l.workers()))
		for c, text := range chunks {
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				r := tb.r
				if len(chunks) > 1 {
					r = &reader{fast: true, delim: tb.r.delim, text: text}
				}
				done[c] <- l.nodeChunk(tb, t, typ, r)
			}()
		}
	}()
	for c := range chunks {
		ch := <-done[c]
		if len(chunks) == 1 {
			base = 0 // the table's own reader: lines are the file's
		}
		at := 0
		flushErrs := func(upto int) {
			for upto = min(upto, len(ch.errs)); at < upto; at++ {
				e := ch.errs[at]
				if e.Line > 0 {
					e.Line += base
				}
				l.errs.add(e)
			}
		}
		for _, ev := range ch.nodes {
			flushErrs(ev.errs)
			l.noteText(tb, ev.text, base)
			l.addNode(file, int(ev.line)+base, int(ev.idLine)+base, idCol+1, ev.node)
		}
		flushErrs(len(ch.errs))
		tb.rows += ch.rows
		tb.blank.merge(ch.blank, base)
		base += strings.Count(chunks[c], "\n")
	}
	l.finishTable(tb, required, typ.String()+"s")
}

// nodeChunk is what a chunk of a node table gives: its nodes in file
// order, each with the lines of its row and id and the number of errors
// reported before it, and those errors.
type nodeChunk struct {
	nodes []nodeEvent
	errs  []*Error
	rows  int
	blank lineSet
}

type nodeEvent struct {
	node         network.Node
	line, idLine int32
	errs         int
	text         []textCell // attribute cells that are not numbers
}

// nodeChunk reads the rows of r: parsing, the id, name and cluster
// cells, attributes.
func (l *loader) nodeChunk(tb *table, t tableKind, typ network.NodeType, r *reader) nodeChunk {
	out := nodeChunk{nodes: make([]nodeEvent, 0, strings.Count(r.text[r.pos:], "\n")+1)}
	errs := &collector{max: l.errs.max + 1} // enough for the merge to see the limit passed
	c := colsOf(tb.h, t)
	rowsOf(tb, r, errs, &out.rows, &out.blank, func(rows [][]string, lines [][]int32) {
		ids := compact(rows, c.id)
		for i, row := range rows {
			attrs, text := attrsOf(tb, row, lines[i], nil)
			nd := network.Node{ID: ids[i], Type: typ, Name: get(row, c.name), Cluster: get(row, c.cluster), Attrs: attrs}
			out.nodes = append(out.nodes, nodeEvent{node: nd, line: lines[i][0], idLine: lines[i][c.id],
				errs: len(errs.list), text: text})
		}
	})
	for _, e := range errs.list {
		if !errors.Is(e.Err, ErrTooMany) {
			out.errs = append(out.errs, e)
		}
	}
	return out
}

// chunks cuts the rest of a large table without double quotes into
// pieces at line ends, to be read in parallel; otherwise it returns one
// piece, read by the table's own reader.
func (l *loader) chunks(tb *table) []string {
	r := tb.r
	least := l.opt.parallelMin
	if least <= 0 {
		least = parallelBytes
	}
	workers := l.workers()
	if !r.fast || len(r.text)-r.pos < least || workers == 1 {
		return []string{""}
	}
	rest := r.text[r.pos:]
	size := max(len(rest)/(4*workers), least/4, 1)
	var chunks []string
	for len(rest) > 0 {
		end := min(size, len(rest))
		if i := strings.IndexByte(rest[end:], '\n'); i >= 0 && end < len(rest) {
			end += i + 1
		} else {
			end = len(rest)
		}
		chunks = append(chunks, rest[:end])
		rest = rest[end:]
	}
	if len(chunks) == 0 {
		return []string{""}
	}
	return chunks
}

func (l *loader) workers() int {
	if l.opt.workers > 0 {
		return l.opt.workers
	}
	return runtime.GOMAXPROCS(0)
}

// compact copies the ids (column col) of rows next to each other into
// one string: the id map's keys then fill a few cache lines instead of
// one line per row of the file, which makes looking up a million ids
// about twice as fast.
func compact(rows [][]string, col int) []string {
	n := 0
	for _, r := range rows {
		n += len(r[col])
	}
	var b strings.Builder
	b.Grow(n)
	for _, r := range rows {
		b.WriteString(r[col])
	}
	all := b.String()
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i], all = all[:len(r[col])], all[len(r[col]):]
	}
	return ids
}

// readClusters reads the clusters table.
func (l *loader) readClusters(file string) {
	tb, ok := l.openTable(file, clustersTable, false, "id")
	if !ok {
		return
	}
	file = tb.src.file // a workbook's sheet is named by workbook and sheet
	c := colsOf(tb.h, clustersTable)
	l.rows(tb, func(rows [][]string, lines [][]int32) {
		for i, row := range rows {
			id, idLine := row[c.id], int(lines[i][c.id])
			if id == "" {
				l.errs.errf(file, idLine, c.id+1, ErrEmptyID, "", "empty id")
				continue
			}
			if first, dup := l.clusters[id]; dup {
				l.errs.errf(file, idLine, c.id+1, ErrDuplicateID, "", "duplicate cluster id %s (first at line %d)", echo(id), first)
				continue
			}
			l.clusters[id] = int(lines[i][0])
			l.res.Dataset.Clusters = append(l.res.Dataset.Clusters,
				network.Cluster{ID: id, Name: get(row, c.name), Attrs: l.attrs(tb, row, lines[i])})
		}
	})
	l.finishTable(tb, false, "clusters")
}

// finishClusters adds the clusters named by firms only, with their id as
// name, and sorts them.
func (l *loader) finishClusters() {
	d := &l.res.Dataset
	for _, nd := range d.Nodes {
		if nd.Cluster == "" {
			continue
		}
		if _, ok := l.clusters[nd.Cluster]; !ok {
			l.clusters[nd.Cluster] = 0
			d.Clusters = append(d.Clusters, network.Cluster{ID: nd.Cluster, Name: nd.Cluster})
		}
	}
	sort.Slice(d.Clusters, func(i, j int) bool { return d.Clusters[i].ID < d.Clusters[j].ID })
}

// rankNodes orders the node ids in byte order (a link's rank is its
// place in that order) and builds the table that reading links looks ids
// up in. Node tables are often sorted by id already, so each table's run
// is checked before it is sorted, then the runs are merged.
func (l *loader) rankNodes() {
	nodes := l.res.Dataset.Nodes
	perm := make([]int32, len(nodes))
	var runs [][]int32
	start := 0
	for i := range nodes {
		perm[i] = int32(i)
		if i+1 == len(nodes) || nodes[i+1].Type != nodes[start].Type {
			runs = append(runs, perm[start:i+1])
			start = i + 1
		}
	}
	less := func(a, b int32) int { return strings.Compare(nodes[a].ID, nodes[b].ID) }
	for _, run := range runs {
		if !slices.IsSortedFunc(run, less) {
			slices.SortFunc(run, less)
		}
	}
	for len(runs) > 1 {
		var next [][]int32
		for i := 0; i+1 < len(runs); i += 2 {
			next = append(next, mergeRuns(runs[i], runs[i+1], less))
		}
		if len(runs)%2 == 1 {
			next = append(next, runs[len(runs)-1])
		}
		runs = next
	}
	byRank := perm
	if len(runs) == 1 {
		byRank = runs[0]
	}
	l.idByRank = make([]string, len(nodes))
	l.typeByRank = make([]network.NodeType, len(nodes))
	for r, i := range byRank {
		l.idByRank[r] = nodes[i].ID
		l.typeByRank[r] = nodes[i].Type
	}
	l.table = newIDTable(l.idByRank, func(r int) uint32 { return uint32(r)<<2 | uint32(l.typeByRank[r]) })
	// Every node is declared: the id map served to find duplicates and
	// survey partners, the table serves the links.
	l.ids = nil
}

func mergeRuns(a, b []int32, cmp func(a, b int32) int) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if cmp(b[0], a[0]) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}
