package loaders

import (
	"regexp"
	"strconv"
	"strings"
	"unsafe"
)

// UCINET's DL text format, full matrix layout (format = fullmatrix, the
// default), as UCINET's documentation describes it:
//
//	dl n=3 format=fullmatrix
//	labels:
//	yiwu-001,yiwu-002,yiwu-ccc
//	data:
//	0 47.8 120
//	0 0 300
//	0 0 0
//
// Keywords are matched ignoring case; n gives a square matrix, nr and nc
// a rectangular one (with "row labels:" and "column labels:"). Labels are
// separated by commas, spaces or line ends, a label with spaces in double
// quotes; without labels the nodes are numbered 1…n. With "labels
// embedded" the data begins with the column labels and every row with
// its label. Values are separated by spaces, commas or line ends. Other
// formats (edgelist1, nodelist1), several matrices (nm > 1) and
// "diagonal = absent" are reported as not read.

// maxDLCells bounds the cells of a DL matrix: a full matrix has n² of
// them, and 1e8 cells is already more text than any real one.
const maxDLCells = 100_000_000

var (
	dlPair    = regexp.MustCompile(`(?i)\b(n|nr|nc|nm|format|diagonal)\s*=\s*([^\s,]+)`)
	dlLabels  = regexp.MustCompile(`(?i)^(row\s+|column\s+|col\s+|matrix\s+)?labels\s*:(.*)$`)
	dlEmbed   = regexp.MustCompile(`(?i)\blabels\s+embedded\b`)
	dlData    = regexp.MustCompile(`(?i)^data\s*:(.*)$`)
	dlKeyword = regexp.MustCompile(`(?i)^(dl\b|(n|nr|nc|nm|format|diagonal)\s*=|((row|column|col|matrix)\s+)?labels\b|data\s*:)`)
)

// dlToken is a label or value with its place.
type dlToken struct {
	text      string
	line, col int // col: the token's place on its line, 1-based
}

// splitDL splits text into tokens at commas, spaces and tabs, with
// double quotes around a token that holds them.
func splitDL(text string, line int, out []dlToken) []dlToken {
	col := 0
	for i := 0; i < len(text); {
		c := text[i]
		if c == ' ' || c == '\t' || c == ',' || c == '\r' {
			i++
			continue
		}
		col++
		if c == '"' {
			j := strings.IndexByte(text[i+1:], '"')
			if j < 0 {
				out = append(out, dlToken{text[i+1:], line, col})
				return out
			}
			out = append(out, dlToken{text[i+1 : i+1+j], line, col})
			i += j + 2
			continue
		}
		j := i
		for j < len(text) && text[j] != ' ' && text[j] != '\t' && text[j] != ',' && text[j] != '\r' {
			j++
		}
		out = append(out, dlToken{text[i:j], line, col})
		i = j
	}
	return out
}

