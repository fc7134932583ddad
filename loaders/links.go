package loaders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"clusterchain/internal/csvsafe"
	"clusterchain/network"
)

// linkIn is one link row as read, with where each cell is (1-based line
// and column; a column of 0 means the table has no such column).
type linkIn struct {
	from, to, kind, vol string
	line                int // the row's line, for warnings
	fromLine, fromCol   int
	toLine, toCol       int
	kindLine, kindCol   int
	volLine, volCol     int
	// dirLine, dirCol is where a self-link or a wrong direction is
	// reported: the from cell in links.csv, the partner's cell in a survey.
	dirLine, dirCol int
	// row is the link's row for network.Builder: its line in links.csv,
	// its place among a survey's links.
	row int32
}

// linkFile is what is the same for every row of a links table.
type linkFile struct {
	file             string
	fromName, toName string // the columns' headers, for messages
	hasVolume        bool
	rules            numberRules // of the volumes
	// suggestDecimal: volumes that are numbers only with a decimal comma
	// give one error for the file (a ;, tab or | separated text file).
	suggestDecimal bool
	// first is the index of the file's first row among rows of several
	// files read together (matrices).
	first  int
	survey bool
	// probe are the columns checked for holding only numbers, when the
	// table has no volume column: volumes under a header that was not
	// recognised must not silently weigh 1.
	probe []int
}

// probeState is what a probed column held so far.
type probeState struct{ number, other bool }

// linkSink receives the accepted rows and the errors of a run of link
// rows: the whole table, or one chunk of it read in parallel.
type linkSink struct {
	errs    *collector
	batch   *network.LinkBatch
	rows    []LinkRow
	unknown int
	// records counts the rows that are not blank; blank the blank ones.
	records int
	blank   lineSet
	// unknownAt are the lines of the unknown volumes.
	unknownAt lineSet
	probe     []probeState
	// dec are the volumes that are numbers only with a decimal comma
	// (1,5 or 1.234,5), reported once per file: decAt is the first.
	dec   lineSet
	decAt linkIn
}

// addLink checks one row and keeps it. The checks are network.Builder's
// (unknown ids, self-link, direction, a negative volume), with the
// reading of the kind and volume cells between them, in the order of
// SPEC §1: unknown ids, self-link, kind, direction, volume.
func (l *loader) addLink(f *linkFile, in *linkIn, k *linkSink) {
	ends, err := k.batch.Ends(in.from, in.to, in.row)
	errs := k.errs
	if err != nil {
		var unknown *network.UnknownIDError
		if !errors.As(err, &unknown) {
			errs.errc(f.file, in.dirLine, in.dirCol, ErrSelfLink, err, "", "self-link: %s delivers to itself", echo(in.from))
			return
		}
		for _, end := range []struct {
			id        string
			line, col int
			unknown   bool
			name      string
		}{{in.from, in.fromLine, in.fromCol, unknown.FromUnknown, f.fromName}, {in.to, in.toLine, in.toCol, unknown.ToUnknown, f.toName}} {
			if !end.unknown {
				continue
			}
			if end.id == "" {
				errs.errc(f.file, end.line, end.col, ErrUnknownID, err, "", "empty id in column %s", echo(end.name))
			} else {
				errs.errc(f.file, end.line, end.col, ErrUnknownID, err, "every id must be in "+l.nodeFiles(),
					"unknown id %s in column %s", echo(end.id), echo(end.name))
			}
		}
		return
	}
	ft, tt := ends.FromType, ends.ToType
	kind := network.DefaultKind(ft, tt)
	kindText := ""
	if in.kind != "" {
		parsed, ok := l.kinds.parse(in.kind)
		if !ok {
			errs.errf(f.file, in.kindLine, in.kindCol, ErrBadKind,
				"the kinds are subcontract, supply and sale (also 分包/外协, 供应/采购, 销售; --schema adds more), or empty for the default",
				"unknown kind %s", echo(in.kind))
			return
		}
		kind, kindText = parsed, parsed.String()
	}
	if err := l.b.CheckKind(ends, kind); err != nil {
		hint := allowedHint
		switch {
		case f.survey:
		case network.Allowed(kind, tt, ft) || (in.kind == "" && network.Allowed(network.DefaultKind(tt, ft), tt, ft)):
			hint = "from and to may be swapped: every link points the way the goods go"
		default: // swapping alone does not make it valid: the kind may be wrong too
			hint = "from and to may be swapped, or the kind is wrong: " + allowedHint
		}
		errs.errc(f.file, in.dirLine, in.dirCol, ErrDirection, err, hint, "a %s cannot %s a %s (%s %s→%s)",
			ft, verb(kind), tt, kind, ft, tt)
		return
	}
	vol, volText := 1.0, "1"
	if f.hasVolume {
		if in.vol == "" {
			vol, volText = 0, ""
			k.unknown++
			k.unknownAt.add(in.line)
		} else {
			// A negative volume is the Builder's to find (below).
			rules := f.rules
			rules.percent = false
			v, text, err := parseNumber(in.vol, rules)
			if err != nil && f.suggestDecimal && decimalOnly(err, in.vol) {
				if k.dec.count == 0 {
					k.decAt = *in
				}
				k.dec.add(in.line)
				return
			}
			if err != nil {
				ne := err.(*NumberError)
				errs.errf(f.file, in.volLine, in.volCol, ErrBadVolume, ne.hint(true), "volume %v", err)
				return
			}
			vol, volText = v, text
		}
	}
	if err := k.batch.Add(ends, kind, vol, in.row); err != nil {
		if errors.Is(err, network.ErrVolume) { // negative
			ne := &NumberError{in.vol, errNegative}
			errs.errc(f.file, in.volLine, in.volCol, ErrBadVolume, err, ne.hint(true), "volume %v", ne)
		} else {
			errs.add(&Error{File: f.file, Line: in.line, Err: err})
		}
		return
	}
	if l.opt.KeepRows {
		k.rows = append(k.rows, LinkRow{From: in.from, To: in.to, Kind: kindText, Volume: volText})
	}
}

