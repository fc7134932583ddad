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

// rawLink is an accepted link row: its ends by rank (the byte order of
// ids), so that sorting raw links sorts them as SPEC output wants.
type rawLink struct {
	from, to int32
	line     int32
	kind     network.Kind
	vol      float64
}

// linkSink receives the accepted rows and the errors of a run of link
// rows: the whole table, or one chunk of it read in parallel.
type linkSink struct {
	errs    *collector
	raw     []rawLink
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
	// The last from id looked up, by rank: tables are often sorted by
	// from, so the next from is the same id or the next one in id order.
	lastFrom string
	lastRank int32
	// sink keeps the slots read ahead, so that the reads are not
	// optimised away.
	sink uint32
}

// lookup finds an id's rank and type.
func (l *loader) lookup(id string) (int32, network.NodeType, bool) {
	p, ok := l.table.get(id)
	if !ok {
		return 0, 0, false
	}
	return int32(p >> 2), network.NodeType(p & 3), true
}

// lookupFrom is lookup for the from column, trying the last from id and
// the next id in byte order before the map: in a table sorted by from
// that spares most lookups, and the others are sequential in memory.
func (l *loader) lookupFrom(id string, k *linkSink) (int32, network.NodeType, bool) {
	if k.lastFrom != "" {
		r := k.lastRank
		if id != k.lastFrom {
			r++
		}
		if int(r) < len(l.idByRank) && l.idByRank[r] == id {
			k.lastFrom, k.lastRank = id, r
			return r, l.typeByRank[r], true
		}
	}
	r, t, ok := l.lookup(id)
	if ok {
		k.lastFrom, k.lastRank = id, r
	}
	return r, t, ok
}

// addLink checks one row and keeps it. The checks and their order are
// those of SPEC §1: unknown ids, self-link, kind, direction, volume.
func (l *loader) addLink(f *linkFile, in *linkIn, k *linkSink) {
	fi, ft, fok := l.lookupFrom(in.from, k)
	ti, tt, tok := l.lookup(in.to)
	errs := k.errs
	if !fok || !tok {
		for _, end := range []struct {
			id        string
			line, col int
			ok        bool
			name      string
		}{{in.from, in.fromLine, in.fromCol, fok, f.fromName}, {in.to, in.toLine, in.toCol, tok, f.toName}} {
			if end.ok {
				continue
			}
			if end.id == "" {
				errs.errf(f.file, end.line, end.col, ErrUnknownID, "", "empty id in column %s", echo(end.name))
			} else {
				errs.errf(f.file, end.line, end.col, ErrUnknownID, "every id must be in "+l.nodeFiles(),
					"unknown id %s in column %s", echo(end.id), echo(end.name))
			}
		}
		return
	}
	if fi == ti {
		errs.errf(f.file, in.dirLine, in.dirCol, ErrSelfLink, "", "self-link: %s delivers to itself", echo(in.from))
		return
	}
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
	if !network.Allowed(kind, ft, tt) {
		hint := allowedHint
		switch {
		case f.survey:
		case network.Allowed(kind, tt, ft) || (in.kind == "" && network.Allowed(network.DefaultKind(tt, ft), tt, ft)):
			hint = "from and to may be swapped: every link points the way the goods go"
		default: // swapping alone does not make it valid: the kind may be wrong too
			hint = "from and to may be swapped, or the kind is wrong: " + allowedHint
		}
		errs.errf(f.file, in.dirLine, in.dirCol, ErrDirection, hint, "a %s cannot %s a %s (%s %s→%s)",
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
			v, text, err := parseVolume(in.vol, f.rules)
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
	k.raw = append(k.raw, rawLink{from: fi, to: ti, line: int32(in.line), kind: kind, vol: vol})
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
	if !r.fast || len(r.text)-r.pos < least || l.opt.workers == 1 {
		main.raw = make([]rawLink, 0, strings.Count(r.text[r.pos:], "\n")+1)
		l.linkRows(f, tb, r, main)
		l.res.UnknownVolumes += main.unknown
		l.res.Rows = append(l.res.Rows, main.rows...)
		tb.rows, tb.blank = main.records, main.blank
		l.unknownAt = main.unknownAt
		l.probeErrors(tb, f, main.probe)
		l.decimalCommaError(f, main)
		l.finishTable(tb, true, "links")
		l.finishLinks(file, main.raw)
		return
	}
	// Chunks at line ends; each worker counts its own lines from 0.
	workers := l.opt.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
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
				k.raw = make([]rawLink, 0, strings.Count(chunks[c], "\n")+1)
				cr := &reader{fast: true, delim: r.delim, text: chunks[c]}
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
	base := r.line // lines before the first chunk
	parts := make([][]rawLink, len(sinks))
	for c, k := range sinks {
		for _, e := range k.errs.list {
			if errors.Is(e.Err, ErrTooMany) {
				continue
			}
			if e.Line > 0 {
				e.Line += base
			}
			l.errs.add(e)
		}
		for i := range k.raw {
			k.raw[i].line += int32(base)
		}
		parts[c] = k.raw
		l.res.UnknownVolumes += k.unknown
		l.res.Rows = append(l.res.Rows, k.rows...)
		tb.rows += k.records
		tb.blank.merge(k.blank, base)
		l.unknownAt.merge(k.unknownAt, base)
		for j, p := range k.probe {
			main.probe[j].number = main.probe[j].number || p.number
			main.probe[j].other = main.probe[j].other || p.other
		}
		if k.dec.count > 0 && main.dec.count == 0 {
			main.decAt = k.decAt
			main.decAt.volLine += base
		}
		main.dec.merge(k.dec, base)
		base += strings.Count(chunks[c], "\n")
		sinks[c] = nil
	}
	l.probeErrors(tb, f, main.probe)
	l.decimalCommaError(f, main)
	l.finishTable(tb, true, "links")
	l.finishLinks(file, parts...)
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
			mapping = strings.TrimSpace(b.String())
		}
		l.errs.errf(f.file, tb.h.line, f.probe[j]+1, ErrVolumeColumn,
			"if it holds the volumes, map it with --schema FILE where FILE has "+mapping+"; if it does not, delete the column",
			"column %s holds only numbers, but no column is a volume column: every link would weigh 1", echo(name))
	}
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
		var sink uint32
		for i := 0; i < m; i++ {
			sink += l.table.touch(batch[i].to)
		}
		k.sink += sink
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
		*in = linkIn{line: line, fromCol: fi + 1, toCol: ti + 1, dirCol: fi + 1}
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

// finishLinks sums the rows with the same from, to and kind (in file
// order) into the dataset's links, sorted by from, to, kind, with a
// warning for each sum. The rows come in parts, in file order; large
// sets are summed by several goroutines, each over whole groups.
func (l *loader) finishLinks(file string, parts ...[]rawLink) {
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
	raw := sortRaw(parts, len(l.idByRank))
	workers := l.opt.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if len(raw) < 1<<16 {
		workers = 1
	}
	same := func(a, b rawLink) bool { return a.from == b.from && a.to == b.to && a.kind == b.kind }
	// Ranges of whole groups, one per worker.
	cuts := []int{0}
	for w := 1; w < workers; w++ {
		c := max(len(raw)*w/workers, cuts[len(cuts)-1])
		for c > 0 && c < len(raw) && same(raw[c-1], raw[c]) {
			c++
		}
		cuts = append(cuts, c)
	}
	cuts = append(cuts, len(raw))
	// Count the links of each range, then fill each range's share.
	counts := make([]int, workers+1)
	parallel(workers, func(w int) {
		for i := cuts[w]; i < cuts[w+1]; i++ {
			if i == cuts[w] || !same(raw[i-1], raw[i]) {
				counts[w+1]++
			}
		}
	})
	for w := 0; w < workers; w++ {
		counts[w+1] += counts[w]
	}
	links := make([]network.Link, counts[workers])
	dups := make([][]Warning, workers)
	dupRows := make([]int, workers)
	ids := l.idByRank
	linesWord := "lines"
	if strings.Contains(file, sheetSep) {
		linesWord = "rows"
	}
	parallel(workers, func(w int) {
		out := links[counts[w]:counts[w+1]]
		k := 0
		for i := cuts[w]; i < cuts[w+1]; {
			a := raw[i]
			vol := 0.0
			vol += a.vol
			j := i + 1
			for ; j < cuts[w+1] && same(raw[j], a); j++ {
				vol += raw[j].vol
			}
			from, to := ids[a.from], ids[a.to]
			out[k] = network.Link{From: from, To: to, Kind: a.kind, Volume: vol}
			k++
			if j-i > 1 {
				dupRows[w] += j - i - 1
				lines := make([]int, j-i)
				for m := range lines {
					lines[m] = int(raw[i+m].line)
				}
				dups[w] = append(dups[w], Warning{File: file, Line: lines[len(lines)-1], Message: fmt.Sprintf(
					"%d rows for %s → %s (%s) summed into one link (%s %s)", len(lines), plain(from), plain(to), a.kind, linesWord, lineList(lines))})
			}
			i = j
		}
	})
	res.Dataset.Links = links
	var all []Warning
	for w := range dups {
		all = append(all, dups[w]...)
		res.DuplicateRows += dupRows[w]
	}
	slices.SortStableFunc(all, func(a, b Warning) int { return a.Line - b.Line })
	res.Warnings = append(res.Warnings, all...)
}

// parallel runs f(0), …, f(n-1) at once and waits for them.
func parallel(n int, f func(int)) {
	if n == 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w)
		}()
	}
	wg.Wait()
}

