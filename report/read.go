package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"clusterchain/internal/csvsafe"
)

// tableKeys is the number of key columns of each output table.
var tableKeys = map[string]int{
	"nodes.csv": 1, "clusters.csv": 1, "linkage.csv": 2, "reach.csv": 2, "resilience.csv": 1,
}

// TableNames lists the output tables in file order.
func TableNames() []string {
	return []string{"nodes.csv", "clusters.csv", "linkage.csv", "reach.csv", "resilience.csv"}
}

// ReadTable reads a table written by Table.WriteCSV, undoing the
// spreadsheet neutralisation of its cells.
func ReadTable(r io.Reader, name string) (Table, error) {
	cr := csv.NewReader(r)
	recs, err := cr.ReadAll()
	if err != nil {
		return Table{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) == 0 {
		return Table{}, fmt.Errorf("%s: empty file", name)
	}
	keys, ok := tableKeys[name]
	if !ok {
		keys = 1
	}
	t := Table{Name: name, Header: recs[0], Keys: keys}
	if len(t.Header) < keys {
		return Table{}, fmt.Errorf("%s: %d columns, want at least %d", name, len(t.Header), keys)
	}
	for _, rec := range recs[1:] {
		for i, c := range rec {
			rec[i] = unText(c)
		}
		t.Rows = append(t.Rows, rec)
	}
	return t, nil
}

// unText undoes Text.
func unText(s string) string {
	return csvsafe.Unescape(s)
}

// ReadTables reads every output table present in fsys (an analysis
// output directory); tables that are absent are left out.
func ReadTables(fsys fs.FS) ([]Table, error) {
	var out []Table
	for _, name := range TableNames() {
		f, err := fsys.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		t, err := ReadTable(f, name)
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no output tables (nodes.csv, clusters.csv, …) found")
	}
	return out, nil
}
