package loaders

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Error is one problem in an input file, at a 1-based physical line and a
// 1-based column (the field number: A = 1, B = 2). In a workbook, Sheet
// names the sheet, Line is the row and Column the column, and the place
// reads as Excel writes a cell: survey.xlsx:links!D14 (a whole row:
// links!14:14).
type Error struct {
	File         string
	Sheet        string
	Line, Column int
	Err          error
	// Hint, if not empty, suggests a fix.
	Hint string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(where(e.File, e.Sheet, e.Line, e.Column))
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	if e.Hint != "" {
		fmt.Fprintf(&b, " (hint: %s)", e.Hint)
	}
	return b.String()
}

// Unwrap returns the underlying error, for errors.Is.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is every problem found, in file order, then line and column.
type ErrorList []*Error

func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Sentinel errors, wrapped by the Err of an Error.
var (
	ErrMissingFile     = errors.New("file missing")
	ErrMissingColumn   = errors.New("missing required column")
	ErrDuplicateColumn = errors.New("duplicate column")
	ErrDuplicateID     = errors.New("duplicate id")
	ErrEmptyID         = errors.New("empty id")
	ErrUnknownID       = errors.New("unknown id")
	ErrSelfLink        = errors.New("self-link")
	ErrBadVolume       = errors.New("bad volume")
	ErrBadKind         = errors.New("unknown link kind")
	ErrDirection       = errors.New("link not allowed in this direction")
	ErrEncoding        = errors.New("cannot decode text")
	ErrBadNumber       = errors.New("bad number")
	ErrSchema          = errors.New("bad schema")
	ErrSurvey          = errors.New("bad survey cell")
	ErrFieldCount      = errors.New("wrong number of fields")
	ErrSyntax          = errors.New("CSV syntax error")
	ErrTooMany         = errors.New("too many errors")
	ErrNotRegular      = errors.New("not a regular file")
	ErrOutsideLink     = errors.New("symbolic link out of the dataset directory")
	ErrTooLarge        = errors.New("file too large")
	ErrNoRows          = errors.New("no rows")
	ErrVolumeColumn    = errors.New("volumes under an unknown header")
	ErrWorkbook        = errors.New("unreadable workbook")
	ErrDecimalComma    = errors.New("decimal commas")
	ErrGraph           = errors.New("bad graph file")
	ErrMatrix          = errors.New("bad matrix")
)

// Warning is a problem that does not stop loading.
type Warning struct {
	File string
	// Sheet is the workbook sheet, or "" in a text file.
	Sheet string
	// Line is 0 for a warning about the whole file (in a sheet: the row).
	Line    int
	Message string
}

func (w Warning) String() string {
	return where(w.File, w.Sheet, w.Line, 0) + ": " + w.Message
}

// where is the place of an error or warning: file:line:column in a text
// file, file:sheet!D14 (or file:sheet!14:14 for a row) in a workbook.
func where(file, sheet string, line, col int) string {
	if sheet == "" {
		switch {
		case line > 0 && col > 0:
			return fmt.Sprintf("%s:%d:%d", file, line, col)
		case line > 0:
			return fmt.Sprintf("%s:%d", file, line)
		}
		return file
	}
	s := file + ":" + sheetRef(sheet)
	switch {
	case line > 0 && col > 0:
		s += "!" + ColumnName(col) + strconv.Itoa(line)
	case line > 0:
		s += fmt.Sprintf("!%d:%d", line, line)
	}
	return s
}

// sheetRef writes a sheet name as a cell reference does: as it is when it
// is letters, digits, "_" and ".", else in single quotes with a quote
// doubled ('my sheet'!A1), and through plain, so that control characters
// show as escapes.
func sheetRef(name string) string {
	simple := name != ""
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.') {
			simple = false
			break
		}
	}
	if simple {
		return plain(name)
	}
	return plain("'" + strings.ReplaceAll(name, "'", "''") + "'")
}

// ColumnName is the spreadsheet name of a 1-based column: 1 is A, 27 AA.
func ColumnName(col int) string {
	if col <= 0 {
		return ""
	}
	var b []byte
	for ; col > 0; col = (col - 1) / 26 {
		b = append(b, byte('A'+(col-1)%26))
	}
	slices.Reverse(b)
	return string(b)
}

// A table read from a sheet of a workbook is named inside the loader by
// the workbook's file name and the sheet's name joined by a NUL byte
// (which no file name holds); errors and warnings are split into File
// and Sheet when they are reported.
const sheetSep = "\x00"

func sheetFile(book, sheet string) string { return book + sheetSep + sheet }

// splitSheet splits a table's name into file and sheet.
func splitSheet(name string) (file, sheet string) {
	file, sheet, _ = strings.Cut(name, sheetSep)
	return file, sheet
}

// collector gathers errors up to a limit.
type collector struct {
	list ErrorList
	max  int
	full bool
	// order ranks files by when they were first read, for sorting.
	order map[string]int
}

// rank notes that file is being read.
func (c *collector) rank(file string) {
	if c.order == nil {
		c.order = map[string]int{}
	}
	if !strings.Contains(file, sheetSep) {
		file += sheetSep
	}
	if _, ok := c.order[file]; !ok {
		c.order[file] = len(c.order)
	}
}

// sorted returns the errors in file order (the order files were read),
// then line and column, with the "too many errors" note last.
func (c *collector) sorted() ErrorList {
	l := c.list
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if errors.Is(a.Err, ErrTooMany) != errors.Is(b.Err, ErrTooMany) {
			return errors.Is(b.Err, ErrTooMany)
		}
		if fa, fb := c.order[a.File+sheetSep+a.Sheet], c.order[b.File+sheetSep+b.Sheet]; fa != fb {
			return fa < fb
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return l
}

func (c *collector) add(e *Error) {
	if c.full {
		return
	}
	if e.Sheet == "" {
		e.File, e.Sheet = splitSheet(e.File)
	}
	if len(c.list) >= c.max {
		c.list = append(c.list, &Error{File: e.File, Sheet: e.Sheet, Err: fmt.Errorf("%w: stopped after %d", ErrTooMany, c.max)})
		c.full = true
		return
	}
	c.list = append(c.list, e)
}

// detail is a message that wraps a sentinel error without repeating it.
type detail struct {
	sentinel error
	msg      string
}

func (d *detail) Error() string { return d.msg }
func (d *detail) Unwrap() error { return d.sentinel }

func (c *collector) errf(file string, line, col int, sentinel error, hint, format string, a ...any) {
	c.add(&Error{File: file, Line: line, Column: col, Err: &detail{sentinel, fmt.Sprintf(format, a...)}, Hint: hint})
}
