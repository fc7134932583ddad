package waves

import (
	"math"
	"strconv"
	"strings"

	"clusterchain/report"
)

// Change is one cell that differs between two versions of a table.
type Change struct {
	Table, Key, Column string
	Before, After      string
	// Change is After − Before when both are numbers, else empty.
	Change string
	// Row is RowVanished when the row is only in the old table, RowNew
	// when it is only in the new one, else empty.
	Row string
}

// The values of Change.Row.
const (
	RowVanished = "vanished"
	RowNew      = "new"
)

// Delta is the change as a threshold sees it: After − Before when both
// are numbers; for a row that vanished, the change to 0 (−Before), and
// for a new row the change from 0 (After). ok is false when the cells are
// not numbers.
func (c Change) Delta() (d float64, ok bool) {
	switch {
	case c.Change != "":
		d, err := strconv.ParseFloat(c.Change, 64)
		return d, err == nil
	case c.Row == RowVanished:
		x, err := strconv.ParseFloat(c.Before, 64)
		return -x, err == nil
	case c.Row == RowNew:
		x, err := strconv.ParseFloat(c.After, 64)
		return x, err == nil
	}
	return 0, false
}

// Cells returns the change as a person reads it: a vanished row's after
// cell is "(vanished)" and a new row's before cell "(new)", and the change
// is Delta.
func (c Change) Cells() (before, after, change string) {
	before, after, change = c.Before, c.After, c.Change
	switch c.Row {
	case RowVanished:
		after = "(vanished)"
	case RowNew:
		before = "(new)"
	}
	if d, ok := c.Delta(); ok && change == "" {
		change = report.Float(d)
	}
	return before, after, change
}

// ChangeColumns is the header of whatif.csv.
var ChangeColumns = []string{"table", "key", "column", "before", "after", "change"}

// rowKey joins a row's key cells with "/".
func rowKey(t report.Table, row []string) string { return strings.Join(row[:t.Keys], "/") }

// Rounding is the relative size below which a change is only rounding
// (SPEC, Conventions): two numbers of a column that differ by less than
// Rounding times the largest magnitude of that column, in either table,
// are the same figure computed along another path (a sum taken in
// another order, an iteration stopped a step apart), not a change.
const Rounding = 1e-12

// Diff lists every cell that differs between before and after, tables
// matched by name, rows by key and cells by column name: rows in the
// order of before, then rows only in after in their order; columns in
// header order. A row missing on one side shows as empty cells there. Two
// numbers that differ only by rounding (see Rounding) are not a change.
func Diff(before, after []report.Table) []Change {
	var out []Change
	for _, b := range before {
		var a report.Table
		for _, t := range after {
			if t.Name == b.Name {
				a = t
			}
		}
		out = append(out, diffTable(b, a)...)
	}
	return out
}

// scales returns, by column name, the largest magnitude of a number in
// that column of either table.
func scales(ts ...report.Table) map[string]float64 {
	m := map[string]float64{}
	for _, t := range ts {
		for i := t.Keys; i < len(t.Header); i++ {
			h := t.Header[i]
			for _, r := range t.Rows {
				if i >= len(r) || r[i] == "" {
					continue
				}
				if x, err := strconv.ParseFloat(r[i], 64); err == nil && !math.IsInf(x, 0) && !math.IsNaN(x) {
					m[h] = max(m[h], math.Abs(x))
				}
			}
		}
	}
	return m
}

func diffTable(b, a report.Table) []Change {
	name := b.Name
	col := map[string]int{}
	for i, h := range a.Header {
		col[h] = i
	}
	afterRows := make(map[string][]string, len(a.Rows))
	for _, r := range a.Rows {
		afterRows[rowKey(a, r)] = r
	}
	scale := scales(b, a)
	var out []Change
	cell := func(row []string, i int, ok bool) string {
		if !ok || row == nil || i >= len(row) {
			return ""
		}
		return row[i]
	}
	seen := make(map[string]bool, len(b.Rows))
	for _, br := range b.Rows {
		k := rowKey(b, br)
		seen[k] = true
		ar := afterRows[k]
		for i := b.Keys; i < len(b.Header); i++ {
			h := b.Header[i]
			j, ok := col[h]
			before, after := br[i], cell(ar, j, ok)
			if ar == nil {
				if before != "" {
					out = append(out, Change{Table: name, Key: k, Column: h, Before: before, Row: RowVanished})
				}
				continue
			}
			if before == after {
				continue
			}
			change, rounding := numericChange(before, after, scale[h])
			if !rounding {
				out = append(out, Change{Table: name, Key: k, Column: h, Before: before, After: after, Change: change})
			}
		}
	}
	for _, ar := range a.Rows {
		k := rowKey(a, ar)
		if seen[k] {
			continue
		}
		for i := a.Keys; i < len(a.Header); i++ {
			if ar[i] != "" {
				out = append(out, Change{Table: name, Key: k, Column: a.Header[i], After: ar[i], Row: RowNew})
			}
		}
	}
	return out
}

// numericChange returns after − before when both are numbers, and
// whether that difference is only rounding on a column whose largest
// magnitude is scale.
func numericChange(before, after string, scale float64) (change string, rounding bool) {
	x, err1 := strconv.ParseFloat(before, 64)
	y, err2 := strconv.ParseFloat(after, 64)
	if err1 != nil || err2 != nil {
		return "", false
	}
	d := y - x
	if math.Abs(d) <= Rounding*max(scale, math.Abs(x), math.Abs(y)) {
		return report.Float(d), true
	}
	return report.Float(d), false
}

// ChangesTable is whatif.csv: one row per changed cell.
func ChangesTable(name string, changes []Change) report.Table {
	t := report.Table{Name: name, Header: ChangeColumns, Keys: 3,
		Text: []bool{true, true, true, false, false, false}}
	for _, c := range changes {
		t.Rows = append(t.Rows, []string{c.Table, c.Key, c.Column, c.Before, c.After, c.Change})
	}
	return t
}
