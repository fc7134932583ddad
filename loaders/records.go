package loaders

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unsafe"
)

// source is one input file decoded to UTF-8 text, with its delimiter.
type source struct {
	file     string
	text     string
	comma    byte
	encoding string
	// sheet is set for a sheet of a workbook: the text is empty.
	sheet bool
	// decimalComma: numbers are written 1.234,5 (Options.DecimalComma).
	decimalComma bool
	// sniffed says how the delimiter was chosen ("" when forced).
	sniffed string
}

// Input says how one file was read, for `clusterchain validate`.
type Input struct {
	File string
	// Sheet is the sheet of a workbook; then Encoding says so and
	// Delimiter is empty.
	Sheet     string
	Encoding  string // e.g. "UTF-8", "GB18030 (not UTF-8)", "UTF-16LE with BOM"
	Delimiter string // ",", ";", "tab" or "|"
	// Sniffed is empty when the delimiter was given, else how it was
	// chosen.
	Sniffed string
}

func (in Input) String() string {
	if in.Sheet != "" {
		return where(in.File, in.Sheet, 0, 0) + ": " + in.Encoding
	}
	switch in.Delimiter {
	case "DL", "GEXF", "GraphML", "Pajek":
		return fmt.Sprintf("%s: %s, %s", in.File, in.Encoding, map[string]string{"DL": "UCINET DL"}[in.Delimiter]+
			strings.TrimPrefix(in.Delimiter, "DL"))
	}
	s := fmt.Sprintf("%s: %s, %s-separated", in.File, in.Encoding, quoteDelim(in.Delimiter))
	if in.Sniffed != "" {
		s += " (" + in.Sniffed + ")"
	}
	return s
}

func quoteDelim(d string) string {
	if d == "tab" {
		return d
	}
	return "'" + d + "'"
}

func delimName(c byte) string {
	if c == '\t' {
		return "tab"
	}
	return string(c)
}

// openSource decodes data and chooses its delimiter.
func openSource(file string, data []byte, opt *Options, res *Result, errs *collector) (*source, bool) {
	b, enc, ok := decode(file, data, opt.Encoding, errs)
	if !ok {
		return nil, false
	}
	// b is the caller's own copy of the file (fs.ReadFile) or a decoder's
	// output, and nothing writes to it: it becomes the text without a
	// second copy of a file that may be 100 MB.
	var text string
	if len(b) > 0 {
		text = unsafe.String(&b[0], len(b))
	}
	s := &source{file: file, text: text, encoding: enc, decimalComma: opt.DecimalComma}
	if opt.Delimiter != 0 {
		s.comma = opt.Delimiter
	} else {
		var warn string
		s.comma, s.sniffed, warn = sniff(s.text)
		if warn != "" {
			res.Warnings = append(res.Warnings, Warning{File: file, Message: warn})
		}
	}
	res.Inputs = append(res.Inputs, Input{File: file, Encoding: enc, Delimiter: delimName(s.comma), Sniffed: s.sniffed})
	return s, true
}

// reader yields the records of a source with the physical line of each
// field. When the text holds no double quote, every line is a record and
// the reader splits lines itself (the fast path), with exactly the
// results of encoding/csv: CRLF and a final CR are dropped, empty lines
// skipped, fields kept as written. Otherwise it is encoding/csv with
// ReuseRecord.
type reader struct {
	// fast path
	fast  bool
	delim byte
	text  string
	pos   int
	line  int // physical line of the last record
	rec   []string
	// encoding/csv path
	cr *csv.Reader
	// a workbook's sheet, or pending: rows read ahead (the header search)
	// given back before the sheet's next
	sheet   *sheetReader
	pending []sheetRow
}

type sheetRow struct {
	cells []string
	row   int
}

func newReader(s *source, noFast bool) *reader {
	if !noFast && strings.IndexByte(s.text, '"') < 0 {
		return &reader{fast: true, delim: s.comma, text: s.text}
	}
	cr := csv.NewReader(strings.NewReader(s.text))
	cr.Comma = rune(s.comma)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return &reader{cr: cr, text: s.text}
}