func (l *loader) nodeFiles() string {
	if l.nodesWhere != "" {
		return l.nodesWhere
	}
	s := l.opt.Schema
	return s.file(firmsTable) + ", " + s.file(marketsTable) + " or " + s.file(buyersTable)
}

// readLinks reads the links table. Without double quotes in the text
// (the fast path), a large table is cut into chunks at line ends that are
// read in parallel, each into its own sink; the sinks are then merged in
// file order, so results, errors and the MaxErrors cut-off are those of
// one sequential pass.
func (l *loader) readLinks(file string) {
	tb, ok := l.openTable(file, linksTable, true, "from", "to")
	if !ok {
		return
	}
	file = tb.src.file // a workbook's sheet is named by workbook and sheet
	h := tb.h
	fi, ti := h.col["from"], h.col["to"]
	vi, hasVolume := h.col["volume"]
	f := &linkFile{file: file, fromName: h.names[fi], toName: h.names[ti], hasVolume: hasVolume,
		rules: tb.src.numbers(false), suggestDecimal: tb.src.suggestDecimal()}
	l.res.hasVolume = hasVolume
	if hasVolume {
		l.res.VolumeUnit = h.unit[vi]
	} else {
		for i, name := range h.names {
			if _, isKind := h.col["kind"]; normalize(name) != "" && i != fi && i != ti && !(isKind && i == h.col["kind"]) {
				f.probe = append(f.probe, i)
			}
		}
	}
	main := &linkSink{errs: l.errs, probe: make([]probeState, len(f.probe))}
	r := tb.r
	least := l.opt.parallelMin
	if least <= 0 {
		least = parallelBytes
	}
	// A row's row for the Builder is its line; the volume cell is on it
	// (a quoted volume may begin on a later line: the row's is kept).
	vcol := 0
	if hasVolume {
		vcol = vi + 1
	}
	at := func(row int32) (string, *linkIn) {
		return file, &linkIn{line: int(row), volLine: int(row), volCol: vcol}
	}
	if !r.fast || len(r.text)-r.pos < least || l.opt.workers == 1 {
		main.batch = l.b.NewBatch(strings.Count(r.text[r.pos:], "\n") + 1)
		l.linkRows(f, tb, r, main)
		l.res.UnknownVolumes += main.unknown
		l.res.Rows = append(l.res.Rows, main.rows...)
		tb.rows, tb.blank = main.records, main.blank
		l.unknownAt = main.unknownAt
		l.probeErrors(tb, f, main.probe)
		l.decimalCommaError(f, main)
		l.finishTable(tb, true, "links")
		l.finishLinks(file, at, main.batch)
		return
	}
	// Chunks at line ends, each read from its first line on.
	workers := l.opt.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	rest := r.text[r.pos:]
	size := max(len(rest)/(4*workers), least/4, 1)
	var chunks []string
	var bases []int
	base := r.line // lines before the first chunk
	for len(rest) > 0 {
		end := min(size, len(rest))
		if i := strings.IndexByte(rest[end:], '\n'); i >= 0 && end < len(rest) {
			end += i + 1
		} else {
			end = len(rest)
		}
		chunks, bases = append(chunks, rest[:end]), append(bases, base)
		base += strings.Count(rest[:end], "\n")
		rest = rest[end:]
	}
	l.b.EndNodes() // before the goroutines share the Builder
	sinks := make([]*linkSink, len(chunks))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				k := &linkSink{errs: &collector{max: l.errs.max + 1}, // enough for the merge to see the limit passed
					probe: make([]probeState, len(f.probe))}
				k.batch = l.b.NewBatch(strings.Count(chunks[c], "\n") + 1)
				cr := &reader{fast: true, delim: r.delim, text: chunks[c], line: bases[c]}
				l.linkRows(f, tb, cr, k)
				sinks[c] = k
			}
		}()
	}
	for c := range chunks {
		next <- c
	}
	close(next)
	wg.Wait()
	batches := make([]*network.LinkBatch, len(sinks))
	for c, k := range sinks {
		for _, e := range k.errs.list {
			if !errors.Is(e.Err, ErrTooMany) {
				l.errs.add(e)
			}
		}
		batches[c] = k.batch
		l.res.UnknownVolumes += k.unknown
		l.res.Rows = append(l.res.Rows, k.rows...)
		tb.rows += k.records
		tb.blank.merge(k.blank, 0)
		l.unknownAt.merge(k.unknownAt, 0)
		for j, p := range k.probe {
			main.probe[j].number = main.probe[j].number || p.number
			main.probe[j].other = main.probe[j].other || p.other
		}
		if k.dec.count > 0 && main.dec.count == 0 {
			main.decAt = k.decAt // its lines are the file's: each chunk is read from its first line on
		}
		main.dec.merge(k.dec, 0)
		sinks[c] = nil
	}
	l.probeErrors(tb, f, main.probe)
	l.decimalCommaError(f, main)
	l.finishTable(tb, true, "links")
	l.finishLinks(file, at, batches...)
}