// openDL reads a DL file as a matrix.
func (l *loader) openDL(file string, m *Matrix) (*matrixCells, func(func(*matrixRow)) bool) {
	data, ok := l.open(file, true)
	if !ok {
		return nil, nil
	}
	b, enc, ok := decode(file, data, l.opt.Encoding, l.errs)
	if !ok {
		return nil, nil
	}
	l.res.Inputs = append(l.res.Inputs, Input{File: file, Encoding: enc, Delimiter: "DL"})
	var body string
	if len(b) > 0 {
		body = unsafe.String(&b[0], len(b))
	}
	bad := func(line, col int, hint, format string, a ...any) (*matrixCells, func(func(*matrixRow)) bool) {
		l.errs.errf(file, line, col, ErrMatrix, hint, format, a...)
		return nil, nil
	}
	lines := strings.Split(body, "\n")
	n, nr, nc, nm := -1, -1, -1, 1
	embedded := false
	var labels, rowLabels, colLabels []dlToken
	var block *[]dlToken // the label list being read
	dataLine := -1
	var dataRest string
	started := false
	for i, ln := range lines {
		t := strings.TrimSpace(ln)
		if t == "" {
			continue
		}
		if !started {
			if !dlKeyword.MatchString(t) || !strings.HasPrefix(strings.ToLower(t), "dl") {
				return bad(i+1, 0, "a DL file begins with a line like: dl n=3 format=fullmatrix", "not a UCINET DL file: the first line does not begin with dl")
			}
			started = true
		}
		if dlKeyword.MatchString(t) {
			block = nil
			if mm := dlData.FindStringSubmatch(t); mm != nil {
				dataLine, dataRest = i, mm[1]
				break
			}
			if mm := dlLabels.FindStringSubmatch(t); mm != nil {
				switch strings.ToLower(strings.TrimSpace(mm[1])) {
				case "":
					block = &labels
				case "row":
					block = &rowLabels
				case "column", "col":
					block = &colLabels
				default:
					return bad(i+1, 0, "one matrix per file, its kind from the schema", "matrix labels: several matrices (nm) are not read")
				}
				*block = splitDL(mm[2], i+1, *block)
				continue
			}
			if dlEmbed.MatchString(t) {
				embedded = true
			}
			for _, p := range dlPair.FindAllStringSubmatch(t, -1) {
				key, val := strings.ToLower(p[1]), strings.ToLower(p[2])
				switch key {
				case "format":
					if val != "fullmatrix" && val != "fm" {
						return bad(i+1, 0, "save the matrix as format = fullmatrix", "format %s is not read (only fullmatrix)", echo(p[2]))
					}
				case "diagonal":
					if val != "present" {
						return bad(i+1, 0, "save the matrix with its diagonal", "diagonal = %s is not read", echo(p[2]))
					}
				default:
					v, err := strconv.Atoi(val)
					if err != nil || v < 1 || v > maxDLCells {
						return bad(i+1, 0, "n, nr and nc are the numbers of nodes", "%s = %s is not a count", key, echo(p[2]))
					}
					switch key {
					case "n":
						n = v
					case "nr":
						nr = v
					case "nc":
						nc = v
					case "nm":
						nm = v
					}
				}
			}
			continue
		}
		if block == nil {
			return bad(i+1, 1, "the keywords are n, nr, nc, format, labels, row labels, column labels, labels embedded and data", "%s is not a DL keyword", echo(t))
		}
		*block = splitDL(ln, i+1, *block)
		if len(*block) > maxDLCells {
			return bad(i+1, 0, "", "too many labels")
		}
	}
	if dataLine < 0 {
		return bad(len(lines), 0, "the values follow a line data:", "no data: line")
	}
	if nm != 1 {
		return bad(1, 0, "one matrix per file, its kind from the schema", "nm = %d: several matrices are not read", nm)
	}
	switch {
	case n > 0:
		nr, nc = n, n
	case nr < 0 || nc < 0:
		return bad(1, 0, "dl n=3 for a square matrix, dl nr=2 nc=3 for a rectangular one", "no n (or nr and nc)")
	}
	if int64(nr)*int64(nc) > maxDLCells {
		return bad(1, 0, "", "%d × %d cells: more than %s", nr, nc, thousands(maxDLCells))
	}
	if len(labels) > 0 {
		if n < 0 {
			return bad(labels[0].line, 0, "a rectangular matrix has row labels: and column labels:", "labels: in a matrix of nr rows and nc columns")
		}
		rowLabels, colLabels = labels, labels
	}
	// The data tokens, after "data:".
	var toks []dlToken
	toks = splitDL(dataRest, dataLine+1, toks)
	for i := dataLine + 1; i < len(lines); i++ {
		toks = splitDL(lines[i], i+1, toks)
		if len(toks) > 2*maxDLCells {
			return bad(i+1, 0, "", "too many values")
		}
	}
	if embedded {
		if len(toks) < nc {
			return bad(dataLine+1, 0, "with labels embedded, the data begin with the column labels", "fewer than %d column labels", nc)
		}
		colLabels, toks = toks[:nc], toks[nc:]
		rowLabels = nil
		if len(toks) != nr*(nc+1) {
			return bad(lastLine(toks, dataLine+1), 0, "each row is its label and its values", "%d values and row labels after the column labels, want %d rows of 1 label and %d values", len(toks), nr, nc)
		}
	} else if len(toks) != nr*nc {
		return bad(lastLine(toks, dataLine+1), 0, "a full matrix has nr × nc values", "%d values, want %d × %d = %d", len(toks), nr, nc, nr*nc)
	}
	if n < 0 && !embedded && (rowLabels == nil || colLabels == nil) {
		return bad(1, 0, "the rows and the columns of a rectangular matrix are different nodes: name them", "a rectangular matrix without row labels: and column labels:")
	}
	number := func(k int) []dlToken {
		out := make([]dlToken, k)
		for i := range out {
			out[i] = dlToken{text: strconv.Itoa(i + 1)}
		}
		return out
	}
	if rowLabels == nil && !embedded {
		rowLabels = number(nr)
	}
	if colLabels == nil {
		colLabels = number(nc)
	}
	if len(colLabels) != nc || (!embedded && len(rowLabels) != nr) {
		return bad(firstLine(colLabels, 1), 0, "one label per row and per column", "%d row labels and %d column labels for %d rows and %d columns",
			len(rowLabels), len(colLabels), nr, nc)
	}
	mc := &matrixCells{file: file, headerLine: firstLine(colLabels, dataLine+1), rules: numberRules{commaGrouping: false, decimalComma: false}}
	for _, c := range colLabels {
		mc.cols = append(mc.cols, text(c.text))
		line := c.line
		if line == 0 {
			line = mc.headerLine
		}
		mc.colLine = append(mc.colLine, line)
		mc.colAt = append(mc.colAt, c.col)
	}
	rows := func(f func(*matrixRow)) bool {
		var mr matrixRow
		for r := 0; r < nr; r++ {
			var vals []dlToken
			var id dlToken
			if embedded {
				row := toks[r*(nc+1) : (r+1)*(nc+1)]
				id, vals = row[0], row[1:]
			} else {
				id, vals = rowLabels[r], toks[r*nc:(r+1)*nc]
			}
			mr = matrixRow{id: text(id.text), idLine: id.line, idCol: id.col, cells: mr.cells[:0], lines: mr.lines[:0], cols: mr.cols[:0]}
			if mr.idLine == 0 && len(vals) > 0 {
				mr.idLine = vals[0].line
			}
			for _, v := range vals {
				mr.cells = append(mr.cells, v.text)
				mr.lines = append(mr.lines, v.line)
				mr.cols = append(mr.cols, v.col)
			}
			f(&mr)
		}
		return true
	}
	return mc, rows
}

func firstLine(t []dlToken, def int) int {
	if len(t) > 0 && t[0].line > 0 {
		return t[0].line
	}
	return def
}

func lastLine(t []dlToken, def int) int {
	if len(t) > 0 {
		return t[len(t)-1].line
	}
	return def
}
