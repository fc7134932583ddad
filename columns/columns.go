package columns

import (
	"math"
	"strconv"
	"strings"

	"clusterchain/network"
)

// Type is what a column holds.
type Type uint8

// The column types. Text, ID, IDList and Bool are text columns: written
// as text, never the subject of a numeric threshold. Int, Long and Float
// are numbers.
const (
	// Text is text for people: a name, a node type.
	Text Type = iota + 1
	// ID is an identifier (a node or cluster id): text that must stay
	// distinct from every other id in every output.
	ID
	// IDList is a list of ids: joined by ";" in CSV, an array in JSON.
	IDList
	// Bool is true or false.
	Bool
	// Int is an integer below 2³¹ on any network clusterchain can hold.
	Int
	// Long is an integer that can pass 2³¹ on large networks (the
	// brokerage counts); exchange formats declare it 64-bit.
	Long
	// Float is an IEEE double.
	Float
	// Attrs are the optional columns of an input table, key → text. Only
	// report.json has them, as an object.
	Attrs
)

var typeNames = [...]string{Text: "text", ID: "id", IDList: "id list", Bool: "bool",
	Int: "int", Long: "long", Float: "float", Attrs: "attributes"}

func (t Type) String() string {
	if int(t) < len(typeNames) && typeNames[t] != "" {
		return typeNames[t]
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Numeric reports whether the column holds numbers (Int, Long, Float).
func (t Type) Numeric() bool { return t == Int || t == Long || t == Float }

// Value is one cell: which field holds it depends on the column's Type.
type Value struct {
	// Null marks a value that is undefined for the row: an empty CSV
	// cell, null in JSON, a left-out attribute in GEXF and GraphML.
	Null bool
	// Text holds Text and ID values.
	Text string
	// Int holds Int, Long and Bool (0 or 1) values.
	Int int64
	// Float holds Float values.
	Float float64
	// List holds IDList values.
	List []string
	// Attrs holds Attrs values.
	Attrs []network.Attr
}

// Column is one column of an output table.
type Column struct {
	// Name is the CSV header and the report.json field name.
	Name string
	Type Type
	// Key marks the leading columns that identify a row.
	Key bool
	// Nullable marks a column whose value can be undefined for a row
	// (Value.Null).
	Nullable bool
	// Volume marks a column in the dataset's volume unit (the unit of
	// links.csv's volume column), which a report prints beside it.
	Volume bool
	// JSONOnly marks a column that report.json has but the CSV table
	// does not (the input attributes).
	JSONOnly bool
	// Description says in one sentence, in plain words, what the value is.
	Description string
	// Formula defines the value (Unicode mathematics, SPEC's notation);
	// empty for plain data such as ids and names.
	Formula string
	// Reference names the call of a trusted tool that gives the same
	// value (NetworkX 2.8 on G unless it says otherwise, or R's sna);
	// empty when there is none and the figure is checked by hand.
	Reference string
	// Spec is the SPEC section that fixes the column, e.g. "§2".
	Spec string

	// The getter of the column's type: text for Text and ID (false for
	// an undefined value), int for Int, Long and Bool (false for an
	// undefined value), float for Float (NaN is undefined in a Nullable
	// column), list for IDList, attrs for Attrs. Typed getters keep the
	// CSV writer from building a Value per cell.
	text  func(a *network.Analysis, row int) (string, bool)
	int   func(a *network.Analysis, row int) (int64, bool)
	float func(a *network.Analysis, row int) float64
	list  func(a *network.Analysis, row int) []string
	attrs func(a *network.Analysis, row int) []network.Attr
	// when, if set, says whether an analysis has the column at all.
	when func(a *network.Analysis) bool
}

// In reports whether analysis a has the column (most columns are in
// every analysis; some only in some runs).
func (c Column) In(a *network.Analysis) bool { return c.when == nil || c.when(a) }

// Always reports whether every analysis has the column.
func (c Column) Always() bool { return c.when == nil }

// Value returns the column's value in row row of analysis a.
func (c *Column) Value(a *network.Analysis, row int) Value {
	switch c.Type {
	case Text, ID:
		s, ok := c.text(a, row)
		return Value{Text: s, Null: !ok}
	case Bool, Int, Long:
		n, ok := c.int(a, row)
		return Value{Int: n, Null: !ok}
	case Float:
		x := c.float(a, row)
		return Value{Float: x, Null: c.Nullable && math.IsNaN(x)}
	case IDList:
		return Value{List: c.list(a, row)}
	case Attrs:
		return Value{Attrs: c.attrs(a, row)}
	}
	return Value{Null: true}
}

// Cell returns the value as text, the way the CSV tables and the exchange
// formats write it before any escaping: numbers in Go's shortest
// round-trip form (FormatFloat), true/false, ids of an IDList joined by
// ";", and an empty string for an undefined value. Attrs have no cell.
func (c *Column) Cell(a *network.Analysis, row int) string {
	switch c.Type {
	case Text, ID:
		s, _ := c.text(a, row)
		return s
	case Int, Long:
		if n, ok := c.int(a, row); ok {
			return strconv.FormatInt(n, 10)
		}
		return ""
	case Float:
		x := c.float(a, row)
		if c.Nullable && math.IsNaN(x) {
			return ""
		}
		return FormatFloat(x)
	case Bool:
		if n, ok := c.int(a, row); ok {
			return strconv.FormatBool(n != 0)
		}
		return ""
	case IDList:
		return strings.Join(c.list(a, row), ";")
	}
	return ""
}

// Format writes v, a value of c, as Cell does.
func (c *Column) Format(v Value) string {
	if v.Null {
		return ""
	}
	switch c.Type {
	case Text, ID:
		return v.Text
	case IDList:
		return strings.Join(v.List, ";")
	case Bool:
		return strconv.FormatBool(v.Int != 0)
	case Int, Long:
		return strconv.FormatInt(v.Int, 10)
	case Float:
		return FormatFloat(v.Float)
	}
	return ""
}

// FormatFloat writes x in the shortest form that reads back to the same
// value (SPEC §3): strconv.FormatFloat(x, 'g', -1, 64).
func FormatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Table is one output table.
type Table struct {
	// Name is the file name, e.g. "nodes.csv".
	Name string
	// Object is the field of report.json that holds the table's rows.
	Object string
	// Description says what one row is and how rows are sorted.
	Description string
	cols        []Column
	rows        func(a *network.Analysis) int
}

// Rows returns the number of rows of the table in analysis a.
func (t Table) Rows(a *network.Analysis) int { return t.rows(a) }

// All returns every column the table can have, in order, JSON-only
// columns and columns present only in some runs included.
func (t Table) All() []Column { return append([]Column(nil), t.cols...) }

// Columns returns the CSV columns of the table in analysis a, in order:
// every column that a has, without the JSON-only ones.
func (t Table) Columns(a *network.Analysis) []Column {
	out := make([]Column, 0, len(t.cols))
	for _, c := range t.cols {
		if !c.JSONOnly && c.In(a) {
			out = append(out, c)
		}
	}
	return out
}

// JSONColumns returns the fields of the table's report.json objects in
// analysis a, in order.
func (t Table) JSONColumns(a *network.Analysis) []Column {
	out := make([]Column, 0, len(t.cols))
	for _, c := range t.cols {
		if c.In(a) {
			out = append(out, c)
		}
	}
	return out
}

// Header returns the CSV header of the table in analysis a. With a nil
// analysis it is the header of the columns every analysis has.
func (t Table) Header(a *network.Analysis) []string {
	var h []string
	for _, c := range t.cols {
		if !c.JSONOnly && (c.Always() || a != nil && c.In(a)) {
			h = append(h, c.Name)
		}
	}
	return h
}

// Keys returns the number of key columns, which lead the table.
func (t Table) Keys() int {
	n := 0
	for _, c := range t.cols {
		if c.Key {
			n++
		}
	}
	return n
}

// Column returns the column of the table with the given name.
func (t Table) Column(name string) (Column, bool) {
	for _, c := range t.cols {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}

// Lookup returns the table with the given file name ("nodes.csv").
func Lookup(name string) (Table, bool) {
	for _, t := range registry {
		if t.Name == name {
			return t, true
		}
	}
	return Table{}, false
}

// Tables returns every output table, in file order.
func Tables() []Table { return append([]Table(nil), registry...) }

// Names returns the file names of the output tables, in file order.
func Names() []string {
	out := make([]string, len(registry))
	for i, t := range registry {
		out[i] = t.Name
	}
	return out
}

// IsText reports whether column of the table named table ("nodes.csv")
// holds text (ids, names, kinds, flags) rather than numbers: such cells
// are always neutralised for spreadsheets, and a numeric threshold on
// them could never fail. It is false for unknown tables and columns.
func IsText(table, column string) bool {
	t, ok := Lookup(table)
	if !ok {
		return false
	}
	c, ok := t.Column(column)
	return ok && !c.JSONOnly && !c.Type.Numeric()
}

// Nodes is nodes.csv.
func Nodes() Table { return registry[0] }

// Clusters is clusters.csv.
func Clusters() Table { return registry[1] }

// Linkage is linkage.csv.
func Linkage() Table { return registry[2] }

// Reach is reach.csv.
func Reach() Table { return registry[3] }

// Resilience is resilience.csv.
func Resilience() Table { return registry[4] }

// KeyPlayers is keyplayers.csv.
func KeyPlayers() Table { return registry[5] }

// Risk is risk.csv (SPEC §6).
func Risk() Table { return registry[6] }

// Getter adapters for the registry.

type getter[T any] = func(a *network.Analysis, i int) T

// str is a text getter whose value is always defined.
func str(f getter[string]) func(*network.Analysis, int) (string, bool) {
	return func(a *network.Analysis, i int) (string, bool) { return f(a, i), true }
}

// whole is an integer getter whose value is always defined.
func whole(f getter[int64]) func(*network.Analysis, int) (int64, bool) {
	return func(a *network.Analysis, i int) (int64, bool) { return f(a, i), true }
}

// opt is an integer getter that is undefined for a negative value (−1
// marks "none").
func opt(f getter[int32]) func(*network.Analysis, int) (int64, bool) {
	return func(a *network.Analysis, i int) (int64, bool) { v := f(a, i); return int64(v), v >= 0 }
}

// boolean is a Bool getter.
func boolean(f getter[bool]) func(*network.Analysis, int) (int64, bool) {
	return func(a *network.Analysis, i int) (int64, bool) {
		if f(a, i) {
			return 1, true
		}
		return 0, true
	}
}

// nodeRef is the id of the node f gives, undefined for −1.
func nodeRef(f getter[int32]) func(*network.Analysis, int) (string, bool) {
	return func(a *network.Analysis, i int) (string, bool) {
		if k := f(a, i); k >= 0 {
			return a.Network.Nodes()[k].ID, true
		}
		return "", false
	}
}

// clusterRef is the id of the cluster f gives, undefined for −1.
func clusterRef(f getter[int32]) func(*network.Analysis, int) (string, bool) {
	return func(a *network.Analysis, i int) (string, bool) {
		if k := f(a, i); k >= 0 {
			return a.Network.Clusters()[k].ID, true
		}
		return "", false
	}
}

// hasGetter reports whether c has the getter its type needs.
func (c *Column) hasGetter() bool {
	switch c.Type {
	case Text, ID:
		return c.text != nil
	case Bool, Int, Long:
		return c.int != nil
	case Float:
		return c.float != nil
	case IDList:
		return c.list != nil
	case Attrs:
		return c.attrs != nil
	}
	return false
}

// IsDecimal reports whether s is a plain decimal number: an optional
// sign, digits with an optional fraction (or a fraction alone), and an
// optional exponent, e.g. -3.5, 1e-07, +2, .5. Every such text reads as
// a number in Go (strconv.ParseFloat), in Python (float()) and in a
// spreadsheet; hexadecimal floats (0x1p-2), digit separators (1_000),
// words (NaN, Inf) and spaces are not decimal numbers.
func IsDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	n := digits()
	if i < len(s) && s[i] == '.' {
		i++
		n += digits()
	}
	if n == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