// decimalOnly reports whether a volume that failed to parse is a number
// when read with a decimal comma: 1,5 or 1.234,5 in a file from a
// European Excel.
func decimalOnly(err error, cell string) bool {
	var ne *NumberError
	if !errors.As(err, &ne) || (ne.Err != errDecComma && ne.Err != errSemicolon) {
		return false
	}
	v, _, err := parseDecimalComma(cell, numberRules{})
	return err == nil && v >= 0
}

// decimalCommaError reports the volumes of k that are numbers only with a
// decimal comma: one error for the file, at the first of them, instead of
// one per row.
func (l *loader) decimalCommaError(f *linkFile, k *linkSink) {
	if k.dec.count == 0 {
		return
	}
	at := k.decAt
	v, _, _ := parseDecimalComma(at.vol, numberRules{})
	l.errs.errf(f.file, at.volLine, at.volCol, ErrDecimalComma,
		"the numbers look like a European Excel's: --decimal-comma reads them with \",\" as the decimal separator (1.234,5 is 1234.5, 1,5 is 1.5)",
		"%s (%s; first %s, which would be %s)",
		plural(k.dec.count, "volume is a number only with a decimal comma", "volumes are numbers only with a decimal comma"),
		k.dec.phrase(), echo(at.vol), strconv.FormatFloat(v, 'g', -1, 64))
}

// probeErrors reports the probed columns of a links table without a
// volume column that hold only numbers: most likely the volumes, under a
// header that is not a known name, which would otherwise silently weigh
// every link 1.
func (l *loader) probeErrors(tb *table, f *linkFile, probe []probeState) {
	for j, p := range probe {
		if !p.number || p.other {
			continue
		}
		name := tb.h.names[f.probe[j]]
		mapping := `{"columns": {"links": {"volume": HEADER}}} with the column's header as HEADER`
		if len(name) <= echoMax {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			enc.Encode(map[string]map[string]map[string]string{"columns": {"links": {"volume": name}}})
			mapping = jsonVisible(strings.TrimSpace(b.String()))
		}
		l.errs.errf(f.file, tb.h.line, f.probe[j]+1, ErrVolumeColumn,
			"if it holds the volumes, map it with --schema FILE where FILE has "+mapping+"; if it does not, delete the column",
			"column %s holds only numbers, but no column is a volume column: every link would weigh 1", echo(name))
	}
}