// sortRaw returns the rows of parts (in file order) sorted by from, to,
// kind and line. Rows arrive in line order, so a stable counting sort by
// from (n ranks) followed by a stable sort of each from's (usually few)
// rows by to and kind does it in about linear time.
func sortRaw(parts [][]rawLink, n int) []rawLink {
	total, sorted := 0, true
	var prev *rawLink
	for _, p := range parts {
		total += len(p)
		for i := range p {
			if sorted && prev != nil && cmpRaw(*prev, p[i]) > 0 {
				sorted = false
			}
			prev = &p[i]
		}
	}
	if sorted {
		if len(parts) == 1 {
			return parts[0]
		}
		return slices.Concat(parts...)
	}
	start := make([]int32, n+1)
	for _, p := range parts {
		for _, r := range p {
			start[r.from+1]++
		}
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	out := make([]rawLink, total)
	next := slices.Clone(start[:n])
	for _, p := range parts {
		for _, r := range p {
			out[next[r.from]] = r
			next[r.from]++
		}
	}
	for i := 0; i < n; i++ {
		group := out[start[i]:start[i+1]]
		if len(group) < 2 {
			continue
		}
		if len(group) <= 16 {
			for a := 1; a < len(group); a++ { // insertion sort: stable
				for b := a; b > 0 && cmpRaw(group[b-1], group[b]) > 0; b-- {
					group[b-1], group[b] = group[b], group[b-1]
				}
			}
			continue
		}
		slices.SortStableFunc(group, cmpRaw)
	}
	return out
}

func cmpRaw(a, b rawLink) int {
	switch {
	case a.from != b.from:
		return int(a.from) - int(b.from)
	case a.to != b.to:
		return int(a.to) - int(b.to)
	case a.kind != b.kind:
		return int(a.kind) - int(b.kind)
	}
	return int(a.line) - int(b.line)
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