// next returns the next record. The slice is reused by the next call;
// the strings are not.
func (r *reader) next() ([]string, error) {
	if r.sheet != nil {
		if len(r.pending) > 0 {
			p := r.pending[0]
			r.pending = r.pending[1:]
			r.line = p.row
			return p.cells, nil
		}
		cells, row, err := r.sheet.read()
		r.line = row
		return cells, err
	}
	if !r.fast {
		return r.cr.Read()
	}
	for r.pos < len(r.text) {
		rest := r.text[r.pos:]
		end := strings.IndexByte(rest, '\n')
		var ln string
		if end < 0 {
			ln = rest
			r.pos = len(r.text)
		} else {
			ln = rest[:end]
			r.pos += end + 1
		}
		r.line++
		if n := len(ln); n > 0 && ln[n-1] == '\r' {
			ln = ln[:n-1]
		}
		if ln == "" {
			continue
		}
		r.rec = r.rec[:0]
		for {
			i := strings.IndexByte(ln, r.delim)
			if i < 0 {
				r.rec = append(r.rec, ln)
				break
			}
			r.rec = append(r.rec, ln[:i])
			ln = ln[i+1:]
		}
		return r.rec, nil
	}
	return nil, io.EOF
}

// fieldLine is the physical line of field i of the last record.
func (r *reader) fieldLine(i int) int {
	if r.fast || r.sheet != nil {
		return r.line
	}
	l, _ := r.cr.FieldPos(i)
	return l
}

// csvError turns an encoding/csv error in s into an Error. A quoted
// value that is never closed is reported where its quote opens: the
// reader only finds out at the end of the file.
func csvError(s *source, err error) *Error {
	var le *Error
	if errors.As(err, &le) {
		return le
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrQuote) {
			if line, col, ok := openQuote(s.text, s.comma, pe.StartLine); ok {
				return &Error{File: s.file, Line: line, Column: col,
					Err:  &detail{ErrSyntax, "a quoted value opens here and is never closed"},
					Hint: "end the value with a double quote; a double quote inside a quoted value is written twice (\"\")"}
			}
		}
		return &Error{File: s.file, Line: pe.Line, Err: &detail{ErrSyntax, pe.Err.Error()},
			Hint: "a double quote inside a quoted value is written twice (\"\")"}
	}
	return &Error{File: s.file, Err: err}
}

// openQuote reads text from the start of line start as encoding/csv
// does and reports where a quoted field that runs to the end of the text
// opens: its line and field number.
func openQuote(text string, delim byte, start int) (line, col int, ok bool) {
	i := 0
	for l := 1; l < start; l++ {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			return 0, 0, false
		}
		i += j + 1
	}
	line, col = start, 1
	atStart := true
	for i < len(text) {
		c := text[i]
		if atStart && c == '"' {
			qline, qcol := line, col
			closed := false
			for i++; i < len(text); i++ {
				if text[i] == '\n' {
					line++
				} else if text[i] == '"' {
					if i+1 < len(text) && text[i+1] == '"' {
						i++
						continue
					}
					closed = true
					i++
					break
				}
			}
			if !closed {
				return qline, qcol, true
			}
			atStart = false
			continue
		}
		switch c {
		case delim:
			col++
			atStart = true
		case '\n':
			line, col = line+1, 1
			atStart = true
		default:
			atStart = false
		}
		i++
	}
	return 0, 0, false
}

// numbers are the number rules of the source's cells: a comma groups
// thousands except in a ;-separated file (where it may be a European
// decimal comma) and with a decimal comma; percent allows 35%.
func (s *source) numbers(percent bool) numberRules {
	return numberRules{percent: percent, commaGrouping: s.comma != ';' && !s.decimalComma, decimalComma: s.decimalComma}
}

// fieldCountError reports a row with more cells than the header.
func fieldCountError(errs *collector, s *source, line, n, got int) {
	if s.sheet {
		errs.errf(s.file, line, n+1, ErrFieldCount, "give the column a header, or clear its cells",
			"a value in column %s, which has no header (the header ends at column %s)", ColumnName(n+1), ColumnName(n))
		return
	}
	errs.errf(s.file, line, n+1, ErrFieldCount, delimHint(s), "%d fields, but the header has %d", got, n)
}

// suggestDecimal reports whether volumes that are numbers only with a
// decimal comma are reported once for the file, with --decimal-comma
// suggested: in a text file separated by ;, tab or |, as a European
// Excel writes them.
func (s *source) suggestDecimal() bool { return !s.sheet && !s.decimalComma && s.comma != ',' }