// jsonVisible writes the characters of JSON text that do not print (a
// bidirectional override, a zero-width space) as \uXXXX escapes: the
// same JSON, which a terminal shows as it is.
func jsonVisible(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strconv.IsPrint(r) {
			b.WriteRune(r)
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&b, `\u%04x`, u)
		}
	}
	return b.String()
}

// parallelBytes is the size above which the fast path reads in parallel.
const parallelBytes = 256 << 10

// linkRows reads the records of r into k.
func (l *loader) linkRows(f *linkFile, tb *table, r *reader, k *linkSink) {
	h := tb.h
	n := len(h.names)
	fi, ti := h.col["from"], h.col["to"]
	ki, hasKind := h.col["kind"]
	vi, hasVolume := h.col["volume"]
	// Rows are checked in batches: the table slots of a batch's to ids are
	// read first, so that their cache misses overlap instead of coming
	// one after another. Anything reported outside addLink flushes the
	// batch first, to keep the order of errors.
	var batch [32]linkIn
	m := 0
	flush := func() bool {
		for i := 0; i < m; i++ {
			k.batch.Prefetch(batch[i].to)
		}
		for i := 0; i < m; i++ {
			l.addLink(f, &batch[i], k)
			if k.errs.full {
				return false // nothing more would be kept
			}
		}
		m = 0
		return true
	}
	for {
		rec, err := r.next()
		if err == io.EOF {
			flush()
			return
		}
		if err != nil {
			if flush() {
				k.errs.add(csvError(tb.src, err))
			}
			k.records++ // a row was there
			return
		}
		line := r.fieldLine(0)
		if blankRow(rec) {
			k.blank.add(line)
			continue
		}
		k.records++
		for j, c := range f.probe {
			if p := &k.probe[j]; !p.other && c < len(rec) {
				if v := text(rec[c]); v != "" {
					_, _, err := parseNumber(v, f.rules)
					p.number, p.other = p.number || err == nil, err != nil
				}
			}
		}
		if len(rec) > n {
			if !flush() {
				return
			}
			fieldCountError(k.errs, tb.src, line, n, len(rec))
			continue
		}
		in := &batch[m]
		*in = linkIn{line: line, fromCol: fi + 1, toCol: ti + 1, dirCol: fi + 1, row: int32(line)}
		in.from, in.fromLine = cell(r, rec, fi, line)
		in.to, in.toLine = cell(r, rec, ti, line)
		in.dirLine = in.fromLine
		if hasKind {
			in.kind, in.kindLine = cell(r, rec, ki, line)
			in.kindCol = ki + 1
		}
		if hasVolume {
			in.vol, in.volLine = cell(r, rec, vi, line)
			in.volCol = vi + 1
		}
		if m++; m == len(batch) && !flush() {
			return
		}
	}
}

// cell is field i of rec, read as text (trimmed and unescaped, see
// text), with its line; a short row's missing cells are empty.
func cell(r *reader, rec []string, i, line int) (string, int) {
	if i < len(rec) {
		if r.fast {
			return text(rec[i]), line
		}
		return text(rec[i]), r.fieldLine(i)
	}
	return "", line
}

// text is how every cell of a table is read: without surrounding spaces,
// and without the apostrophe that marks text beginning with a formula
// character (csvsafe.Unescape): '=x is =x, and '=x after one more
// apostrophe is '=x, as WriteTables and every writer of clusterchain
// escape them.
func text(cell string) string { return csvsafe.Unescape(strings.TrimSpace(cell)) }

