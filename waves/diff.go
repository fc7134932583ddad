package waves

import (
	"clusterchain/report"
	"strconv"
	"strings"
)

// Change is one cell that differs between two versions of a table.
type Change struct {
	Table, Key, Column string
	Before, After      string
	// Change is After − Before when both are numbers, else empty.
	Change string
}

// ChangeColumns is the header of whatif.csv.
var ChangeColumns = []string{"table", "key", "column", "before", "after", "change"}

// rowKey joins a row's key cells with "/".
func rowKey(t report.Table, row []string) string { return strings.Join(row[:t.Keys], "/") }

// Diff lists every cell that differs between before and after, tables
// matched by name, rows by key and cells by column name: rows in the
// order of before, then rows only in after in their order; columns in
// header order. A row missing on one side shows as empty cells there.
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
			j, ok := col[b.Header[i]]
			before, after := br[i], cell(ar, j, ok)
			if before != after || ar == nil {
				if ar == nil && before == "" {
					continue
				}
				out = append(out, Change{name, k, b.Header[i], before, after, numericChange(before, after, ar != nil)})
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
				out = append(out, Change{name, k, a.Header[i], "", ar[i], ""})
			}
		}
	}
	return out
}

func numericChange(before, after string, present bool) string {
	if !present {
		return ""
	}
	x, err1 := strconv.ParseFloat(before, 64)
	y, err2 := strconv.ParseFloat(after, 64)
	if err1 != nil || err2 != nil {
		return ""
	}
	return report.Float(y - x)
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