// finishLinks builds the network from the links of the batches (in file
// order): rows with the same from, to and kind are summed (in file
// order) into one link, with a warning for each sum; a sum of volumes
// beyond float64 is an error at each row that causes it. at gives a row's
// file (a matrix's links may come from several), line and volume cell.
func (l *loader) finishLinks(file string, at rowPlace, batches ...*network.LinkBatch) {
	res := l.res
	if res.UnknownVolumes > 0 {
		at := l.unknownAt
		res.Warnings = append(res.Warnings, Warning{File: file, Line: at.first[0], Message: fmt.Sprintf(
			"%s an unknown volume (empty cell, %s): counted in degrees and reach, weighing 0 in volumes",
			plural(res.UnknownVolumes, "link has", "links have"), at.phraseIn(file))})
	}
	if len(l.errs.list) > 0 {
		return // the links are not used
	}
	for _, b := range batches {
		l.b.AddBatch(b)
	}
	type dup struct {
		from, to string
		kind     network.Kind
		w        Warning
	}
	linesWord := "lines"
	if strings.Contains(file, sheetSep) {
		linesWord = "rows"
	}
	var dups []dup
	l.b.SumDuplicates(func(d network.Duplicate) {
		lines := make([]int, len(d.Rows))
		for i, r := range d.Rows {
			_, in := at(r)
			lines[i] = in.line
		}
		from, to := l.b.Node(d.From).ID, l.b.Node(d.To).ID
		res.DuplicateRows += len(lines) - 1
		dups = append(dups, dup{from, to, d.Kind, Warning{File: file, Line: lines[len(lines)-1], Message: fmt.Sprintf(
			"%d rows for %s → %s (%s) summed into one link (%s %s)", len(lines), plain(from), plain(to), d.Kind, linesWord, lineList(lines))}})
	})
	nw, err := l.b.Build()
	// By line; the sums of one line (a survey row) by from, to and kind.
	slices.SortFunc(dups, func(a, b dup) int {
		if a.w.Line != b.w.Line {
			return a.w.Line - b.w.Line
		}
		if c := strings.Compare(a.from, b.from); c != 0 {
			return c
		}
		if c := strings.Compare(a.to, b.to); c != 0 {
			return c
		}
		return int(a.kind) - int(b.kind)
	})
	for _, d := range dups {
		res.Warnings = append(res.Warnings, d.w)
	}
	var over *network.VolumeOverflowError
	switch {
	case errors.As(err, &over):
		l.overflowErrors(over, at)
	case err != nil:
		l.errs.add(&Error{File: file, Err: err})
	default:
		res.Network = nw
		if !l.opt.NetworkOnly {
			// For the Dataset as read (network.New(res.Dataset) builds
			// the same network).
			res.Dataset.Links = linksByID(nw)
		}
	}
}

// linksByID are the links of nw by id, in its order: strings shared with
// the nodes, no sort.
func linksByID(nw *network.Network) []network.Link {
	nodes, ls := nw.Nodes(), nw.Links()
	out := make([]network.Link, len(ls))
	for i, x := range ls {
		out[i] = network.Link{From: nodes[x.From].ID, To: nodes[x.To].ID, Kind: x.Kind, Volume: x.Volume}
	}
	return out
}

// rowPlace gives the file of a link's row (network.Builder's row) and a
// linkIn with at least its line and volume cell.
type rowPlace func(row int32) (string, *linkIn)

// overflowErrors reports a sum of volumes beyond float64 at the volume
// cell of each row that causes it, naming those rows (lines of a file,
// rows of a sheet) and wrapping the Builder's *network.VolumeOverflowError.
func (l *loader) overflowErrors(over *network.VolumeOverflowError, at rowPlace) {
	what := over.Sum
	if over.ID != "" {
		what += " of " + echo(over.ID)
	}
	of := plural(over.Total, "link", "links")
	if over.Sum == "link volume" {
		of = plural(over.Total, "row", "rows")
	}
	// The rows by file, each file's in their order, for the phrase.
	var files []string
	lines := map[string][]int{}
	for _, r := range over.Links {
		file, in := at(int32(r))
		if _, ok := lines[file]; !ok {
			files = append(files, file)
		}
		lines[file] = append(lines[file], in.line)
	}
	var parts []string
	for _, file := range files {
		ls := lines[file]
		slices.Sort(ls)
		word := "line"
		if strings.Contains(file, sheetSep) {
			word = "row"
		}
		phrase := word + " " + strconv.Itoa(ls[0])
		if len(ls) > 1 {
			phrase = word + "s " + lineList(ls)
		}
		if len(files) > 1 {
			f, sheet := splitSheet(file)
			if sheet != "" {
				f += ":" + sheetRef(sheet)
			}
			phrase += " of " + plain(f)
		}
		parts = append(parts, phrase)
	}
	phrase := strings.Join(parts, ", ")
	for _, r := range over.Links {
		file, in := at(int32(r))
		l.errs.errc(file, in.volLine, in.volCol, ErrBadVolume, over,
			"a volume this large is most likely a typing error or a wrong unit",
			"%s: %v (%s of its %s already do)", what, network.ErrVolumeOverflow, phrase, of)
	}
}

func verb(k network.Kind) string {
	switch k {
	case network.Subcontract:
		return "subcontract for"
	case network.Supply:
		return "supply"
	}
	return "sell to"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func lineList(lines []int) string {
	const most = 10
	parts := make([]string, 0, most+1)
	for i, l := range lines {
		if i == most {
			parts = append(parts, fmt.Sprintf("and %d more", len(lines)-most))
			break
		}
		parts = append(parts, strconv.Itoa(l))
	}
	return strings.Join(parts, ", ")
}
